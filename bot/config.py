"""Settings, read from the environment (and `.env`). Every one is documented in .env.example."""

from __future__ import annotations

from pathlib import Path

from pydantic import SecretStr
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

    def superadmins(self) -> frozenset[int]:
        parts = [part.strip() for part in self.admin_ids.split(",") if part.strip()]
        bad = [part for part in parts if not part.lstrip("-").isdigit()]
        if bad:
            raise SystemExit(f"ADMIN_IDS must be Telegram user ids separated by commas, not {bad}")
        return frozenset(int(part) for part in parts)

    @staticmethod
    def paths(value: str) -> list[Path]:
        return [Path(part.strip()) for part in value.split(",") if part.strip()]
