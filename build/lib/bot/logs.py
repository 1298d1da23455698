"""The log's setup. Some libraries put the data itself in their log lines — aiosqlite (DEBUG) and
SQLAlchemy's engine (INFO) log every query with its parameters: an IIN, a name, a phone number —
so those stay at WARNING whatever LOG_LEVEL says: even a DEBUG log of this bot carries no token,
signature or contact."""

from __future__ import annotations

import logging

DATA_IN_DEBUG = ("aiosqlite", "asyncpg", "sqlalchemy.engine")


def keep_data_out_of_logs(level: int | str) -> None:
    floor = max(logging.WARNING, logging.getLevelName(level) if isinstance(level, str) else level)
    for name in DATA_IN_DEBUG:
        logging.getLogger(name).setLevel(floor)


def configure_logging(level: str) -> None:
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    keep_data_out_of_logs(level)
