"""The chat's routers, in the order they are asked: commands and steps first, the fallback last."""

from __future__ import annotations

from aiogram import Router

from handlers import (
    admin_applications,
    admin_broadcast,
    admin_imports,
    admin_places,
    admin_reports,
    auth,
    choose,
    errors,
    fallback,
    journal,
    kindergarten_staff,
    membership,
    referral,
    roles,
    settings,
    sign,
    start,
)

ORDER = (
    # The menu buttons and commands come before the conversation steps, so that pressing one in
    # the middle of a step is never taken for the step's answer (a password, say).
    errors.router,
    membership.router,
    start.router,
    settings.router,
    journal.router,
    referral.router,
    choose.router,
    auth.router,
    sign.router,
    # Staff and administrators: their filters ask for the role, so to anyone else these
    # commands fall through to the fallback like any unknown command.
    roles.router,
    kindergarten_staff.router,
    admin_places.router,
    admin_applications.router,
    admin_imports.router,
    admin_reports.router,
    admin_broadcast.router,
    fallback.router,
)


def root_router() -> Router:
    """A fresh root over the modules' routers. A router can have one parent: one built before
    (a previous dispatcher in the same process, as in tests) lets go of them first."""
    root = Router(name="handlers")
    for router in ORDER:
        previous = router.parent_router
        if previous is not None:
            previous.sub_routers.remove(router)
            router._parent_router = None
    root.include_routers(*ORDER)
    return root
