"""The demo parents: `python -m bot demo-keys` makes their EDS keys, the demo data set gives
them applications at the head of their queues."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from services.iin import make_iin


@dataclass(frozen=True)
class DemoParent:
    """A demo parent for whom `python -m bot demo-keys` makes EDS keys."""

    iin: str
    surname: str
    name: str
    patronymic: str
    female: bool


def valid_iin(born: date, *, male: bool, rng: random.Random) -> str:
    while True:
        iin = make_iin(born, male=male, serial=rng.randrange(1, 10000))
        if iin is not None:
            return iin


def _demo_parents() -> list[DemoParent]:
    rng = random.Random(2026)
    return [
        DemoParent(
            valid_iin(date(1990, 4, 12), male=False, rng=rng),
            "Сейтқалиева",
            "Айгүл",
            "Маратқызы",
            True,
        ),
        DemoParent(
            valid_iin(date(1987, 11, 3), male=True, rng=rng),
            "Нұрланов",
            "Ерлан",
            "Серікұлы",
            False,
        ),
        DemoParent(
            valid_iin(date(1992, 6, 25), male=False, rng=rng), "Иванова", "Ольга", "Петровна", True
        ),
        DemoParent(
            valid_iin(date(1989, 1, 30), male=True, rng=rng),
            "Сейтқали",
            "Марат",
            "Асқарұлы",
            False,
        ),
    ]


DEMO_PARENTS = _demo_parents()
