"""Settings, read from the environment (and `.env`). Every one is documented in .env.example."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    database_url: str = "sqlite+aiosqlite:///data/kindergarten.db"
    calendar_corrections_file: Path = Path("data/calendar_corrections.csv")
    log_level: str = "INFO"

    bot_token: SecretStr | None = None
    telegram_api_url: str = ""  # empty = api.telegram.org; or a local Bot API server
    session_ttl_minutes: int = 120  # R1: a login lasts this long

    # EDS (R1, R10): whom to trust and how to check revocation.
    eds_trust_anchors: str = ""  # comma-separated CA certificate files or folders
    eds_crl_files: str = ""  # comma-separated CRL files or folders
    eds_ocsp_url: str = ""  # empty = no OCSP
    eds_allow_test_iin: bool = False  # NCA's test keys carry IIN 123456789011

    # Notifications (RULES.md reminders): the sweeps, Telegram's limits, e-mail.
    sweep_interval_seconds: float = 30.0
    notify_rate_per_second: float = 25.0  # Telegram allows about 30 messages a second per bot
    smtp_url: SecretStr | None = None  # empty = no e-mail; smtp://user:pass@host:587 or smtps://
    smtp_from: str = "kindergarten-bot@localhost"
    email_rate_per_second: float = 5.0

    # Superadministrators: Telegram user ids, comma-separated. They grant the other roles.
    admin_ids: str = ""

    # The bot's web app: health, metrics, the Telegram webhook, eGov Mobile's API №1 and №2.
    web_host: str = "127.0.0.1"
    web_port: int = 8080  # 0: any free port (it is logged)

    # Telegram's webhook: empty = long polling. The https address Telegram posts updates to,
    # e.g. https://bot.example.kz/telegram (the path is served by the web app).
    webhook_url: str = ""
    webhook_secret: SecretStr | None = None  # X-Telegram-Bot-Api-Secret-Token; required with it
    webhook_max_connections: int = 40

    # Redis for several chat instances: the conversation state, each user's one-at-a-time
    # handling and the handled updates are shared there. Empty: one chat process.
    redis_url: str = ""
    public_url: str = ""  # the https base eGov Mobile reaches, e.g. https://bot.example.kz
    # eGov Mobile signing: "direct" (API №1/№2 here), "relay" (through SIGEX) or "off".
    # Empty: "direct" when PUBLIC_URL is set, otherwise "off".
    egov_signing: Literal["direct", "relay", "off", ""] = ""
    egov_relay_url: str = "https://sigex.kz"
    org_name_kk: str = "Балабақшаға жолдама"
    org_name_ru: str = "Направление в детский сад"
    org_name_en: str = "Kindergarten referral"
    org_bin: str = ""
    # Key files and their passwords sent to the chat: the fallback to eGov Mobile.
    # Empty: allowed only while eGov Mobile signing is off.
    key_files_in_chat: bool | None = None

    @field_validator("key_files_in_chat", mode="before")
    @classmethod
    def _empty_is_default(cls, value: object) -> object:
        return None if value == "" else value

    @property
    def egov_mode(self) -> str:
        if self.egov_signing:
            return self.egov_signing
        return "direct" if self.public_url else "off"

    @property
    def key_files_allowed(self) -> bool:
        if self.key_files_in_chat is not None:
            return self.key_files_in_chat
        return self.egov_mode == "off"

    def superadmins(self) -> frozenset[int]:
        parts = [part.strip() for part in self.admin_ids.split(",") if part.strip()]
        bad = [part for part in parts if not part.lstrip("-").isdigit()]
        if bad:
            raise SystemExit(f"ADMIN_IDS must be Telegram user ids separated by commas, not {bad}")
        return frozenset(int(part) for part in parts)

    @staticmethod
    def paths(value: str) -> list[Path]:
        return [Path(part.strip()) for part in value.split(",") if part.strip()]
