"""Settings for both shapes of Vigilance, read once from the environment.

The embedded shape (default) runs on SQLite under ``var/`` with background work done in-process;
the production shape requires its secrets and services and refuses to start without them.
"""

from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from vigilance import settings_checks
from vigilance.core.secrets import embedded_secret

BASE_DIR = Path(__file__).resolve().parent
REPO_DIR = BASE_DIR.parent.parent

env = environ.Env()
environ.Env.read_env(REPO_DIR / ".env") if (REPO_DIR / ".env").exists() else None

VIGILANCE_SHAPE = env.str("VIGILANCE_SHAPE", default="embedded")
if VIGILANCE_SHAPE not in {"embedded", "production"}:
    raise ImproperlyConfigured("VIGILANCE_SHAPE must be 'embedded' or 'production'.")
EMBEDDED = VIGILANCE_SHAPE == "embedded"

VAR_DIR = Path(env.str("VIGILANCE_VAR_DIR", default=str(REPO_DIR / "var")))


# What the production shape finds wrong, gathered so that start-up names every problem at once.
_problems: list[str] = []


def _secret(name: str) -> str:
    """A secret from the environment; in the embedded shape, one generated and kept under var/."""
    if name in env.ENVIRON:
        return env.str(name)
    if not EMBEDDED:
        return ""  # reported as missing by the checks at the end of this file
    return embedded_secret(VAR_DIR, name)


SECRET_KEY = _secret("SECRET_KEY")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
PUBLIC_BASE_URL = env.str("PUBLIC_BASE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    "vigilance.accounts.apps.StaffAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "ninja",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "vigilance.core",
    "vigilance.audit",
    "vigilance.accounts",
    "vigilance.directory",
    "vigilance.evidence",
    "vigilance.indicators",
    "vigilance.intake",
    "vigilance.cases",
    "vigilance.requisitions",
    "vigilance.alerts",
    "vigilance.stats",
    "vigilance.exchange",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before anything reads the database: which server this request's reads may use.
    "vigilance.core.replica.ReadAfterWriteMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "vigilance.core.middleware.RejectNullCharactersMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "vigilance.accounts.middleware.PasswordRenewalMiddleware",
    "vigilance.audit.context.AuditAddressMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "vigilance.core.middleware.PolicyOnceCSPMiddleware",
    "vigilance.core.middleware.SecurityHeadersMiddleware",
    "vigilance.core.middleware.RateLimitedMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "vigilance.urls"
WSGI_APPLICATION = "vigilance.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "vigilance.core.context_processors.platform",
            ],
            # The date filter of every template writes the French "1er" of the month.
            "builtins": ["vigilance.formats.filters"],
        },
    }
]

DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'vigilance.sqlite3'}")
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers proceed during a write; IMMEDIATE takes the write lock up front so two
    # submissions queue instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;",
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # Parameters travel beside the statement instead of being quoted into its text by Python
    # (decision 0051): no value is ever part of a statement's text, and a filing costs the web
    # process 3.6 % fewer instructions.
    DATABASES["default"].setdefault("OPTIONS", {})["server_side_binding"] = True
    # Django leaves psycopg's prepared statements off (None), which also ignores a statement's
    # own ``prepare=True``. A threshold no query reaches keeps preparation to the statements
    # that ask for it (the public look-up's read, indicators/lookup.py).
    DATABASES["default"]["OPTIONS"]["prepare_threshold"] = 2**31 - 1
# PgBouncer in transaction mode between the app and PostgreSQL (docs/operations.md, "PgBouncer"):
# a transaction may run on any server connection, so no named cursor and no prepared statement
# may outlive it. Persistent connections stay (they are to PgBouncer, and cheap).
DATABASE_POOLER = env.str("DATABASE_POOLER", default="")
if (
    DATABASE_POOLER == "pgbouncer"
    and DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3"
):
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
    DATABASES["default"].setdefault("OPTIONS", {})["prepare_threshold"] = None
# A streaming replica for the reads that may lag a little (core/replica.py).
if env.str("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = {
        **DATABASES["default"],
        **env.db_url("DATABASE_REPLICA_URL"),
        "TEST": {"MIRROR": "default"},
    }
    # A stopped replica must cost a page little: give up connecting after 2 seconds.
    DATABASES["replica"]["OPTIONS"] = {
        **DATABASES["default"].get("OPTIONS", {}),
        "connect_timeout": env.int("DATABASE_REPLICA_CONNECT_TIMEOUT", default=2),
    }
DATABASE_ROUTERS = ["vigilance.core.replica.ReplicaRouter"]
# After a successful write, a person reads from the primary for this long (a signed cookie).
REPLICA_STICKY_SECONDS = env.int("REPLICA_STICKY_SECONDS", default=30)
# A replica further behind than this serves nothing; its health is asked this often per process.
REPLICA_MAX_LAG_SECONDS = env.float("REPLICA_MAX_LAG_SECONDS", default=30.0)
REPLICA_HEALTH_SECONDS = env.float("REPLICA_HEALTH_SECONDS", default=5.0)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if not EMBEDDED and not REDIS_URL:
    _problems.append("REDIS_URL must be set.")

# The in-process broker is named with a host: kombu warns about a broker URL without one even
# though the embedded shape runs its tasks eagerly and never connects.
CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = "UTC"
# How often the audit chain is checkpointed: by beat in production, by the web server's own clock
# in the embedded shape (see AUDIT_KEYS below).
AUDIT_CHECKPOINT_SECONDS = env.float("AUDIT_CHECKPOINT_SECONDS", default=60.0)
# Periodic work, run by `celery -A vigilance beat` in the production shape.
CELERY_BEAT_SCHEDULE = {
    "sweep-unsent-confirmations": {
        "task": "vigilance.intake.tasks.sweep_unsent_confirmations",
        "schedule": 5 * 60.0,
    },
    "verify-evidence": {
        "task": "vigilance.evidence.tasks.verify_evidence_batch",
        "schedule": 24 * 60 * 60.0,
    },
    "purge-abandoned-evidence": {
        "task": "vigilance.evidence.tasks.purge_abandoned_evidence",
        "schedule": 60 * 60.0,
    },
    "audit-checkpoint": {
        "task": "vigilance.audit.tasks.audit_checkpoint_write",
        "schedule": AUDIT_CHECKPOINT_SECONDS,
    },
    "workspace-daily-digest": {
        "task": "vigilance.cases.tasks.send_daily_digests",
        "schedule": crontab(hour=6, minute=30),
    },
    "workspace-deadlines-due": {
        "task": "vigilance.cases.tasks.notify_deadlines_due",
        "schedule": 60 * 60.0,
    },
    "requisition-deadlines": {
        "task": "vigilance.requisitions.tasks.act_on_deadlines",
        "schedule": 5 * 60.0,
    },
    "flush-lookup-tallies": {
        "task": "vigilance.indicators.tasks.flush_lookup_tallies",
        "schedule": 60.0,
    },
    "statistics-refresh": {
        "task": "vigilance.stats.tasks.statistics_refresh",
        "schedule": 10 * 60.0,
    },
}

# The audit keys (secrets the database never holds) seal every event and sign the checkpoints
# (count + last hash) appended to a file outside the database, so that whoever rewrites the
# database alone can neither forge an event nor cut the tail unnoticed. The first key seals and
# signs; the others still verify (rotation). The embedded shape keeps its key under var/, by the
# name it had when it signed only checkpoints.
AUDIT_KEYS = env.list("AUDIT_KEYS", default=[]) or (
    [embedded_secret(VAR_DIR, "AUDIT_CHECKPOINT_KEY")] if EMBEDDED else []
)
AUDIT_CHECKPOINT_PATH = Path(
    env.str("AUDIT_CHECKPOINT_PATH", default=str(VAR_DIR / "audit" / "checkpoints.jsonl"))
)

AUTH_USER_MODEL = "accounts.User"
# Axes first: it refuses a locked-out username+address before the password is even checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Africa/Douala"
# Day, month, year and a 24-hour clock in both languages; date inputs take ISO dates first.
FORMAT_MODULE_PATH = ["vigilance.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = EMBEDDED

# Evidence: encrypted at rest; the first key encrypts, every key decrypts (rotation).
EVIDENCE_ROOT = Path(env.str("EVIDENCE_ROOT", default=str(VAR_DIR / "media" / "evidence")))
EVIDENCE_KEYS = env.list("EVIDENCE_KEYS", default=[]) or [_secret("EVIDENCE_KEY")]
EVIDENCE_MAX_BYTES = env.int("EVIDENCE_MAX_BYTES", default=10 * 1024 * 1024)
EVIDENCE_MAX_FILES = env.int("EVIDENCE_MAX_FILES", default=10)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 400

# Receipts are signed (PAdES) with the platform's certificate.
SIGNING_CERTIFICATE = Path(
    env.str("SIGNING_CERTIFICATE", default=str(VAR_DIR / "pki" / "platform.p12"))
)
SIGNING_CERTIFICATE_PASSPHRASE = (
    env.str("SIGNING_CERTIFICATE_PASSPHRASE", default="")
    if not EMBEDDED or "SIGNING_CERTIFICATE_PASSPHRASE" in env.ENVIRON
    else embedded_secret(VAR_DIR, "SIGNING_CERTIFICATE_PASSPHRASE")
)

# Receipts are made once per report and kept; how many one process renders at once, and how long
# a request waits for a free slot before a 503 asks the reporter to try again.
RECEIPT_RENDER_CONCURRENCY = env.int("RECEIPT_RENDER_CONCURRENCY", default=2)
RECEIPT_RENDER_WAIT_SECONDS = env.float("RECEIPT_RENDER_WAIT_SECONDS", default=20.0)

# Outgoing messages: console/file backends in the embedded shape, SMTP and an HTTP gateway in production.
EMAIL_BACKEND = env.str(
    "EMAIL_BACKEND",
    default="django.core.mail.backends.filebased.EmailBackend"
    if EMBEDDED
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_FILE_PATH = Path(env.str("EMAIL_FILE_PATH", default=str(VAR_DIR / "outbox" / "mail")))
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Vigilance <no-reply@vigilance.cm>")
SMS_BACKEND = env.str(
    "SMS_BACKEND",
    default="vigilance.core.sms.FileSMSBackend"
    if EMBEDDED
    else "vigilance.core.sms.HttpSMSBackend",
)
SMS_FILE_PATH = Path(env.str("SMS_FILE_PATH", default=str(VAR_DIR / "outbox" / "sms")))
SMS_GATEWAY_URL = env.str("SMS_GATEWAY_URL", default="")
SMS_GATEWAY_TOKEN = env.str("SMS_GATEWAY_TOKEN", default="")
SMS_SENDER = env.str("SMS_SENDER", default="VIGILANCE")

HELPLINE = env.str("HELPLINE", default="1500")

# Rate limits on public endpoints ("count/period"), per address and for the whole platform.
RATELIMIT_ENABLE = env.bool("RATELIMIT_ENABLE", default=True)
RATELIMIT_IP_META_KEY = env.str("RATELIMIT_IP_META_KEY", default=None) or None
# Every process must count in one place: Redis when there is one, else one SQLite file.
RATELIMIT_REDIS_URL = env.str("RATELIMIT_REDIS_URL", default=REDIS_URL)
RATELIMIT_COUNTERS_PATH = Path(
    env.str("RATELIMIT_COUNTERS_PATH", default=str(VAR_DIR / "ratelimit.sqlite3"))
)
RATE_SUBMIT_PER_IP = env.str("RATE_SUBMIT_PER_IP", default="20/h")
RATE_SUBMIT_GLOBAL = env.str("RATE_SUBMIT_GLOBAL", default="5000/m")
RATE_FOLLOW_PER_IP = env.str("RATE_FOLLOW_PER_IP", default="60/h")
RATE_FOLLOW_GLOBAL = env.str("RATE_FOLLOW_GLOBAL", default="10000/m")
RATE_LOOKUP_PER_IP = env.str("RATE_LOOKUP_PER_IP", default="600/h")
RATE_LOOKUP_GLOBAL = env.str("RATE_LOOKUP_GLOBAL", default="20000/m")
RATE_FRAUD_LIST_PER_KEY = env.str("RATE_FRAUD_LIST_PER_KEY", default="120/h")

# Correlation: how many distinct reporters make a value "reported" on the public check, and how
# many reports one value links before further links are only counted (very common values).
LOOKUP_MIN_REPORTERS = env.int("LOOKUP_MIN_REPORTERS", default=3)
INDICATOR_LINK_CAP = env.int("INDICATOR_LINK_CAP", default=1000)
# How long a web process adds up public look-ups before sending them to Redis in one go.
LOOKUP_TALLY_BUFFER_SECONDS = env.float("LOOKUP_TALLY_BUFFER_SECONDS", default=2.0)

# Security headers and cookies.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# No script reads the token from the cookie: forms carry it in a hidden field.
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=30 * 60)
SESSION_SAVE_EVERY_REQUEST = True
HTTPS = env.bool("HTTPS", default=not EMBEDDED)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
CSRF_FAILURE_VIEW = "vigilance.core.views.csrf_failure"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # One clock for every line, the web server's included (deploy/gunicorn.embedded.py): UTC.
    "formatters": {
        "plain": {
            "class": "vigilance.core.log_format.UTCFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s",
        }
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        # In-process tasks of the embedded shape would log one line per report.
        "celery.app.trace": {"level": "WARNING" if EMBEDDED else "INFO"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
# Staff sign-in: a password and a one-time code (TOTP, or a single-use backup code); 5 failures
# from one address on one username lock that pair out for the cool-off period.
OTP_TOTP_ISSUER = "Vigilance"
AXES_FAILURE_LIMIT = 5
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_COOLOFF_TIME = env.int("AXES_COOLOFF_MINUTES", default=30) / 60  # in hours
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "vigilance.accounts.views.locked_out"
AXES_CLIENT_IP_CALLABLE = "vigilance.accounts.views.client_address"
# Per-account back-off, whatever the address: after this many failures in a row for one username,
# signing in to it pauses, first for SIGN_IN_BACKOFF_FIRST_SECONDS, doubling with each further
# failure up to SIGN_IN_BACKOFF_LONGEST_SECONDS; a complete sign-in clears it.
SIGN_IN_BACKOFF_FAILURES = env.int("SIGN_IN_BACKOFF_FAILURES", default=10)
SIGN_IN_BACKOFF_FIRST_SECONDS = env.int("SIGN_IN_BACKOFF_FIRST_SECONDS", default=60)
SIGN_IN_BACKOFF_LONGEST_SECONDS = env.int("SIGN_IN_BACKOFF_LONGEST_SECONDS", default=3600)
# A username's count is forgotten after this many hours without a failure (hourly job).
SIGN_IN_BACKOFF_FORGET_HOURS = env.int("SIGN_IN_BACKOFF_FORGET_HOURS", default=24)
CELERY_BEAT_SCHEDULE["purge-sign-in-backoffs"] = {
    "task": "vigilance.accounts.tasks.purge_sign_in_backoffs",
    "schedule": 60 * 60.0,
}
REPORT_RETENTION_YEARS = env.int("REPORT_RETENTION_YEARS", default=10)
# How long each process keeps the reference data (categories, regions) before reading it again.
REFERENCE_CACHE_SECONDS = env.int("REFERENCE_CACHE_SECONDS", default=60)

# The production shape starts only with settings that work: every secret present and strong, the
# keys and the certificate usable, the mail and SMS services named.
if not EMBEDDED:
    _problems += [
        problem
        for problem in (
            settings_checks.database_problem(
                is_set="DATABASE_URL" in env.ENVIRON, engine=DATABASES["default"]["ENGINE"]
            ),
            settings_checks.secret_key_problem(SECRET_KEY),
            "DEBUG must be false." if DEBUG else None,
            settings_checks.evidence_keys_problem(EVIDENCE_KEYS),
            settings_checks.audit_keys_problem(AUDIT_KEYS),
            settings_checks.signing_certificate_problem(
                SIGNING_CERTIFICATE, SIGNING_CERTIFICATE_PASSPHRASE
            ),
            settings_checks.mail_problem(
                backend=EMAIL_BACKEND,
                host_is_set="EMAIL_HOST" in env.ENVIRON,
                sender=DEFAULT_FROM_EMAIL,
            ),
            settings_checks.sms_problem(
                backend=SMS_BACKEND, gateway_url=SMS_GATEWAY_URL, gateway_token=SMS_GATEWAY_TOKEN
            ),
        )
        if problem
    ]
    if _problems:
        raise ImproperlyConfigured(
            "The production shape refuses to start:\n- " + "\n- ".join(_problems)
        )

# Wallet freezes: the issuer's answer is due within this many hours; a loss above the threshold
# (XAF) waits for a supervisor's approval before the freeze is sent.
FREEZE_DEADLINE_HOURS = env.float("FREEZE_DEADLINE_HOURS", default=4.0)
FREEZE_APPROVAL_THRESHOLD_XAF = env.int("FREEZE_APPROVAL_THRESHOLD_XAF", default=1_000_000)
# Freezes proposed from a report: a fraud whose money moved less than this many hours ago (from
# the payment SMS's time, else the report's arrival) proposes one at triage; a loss of at least
# FREEZE_IMMEDIATE_XAF proposes one at the report's arrival, for a supervisor to approve.
FREEZE_PROPOSAL_WINDOW_HOURS = env.float("FREEZE_PROPOSAL_WINDOW_HOURS", default=72.0)
FREEZE_IMMEDIATE_XAF = env.int("FREEZE_IMMEDIATE_XAF", default=500_000)
# The arrivals whose freeze proposal was missed (its job lost with the broker, or failed).
CELERY_BEAT_SCHEDULE["sweep-arrivals-awaiting-freeze"] = {
    "task": "vigilance.requisitions.tasks.sweep_arrivals_awaiting_freeze",
    "schedule": 5 * 60.0,
}

# Takedowns of child sexual abuse material: the unit (code) that approves them and alone, with
# the addressee's responders, reads their links in full.
TAKEDOWN_CHILD_ABUSE_UNIT = env.str("TAKEDOWN_CHILD_ABUSE_UNIT", default="dgsn-minors")

# Requisitions: the addressee's responders are reminded this many hours before the deadline
# (never earlier than half the time given); a freeze, at half its time.
REQUISITION_REMINDER_BEFORE_HOURS = {
    "normal": env.float("REQUISITION_REMINDER_BEFORE_HOURS", default=24.0),
    "urgent": env.float("REQUISITION_URGENT_REMINDER_BEFORE_HOURS", default=2.0),
}
if min(REQUISITION_REMINDER_BEFORE_HOURS.values()) <= 0:
    raise ImproperlyConfigured("REQUISITION_*REMINDER_BEFORE_HOURS must be above zero.")

# Scam-wave detection (docs/decisions/0019, docs/operations.md): a subject's last 24 hours make
# a wave when they reach WAVE_MIN_REPORTS (WAVE_REGION_MIN_REPORTS for an offence in a region),
# WAVE_RATIO times its mean per day over the WAVE_BASELINE_DAYS before, and that mean plus
# WAVE_Z times its square root. A value checked WAVE_LOOKUP_THRESHOLD times in a week and never
# reported is an early warning.
WAVE_MIN_REPORTS = env.int("WAVE_MIN_REPORTS", default=8)
WAVE_REGION_MIN_REPORTS = env.int("WAVE_REGION_MIN_REPORTS", default=15)
WAVE_RATIO = env.float("WAVE_RATIO", default=3.0)
WAVE_Z = env.float("WAVE_Z", default=4.0)
WAVE_BASELINE_DAYS = env.int("WAVE_BASELINE_DAYS", default=28)
WAVE_LOOKUP_THRESHOLD = env.int("WAVE_LOOKUP_THRESHOLD", default=100)
if min(WAVE_MIN_REPORTS, WAVE_REGION_MIN_REPORTS, WAVE_BASELINE_DAYS, WAVE_LOOKUP_THRESHOLD) < 1:
    raise ImproperlyConfigured(
        "WAVE_MIN_REPORTS, WAVE_REGION_MIN_REPORTS, WAVE_BASELINE_DAYS and "
        "WAVE_LOOKUP_THRESHOLD must be at least 1."
    )
if WAVE_RATIO <= 1 or WAVE_Z < 0:
    raise ImproperlyConfigured("WAVE_RATIO must be above 1 and WAVE_Z not negative.")
# The monthly partitions of the big append-only tables, created three months ahead
# (core/partitions); a no-op on SQLite.
CELERY_BEAT_SCHEDULE["partitions-ensure"] = {
    "task": "vigilance.core.tasks.partitions_ensure_ahead",
    "schedule": crontab(hour=2, minute=15),
}

CELERY_BEAT_SCHEDULE["scam-wave-detection"] = {
    "task": "vigilance.alerts.tasks.waves_detect",
    "schedule": 15 * 60.0,
}

# Alert subscriptions: how long a confirmation link or code works, and the delivery of alerts
# within the gateways' rates (messages per second), in batches claimed one at a time. A claim
# older than ALERT_DELIVERY_CLAIM_TIMEOUT_SECONDS belongs to a lost worker and is taken back;
# alerts published more than ALERT_SEND_MAX_AGE_HOURS ago are never fanned out.
ALERT_SUBSCRIPTION_CONFIRM_HOURS = env.float("ALERT_SUBSCRIPTION_CONFIRM_HOURS", default=48.0)
ALERT_SMS_PER_SECOND = env.float("ALERT_SMS_PER_SECOND", default=50.0)
ALERT_EMAILS_PER_SECOND = env.float("ALERT_EMAILS_PER_SECOND", default=20.0)
ALERT_DELIVERY_BATCH_SIZE = env.int("ALERT_DELIVERY_BATCH_SIZE", default=500)
# Rows marked "sending" (and then "sent") per commit: what a killed worker may leave in doubt.
ALERT_DELIVERY_GROUP_SIZE = env.int("ALERT_DELIVERY_GROUP_SIZE", default=10)
ALERT_DELIVERY_CLAIM_TIMEOUT_SECONDS = env.int(
    "ALERT_DELIVERY_CLAIM_TIMEOUT_SECONDS", default=10 * 60
)
# No batch of an unfinished sending claimed anything for this long: the sweep schedules again.
ALERT_DELIVERY_STALL_SECONDS = env.float("ALERT_DELIVERY_STALL_SECONDS", default=120.0)
ALERT_SEND_MAX_AGE_HOURS = env.float("ALERT_SEND_MAX_AGE_HOURS", default=72.0)
RATE_SUBSCRIBE_PER_IP = env.str("RATE_SUBSCRIBE_PER_IP", default="10/h")
RATE_SUBSCRIBE_GLOBAL = env.str("RATE_SUBSCRIBE_GLOBAL", default="2000/m")
# The SMS gateway's replies (STOP) are accepted only with this shared secret; empty refuses all.
SMS_INBOUND_TOKEN = env.str("SMS_INBOUND_TOKEN", default="")
if min(ALERT_SMS_PER_SECOND, ALERT_EMAILS_PER_SECOND) <= 0 or ALERT_DELIVERY_BATCH_SIZE <= 0:
    raise ImproperlyConfigured(
        "ALERT_*_PER_SECOND and ALERT_DELIVERY_BATCH_SIZE must be above zero."
    )
CELERY_BEAT_SCHEDULE["alerts-deliveries"] = {
    "task": "vigilance.alerts.tasks.alert_deliveries_resume",
    "schedule": 60.0,
}

# Exchange with peers (STIX 2.1, TAXII 2.1, MISP): docs/exchange.md.
CELERY_BEAT_SCHEDULE["exchange-poll"] = {
    "task": "vigilance.exchange.tasks.exchange_poll_due",
    "schedule": 60.0,
}

# MISP feeds of the exchange collections (docs/exchange.md, "MISP feeds").
# The platform as partners see it: the creator of every STIX object and MISP event (Orgc).
EXCHANGE_IDENTITY_NAME = env.str(
    "EXCHANGE_IDENTITY_NAME", default="Vigilance — plateforme nationale (Cameroun)"
)
RATE_MISP_FEED_PER_KEY = env.str("RATE_MISP_FEED_PER_KEY", default="600/h")
# Built MISP events and hashes, kept until their content changes (safe to empty at any time).
EXCHANGE_MISP_CACHE_DIR = Path(
    env.str("EXCHANGE_MISP_CACHE_DIR", default=str(VAR_DIR / "misp-feeds"))
)
CELERY_BEAT_SCHEDULE["exchange-misp-feeds"] = {
    "task": "vigilance.exchange.tasks.exchange_misp_feeds_prepare",
    "schedule": 300.0,
}

# STIX 2.1 out: publishing confirmed indicators into the exchange's objects (their identity
# is EXCHANGE_IDENTITY_NAME above), every five minutes.
CELERY_BEAT_SCHEDULE["exchange-publish"] = {
    "task": "vigilance.exchange.tasks.exchange_publish",
    "schedule": 300.0,
}

# MISP feeds polled from partners: the largest event and manifest accepted, and how long to wait.
MISP_FEED_EVENT_MAX_BYTES = env.int("MISP_FEED_EVENT_MAX_BYTES", default=100 * 1024 * 1024)
MISP_FEED_MANIFEST_MAX_BYTES = env.int("MISP_FEED_MANIFEST_MAX_BYTES", default=50 * 1024 * 1024)
MISP_FEED_TIMEOUT_SECONDS = env.float("MISP_FEED_TIMEOUT_SECONDS", default=30.0)

# Importing partners' files (docs/exchange.md, "Importing"): staff uploads wait under the var dir
# for the import job; polled feeds' passwords come from EXCHANGE_SECRET_* variables, named by
# each source (only that prefix, so a source can never name another secret of the platform).
EXCHANGE_UPLOAD_MAX_BYTES = env.int("EXCHANGE_UPLOAD_MAX_BYTES", default=200 * 1024 * 1024)
EXCHANGE_UPLOAD_DIR = Path(
    env.str("EXCHANGE_UPLOAD_DIR", default=str(VAR_DIR / "exchange" / "uploads"))
)
EXCHANGE_SOURCE_VARIABLE_PREFIX = "EXCHANGE_SECRET_"
EXCHANGE_SECRETS = {
    name: value
    for name, value in env.ENVIRON.items()
    if name.startswith(EXCHANGE_SOURCE_VARIABLE_PREFIX)
}
if EXCHANGE_UPLOAD_MAX_BYTES <= 0:
    raise ImproperlyConfigured("EXCHANGE_UPLOAD_MAX_BYTES must be above zero.")

# TAXII 2.1 server (docs/exchange.md): the largest page a partner gets, its rate per key, and
# who partners write to about the service.
TAXII_PAGE_MAX = env.int("TAXII_PAGE_MAX", default=1000)
if not 1 <= TAXII_PAGE_MAX <= 10_000:
    raise ImproperlyConfigured("TAXII_PAGE_MAX must be between 1 and 10000.")
RATE_TAXII_PER_KEY = env.str("RATE_TAXII_PER_KEY", default="600/m")
TAXII_CONTACT = env.str("TAXII_CONTACT", default="cirt@vigilance.cm")
