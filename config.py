"""Configuration read from the environment. Importing this module has no side effects."""
import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("WORKFLOW_VAR_DIR", BASE_DIR / "var"))


def _bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-change-me")
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'workflow.db'}")
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}
    REDIS_URL = os.environ.get("REDIS_URL")
    # Embedded default: a broker in a local SQLite file, so no server is needed.
    CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL") or REDIS_URL or f"sqla+sqlite:///{VAR_DIR / 'broker.db'}"
    CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND") or REDIS_URL or f"db+sqlite:///{VAR_DIR / 'results.db'}"
    RATELIMIT_STORAGE_URI = REDIS_URL or "memory://"
    BABEL_DEFAULT_LOCALE = "zh_Hans"
    BABEL_DEFAULT_TIMEZONE = "Asia/Shanghai"
    LANGUAGES = ("zh_Hans", "en")
    DEMO_MODE = _bool("DEMO_MODE", False)
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = _bool("SESSION_COOKIE_SECURE", False)
    API_TOKEN_HOURS = int(os.environ.get("API_TOKEN_HOURS", "12"))
    LOGIN_LIMIT = os.environ.get("LOGIN_LIMIT", "10 per minute")
    WTF_CSRF_TIME_LIMIT = None
    MAX_CONTENT_LENGTH = 20 * 1024 * 1024
    ARGON2_TIME_COST = 3  # argon2-cffi's defaults (RFC 9106 low-memory profile)
    ARGON2_MEMORY_COST = 65536


class TestConfig(Config):
    TESTING = True
    WTF_CSRF_ENABLED = False
    RATELIMIT_ENABLED = True
    DEMO_MODE = True
    ARGON2_TIME_COST = 1  # fast hashes: the suite creates hundreds of users
    ARGON2_MEMORY_COST = 1024
