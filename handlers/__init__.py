"""The chat's routers, in the order they are asked: commands and steps first, the fallback last."""

from __future__ import annotations

from aiogram import Router

from handlers import (
    admin_applications,
    admin_broadcast,
    admin_imports,
    admin_places,
    admin_reports,
    attach,
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
    # The journal and the card first: the most frequent screens, and each router asked before
    # the one that answers costs ~25 µs (bench/README.md, "chat").
    journal.router,
    # The menu buttons and commands come before the conversation steps, so that pressing one in
    # the middle of a step is never taken for the step's answer (a password, say).
    start.router,
    settings.router,
    referral.router,
    choose.router,
    attach.router,
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
    # Errors and membership changes are events of their own: where they stand changes nothing.
    errors.router,
    membership.router,
    fallback.router,
)


def include_routers(dispatcher: Router) -> None:
    """The modules' routers straight under the dispatcher (a root router between them would be
    one more level for every update to pass). A router can have one parent: one attached before
    (a previous dispatcher in the same process, as in tests) lets go of them first."""
    for router in ORDER:
        previous = router.parent_router
        if previous is not None:
            previous.sub_routers.remove(router)
            router._parent_router = None
    dispatcher.include_routers(*ORDER)
