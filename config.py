"""Configuration read from the environment. Importing this module has no side effects."""
import os
import tempfile
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
    # A pooled connection the database dropped (pg_terminate_backend, a restart) is found by a ping
    # at checkout and replaced, instead of failing the request that drew it.
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
    # How PostgreSQL plans this app's queries (workflow/__init__.py _planner_options); empty: the server's.
    PG_OPTIONS = os.environ.get("PG_OPTIONS", "-c random_page_cost=1.1 -c jit=off")
    REDIS_URL = os.environ.get("REDIS_URL")
    # Embedded default: a broker in a local SQLite file, so no server is needed.
    CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL") or REDIS_URL or f"sqla+sqlite:///{VAR_DIR / 'broker.db'}"
    CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND") or REDIS_URL or f"db+sqlite:///{VAR_DIR / 'results.db'}"
    RATELIMIT_STORAGE_URI = REDIS_URL or "memory://"
    BABEL_DEFAULT_LOCALE = "zh_Hans"
    BABEL_DEFAULT_TIMEZONE = "Asia/Shanghai"
    LANGUAGES = ("zh_Hans", "en")
    DEMO_MODE = _bool("DEMO_MODE", False)
    # The office's figures are kept this long per filter (services/figures_cache.py); 0: never.
    FIGURES_CACHE_SECONDS = int(os.environ.get("FIGURES_CACHE_SECONDS", "60"))
    # The header's task badges are counted afresh on the work list and after any change the user
    # makes; other pages show the user's last count for this long (web.py header_counts); 0: always.
    WORK_COUNTS_SECONDS = int(os.environ.get("WORK_COUNTS_SECONDS", "60"))
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = _bool("SESSION_COOKIE_SECURE", False)
    API_TOKEN_HOURS = int(os.environ.get("API_TOKEN_HOURS", "12"))
    LOGIN_LIMIT = os.environ.get("LOGIN_LIMIT", "10 per minute")  # attempts per address
    # Clues from citizens (issue 12) per address, portal and API together.
    CLUE_LIMIT = os.environ.get("CLUE_LIMIT", "5 per hour; 20 per day")
    # Reverse proxies in front of the application, each adding X-Forwarded-For: the client's address
    # (which logins are throttled by) is read from them. 0: the connection's address is the client's.
    PROXY_COUNT = int(os.environ.get("PROXY_COUNT", "0"))
    # Failed attempts per account and address: a back-off that never locks the owner out elsewhere.
    LOGIN_BACKOFF = os.environ.get("LOGIN_BACKOFF", "5 per minute; 20 per hour; 50 per day")
    WTF_CSRF_TIME_LIMIT = None
    MAX_CONTENT_LENGTH = 20 * 1024 * 1024
    # Attachments: stored under generated names here, never under the client's file name.
    UPLOAD_DIR = os.environ.get("UPLOAD_DIR") or str(VAR_DIR / "uploads")
    UPLOAD_MAX_BYTES = int(os.environ.get("UPLOAD_MAX_BYTES", str(10 * 1024 * 1024)))  # per file
    UPLOAD_TYPES = tuple(os.environ.get("UPLOAD_TYPES", "pdf,docx,xlsx,jpeg,png").split(","))
    ARGON2_TIME_COST = 3  # argon2-cffi's defaults (RFC 9106 low-memory profile)
    ARGON2_MEMORY_COST = 65536
    # E-mail. Without MAIL_SERVER, mail goes to the local mailbox admins read in the application.
    MAIL_SERVER = os.environ.get("MAIL_SERVER") or None
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "25"))
    MAIL_USE_TLS = _bool("MAIL_USE_TLS", False)  # STARTTLS
    MAIL_USE_SSL = _bool("MAIL_USE_SSL", False)  # SMTP over TLS (port 465)
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME") or None
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD") or None
    MAIL_DEFAULT_SENDER = os.environ.get("MAIL_DEFAULT_SENDER", "提案办理 <noreply@localhost>")
    MAIL_TIMEOUT = float(os.environ.get("MAIL_TIMEOUT", "30"))
    BASE_URL = os.environ.get("BASE_URL") or f"http://127.0.0.1:{os.environ.get('PORT', '5000')}"
    # Delivery of notifications: tries, backoff between them (seconds), a sender's lease on the
    # rows it sends (renewed while it sends), how long a pending row waits before the requeue job
    # sends it again, how often that job runs, and how long a sender keeps trying to write down
    # what it sent when the database dropped its connection. A killed sender's rows go out again
    # within NOTIFY_CLAIM_SECONDS + NOTIFY_REQUEUE_EVERY_SECONDS; lost tasks within
    # NOTIFY_REQUEUE_AFTER_SECONDS + NOTIFY_REQUEUE_EVERY_SECONDS.
    NOTIFY_MAX_ATTEMPTS = int(os.environ.get("NOTIFY_MAX_ATTEMPTS", "8"))
    NOTIFY_RETRY_SECONDS = float(os.environ.get("NOTIFY_RETRY_SECONDS", "60"))
    NOTIFY_RETRY_MAX_SECONDS = float(os.environ.get("NOTIFY_RETRY_MAX_SECONDS", "3600"))
    NOTIFY_CLAIM_SECONDS = float(os.environ.get("NOTIFY_CLAIM_SECONDS", "30"))
    NOTIFY_REQUEUE_AFTER_SECONDS = float(os.environ.get("NOTIFY_REQUEUE_AFTER_SECONDS", "30"))
    NOTIFY_REQUEUE_EVERY_SECONDS = float(os.environ.get("NOTIFY_REQUEUE_EVERY_SECONDS", "60"))
    NOTIFY_DB_RETRY_SECONDS = float(os.environ.get("NOTIFY_DB_RETRY_SECONDS", "30"))
    NOTIFY_BATCH = 50  # notifications per sender task
    # Text messages (workflow/sms): "local" writes them to SMS_LOCAL_FILE (read at /sms/phone),
    # "aliyun" sends them through Aliyun SMS, "off" keeps them waiting.
    SMS_GATEWAY = os.environ.get("SMS_GATEWAY", "local")
    SMS_LOCAL_FILE = os.environ.get("SMS_LOCAL_FILE") or str(VAR_DIR / "sms.jsonl")
    SMS_SIGNATURE = os.environ.get("SMS_SIGNATURE", "提案办理")  # the approved signature (SignName)
    SMS_TIMEOUT = float(os.environ.get("SMS_TIMEOUT", "10"))
    # A text sender's lease on its rows, renewed while it sends: longer than one message takes
    # (SMS_TIMEOUT). A killed sender's texts go again within it and one run of the requeue job.
    SMS_CLAIM_SECONDS = float(os.environ.get("SMS_CLAIM_SECONDS", "30"))
    SMS_ALIYUN_ENDPOINT = os.environ.get("SMS_ALIYUN_ENDPOINT", "https://dysmsapi.aliyuncs.com/")
    SMS_ALIYUN_ACCESS_KEY_ID = os.environ.get("SMS_ALIYUN_ACCESS_KEY_ID", "")
    SMS_ALIYUN_ACCESS_KEY_SECRET = os.environ.get("SMS_ALIYUN_ACCESS_KEY_SECRET", "")
    SMS_ALIYUN_REGION = os.environ.get("SMS_ALIYUN_REGION", "cn-hangzhou")
    SMS_ALIYUN_TEMPLATES = os.environ.get("SMS_ALIYUN_TEMPLATES", "{}")  # JSON: template key → TemplateCode
    ENQUEUE_TASKS = True  # hand new work (notifications, archives) to Celery at once
    SWEEP_LOCK_SECONDS = 600


class TestConfig(Config):
    TESTING = True
    WTF_CSRF_ENABLED = False
    RATELIMIT_ENABLED = True
    DEMO_MODE = True
    ARGON2_TIME_COST = 1  # fast hashes: the suite creates hundreds of users
    ARGON2_MEMORY_COST = 1024
    MAIL_SERVER = None  # tests that send over SMTP start a real server and set it
    ENQUEUE_TASKS = False  # tests hand work to a worker explicitly, or turn this on
    FIGURES_CACHE_SECONDS = 0  # tests read what they just wrote (tests/web/test_figures_cache.py turns it on)
    WORK_COUNTS_SECONDS = 0  # likewise (tests/web/test_header_counts.py turns it on)
    NOTIFY_RETRY_SECONDS = 0.5
    NOTIFY_RETRY_MAX_SECONDS = 2
    NOTIFY_CLAIM_SECONDS = 2
    SMS_CLAIM_SECONDS = 2
    NOTIFY_REQUEUE_AFTER_SECONDS = 0
    SMS_GATEWAY = "local"
    SMS_LOCAL_FILE = os.path.join(tempfile.gettempdir(), f"workflow-test-sms-{os.getpid()}.jsonl")
