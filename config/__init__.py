"""Settings, read from the environment (nothing secret lives in the repo).

TIMELINE_DATABASE_URL   SQLAlchemy URL; default: a SQLite file in the instance folder
TIMELINE_INSTANCE_PATH  folder for the default database (default: ./instance)
TIMELINE_LOG_LEVEL      logging level name (default: INFO)
TIMELINE_API_TOKEN      bearer token required for API writes (unset: writes disabled)
TIMELINE_READ_TOKEN_REQUIRED  "1" to require the token for reads too
TIMELINE_CORS_ORIGINS   comma-separated origins allowed to call the API ("*" for any)
TIMELINE_MAX_CONTENT_LENGTH   largest accepted request body in bytes (default 5 MB)
TIMELINE_ALLOW_PRIVATE_LINKS  "1" to let ingest fetch feed links on private addresses (docs/security.md)
TIMELINE_PUBLIC_URL     where clients reach the API (https://timeline.example.org): `next` links are
                        absolute with it, relative (/api/v1/...) without; never from the Host header
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Mapping
from urllib.parse import urlsplit


def _default_instance_path() -> Path:
    return Path(os.getcwd()) / "instance"


@dataclass(frozen=True)
class Settings:
    database_url: str
    instance_path: Path
    log_level: str = "INFO"
    api_token: str | None = None
    read_token_required: bool = False
    cors_origins: tuple[str, ...] = ()
    max_content_length: int = 5 * 1024 * 1024
    allow_private_links: bool = False
    public_url: str | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)

    def with_overrides(self, **changes: Any) -> "Settings":
        return replace(self, **changes)


class SettingsError(ValueError):
    """An environment variable holds a value the timeline cannot use; the message names it."""


def _int(env: Mapping[str, str], name: str, default: int) -> int:
    raw = (env.get(name) or "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SettingsError(f"{name} must be a whole number, got {raw!r}") from None
    if value <= 0:
        raise SettingsError(f"{name} must be more than 0, got {raw!r}")
    return value


def _public_url(env: Mapping[str, str]) -> str | None:
    raw = (env.get("TIMELINE_PUBLIC_URL") or "").strip()
    if not raw:
        return None
    parts = urlsplit(raw)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise SettingsError(f"TIMELINE_PUBLIC_URL must be an http(s) URL such as https://timeline.example.org, "
                            f"got {raw!r}")
    return raw.rstrip("/")


def _truthy(value: str | None) -> bool:
    return (value or "").strip().lower() in {"1", "true", "yes", "on"}


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """Build settings from environment variables, with sane defaults."""
    env = os.environ if environ is None else environ
    instance = Path(env.get("TIMELINE_INSTANCE_PATH") or _default_instance_path())
    url = env.get("TIMELINE_DATABASE_URL") or f"sqlite:///{instance / 'timeline.sqlite3'}"
    origins = tuple(o.strip() for o in env.get("TIMELINE_CORS_ORIGINS", "").split(",") if o.strip())
    return Settings(
        database_url=url,
        instance_path=instance,
        log_level=(env.get("TIMELINE_LOG_LEVEL") or "INFO").upper(),
        api_token=env.get("TIMELINE_API_TOKEN") or None,
        read_token_required=_truthy(env.get("TIMELINE_READ_TOKEN_REQUIRED")),
        cors_origins=origins,
        max_content_length=_int(env, "TIMELINE_MAX_CONTENT_LENGTH", 5 * 1024 * 1024),
        allow_private_links=_truthy(env.get("TIMELINE_ALLOW_PRIVATE_LINKS")),
        public_url=_public_url(env),
    )
