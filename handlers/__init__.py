"""The chat's routers, in the order they are asked: commands and steps first, the fallback last.
Each module builds its router afresh (`router()`), so every dispatcher gets its own: a router
can belong to one parent only, and tests and the playground build several in one process."""

from __future__ import annotations

from aiogram import Router

from handlers import (
    admin_applications,
    admin_broadcast,
    admin_imports,
    admin_places,
    admin_reports,
    alerts,
    attach,
    auth,
    choose,
    egov,
    errors,
    fallback,
    journal,
    kindergarten_staff,
    membership,
    nearby,
    referral,
    roles,
    session,
    settings,
    sign,
    start,
)

ORDER = (
    # The journal and the card first: the most frequent screens, and each router asked before
    # the one that answers costs ~25 µs (bench/README.md, "chat").
    journal,
    # The menu buttons and commands come before the conversation steps, so that pressing one in
    # the middle of a step is never taken for the step's answer (a password, say).
    start,
    # eGov Mobile's signing messages, and the refusal of key files where none are accepted:
    # before the steps that would take a key file.
    egov,
    settings,
    alerts,
    referral,
    choose,
    nearby,
    attach,
    auth,
    sign,
    # What a logged-in parent would have got, for a chat nobody is logged in to.
    session,
    # Staff and administrators: their filters ask for the role, so to anyone else these
    # commands fall through to the fallback like any unknown command.
    roles,
    kindergarten_staff,
    admin_places,
    admin_applications,
    admin_imports,
    admin_reports,
    admin_broadcast,
    # Errors and membership changes are events of their own: where they stand changes nothing.
    errors,
    membership,
    fallback,
)


def include_routers(dispatcher: Router) -> None:
    """The modules' routers straight under the dispatcher (a root router between them would be
    one more level for every update to pass)."""
    dispatcher.include_routers(*(module.router() for module in ORDER))
