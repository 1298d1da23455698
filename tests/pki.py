"""The demo PKI used by the tests, and the parents it has keys for."""

from __future__ import annotations

from datetime import date

from services.eds.demo_pki import DemoHolder
from tests.fakes.clock import almaty
from tests.scenario import new_iin

DEMO_NOW = almaty(2026, 4, 6, 10)
HOLDER = DemoHolder(new_iin(date(1990, 4, 12), male=False), "СЕЙТҚАЛИЕВА", "АЙГҮЛ", "МАРАТҚЫЗЫ")
STRANGER = DemoHolder(new_iin(date(1985, 2, 3)), "НҰРЛАНОВ", "ЕРЛАН", "СЕРІКҰЛЫ")
