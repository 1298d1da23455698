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
