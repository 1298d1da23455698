"""The webhook's settings hold together before anything starts (the production issue, point 1):
a secret by Telegram's rule, https unless a local Bot API server is used."""

from __future__ import annotations

import pytest

from bot.chat import ChatSettingsError, check_webhook
from bot.config import Settings


def settings(**values: object) -> Settings:
    return Settings(bot_token="1:T", **values)  # type: ignore[arg-type]


def test_a_webhook_needs_a_secret_by_telegram_s_rule() -> None:
    for secret in (None, "", "has space", "x" * 257, "кириллица"):
        with pytest.raises(ChatSettingsError, match="WEBHOOK_SECRET"):
            check_webhook(settings(webhook_url="https://bot.example.kz/t", webhook_secret=secret))
    good = settings(webhook_url="https://bot.example.kz/t", webhook_secret="Ab_9-" * 10)
    assert check_webhook(good) == "Ab_9-" * 10


def test_plain_http_only_with_a_local_bot_api_server() -> None:
    with pytest.raises(ChatSettingsError, match="https"):
        check_webhook(settings(webhook_url="http://127.0.0.1:8081/t", webhook_secret="s"))
    local = settings(
        webhook_url="http://127.0.0.1:8081/t",
        webhook_secret="s",
        telegram_api_url="http://127.0.0.1:8081",
    )
    assert check_webhook(local) == "s"
