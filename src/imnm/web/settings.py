"""The web app's settings, read from environment variables (documented in the README, "Web app")."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field

ENV_SECRET = "IMNM_SECRET_KEY"
ENV_HOSTS = "IMNM_ALLOWED_HOSTS"
ENV_MAX_BODY = "IMNM_MAX_BODY_BYTES"
ENV_SECURE = "IMNM_COOKIE_SECURE"

DEFAULT_HOSTS = ("localhost", "127.0.0.1", "[::1]")


@dataclass
class Settings:
    """``database_url`` None means exactly what the CLI uses (``IMNM_DATABASE_URL`` or the user's SQLite)."""

    database_url: str | None = None
    secret_key: str = field(default_factory=lambda: secrets.token_hex(32))
    allowed_hosts: list[str] = field(default_factory=lambda: list(DEFAULT_HOSTS))
    max_body_bytes: int = 1_000_000
    session_hours: float = 8.0
    always_secure_cookies: bool = False
    login_failures_allowed: int = 5  # failed sign-ins per user name and address ...
    login_window_minutes: float = 15.0  # ... within this window; then 429 until the oldest one ages out

    @classmethod
    def from_env(cls) -> Settings:
        env = os.environ
        hosts = [h.strip() for h in env.get(ENV_HOSTS, "").split(",") if h.strip()]
        return cls(
            database_url=env.get("IMNM_DATABASE_URL") or None,
            secret_key=env.get(ENV_SECRET) or secrets.token_hex(32),
            allowed_hosts=hosts or list(DEFAULT_HOSTS),
            max_body_bytes=int(env.get(ENV_MAX_BODY) or 1_000_000),
            always_secure_cookies=env.get(ENV_SECURE, "") not in ("", "0"),
        )
