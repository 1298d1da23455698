"""A free port on 127.0.0.1: for a server a test starts, or for one nobody listens on."""

from __future__ import annotations

from bot.web import free_port

__all__ = ["free_port"]
