"""The one settings module, configured from the environment.

Without any environment the product runs on a fresh clone: an SQLite file, Celery
tasks run eagerly, e-mail goes to the console and DEBUG stays off unless asked for.
Production sets the variables listed in the README (DATABASE_URL, REDIS_URL,
SECRET_KEY, ALLOWED_HOSTS, ...).
"""

import sys
from pathlib import Path

import environ
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _
from kombu import Queue

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# A local .env file is convenient for development; the real environment wins.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str(
    "SECRET_KEY",
    default="django-insecure-local-only-0a1e3f9c-set-SECRET_KEY-in-production",
)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# --- Applications -------------------------------------------------------------------
# Our apps are listed in the direction of their dependencies (DESIGN.md):
# (dashboard ->) sessions -> referrals -> matching -> programs -> core. seed_demo follows
# this order.
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "peersupport.apps.PeersupportConfig",
    "programs.apps.ProgramsConfig",
    "matching.apps.MatchingConfig",
    "referrals.apps.ReferralsConfig",
    "sessions.apps.SessionLogsConfig",
    "dashboard.apps.DashboardConfig",
]
# Demo data (seed_demo), the scale world (seed_scale) and the benchmarks live in their own
# app, installed for development and tests only: production has no command that writes
# demo people with a known password.
# The test suite (pytest) always has them: it tests the demo and the scale world too.
DEVTOOLS = env.bool("DEVTOOLS", default=DEBUG or "pytest" in sys.modules)
if DEVTOOLS:
    INSTALLED_APPS.append("devtools.apps.DevtoolsConfig")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "peersupport.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "peersupport.middleware.CleanTextMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "peersupport.middleware.RequestContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "peersupport.middleware.IdleTimeoutMiddleware",
    "peersupport.middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

# Widget templates come from the project too: templates/django/forms/widgets/textarea.html
# shows each text box's limit and a counter, instead of letting the browser cut a paste.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

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
                "peersupport.context_processors.roles",
                "peersupport.context_processors.crisis_line",
            ],
        },
    },
]

# --- Data -----------------------------------------------------------------------------
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")

if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "peersupport",
            # A cache that does not answer must not hold a page up: the rate limits, its
            # only users, let posts through while it is down (services/throttle.py).
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Accounts -------------------------------------------------------------------------
AUTH_USER_MODEL = "peersupport.User"
AUTHENTICATION_BACKENDS = ["peersupport.auth.UsernameOrEmailBackend"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24  # a reset link is valid for one day
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=60 * 60 * 8)  # a working day
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Idle sessions end: after this many minutes for coordinators and counselors, who see
# the most sensitive records, and after SESSION_COOKIE_AGE for everyone else.
SESSION_IDLE_MINUTES_STAFF = env.int("SESSION_IDLE_MINUTES_STAFF", default=30)

# Failed sign-ins: an account is locked after this many in a row, an address (which a
# whole office may share) after more; each lock of the same key lasts twice as long.
SIGNIN_FAILURE_LIMIT = env.int("SIGNIN_FAILURE_LIMIT", default=5)
SIGNIN_ADDRESS_FAILURE_LIMIT = env.int("SIGNIN_ADDRESS_FAILURE_LIMIT", default=30)
SIGNIN_LOCKOUT_MINUTES = env.int("SIGNIN_LOCKOUT_MINUTES", default=15)
# Posts per person per hour on forms that reach other people (requests, applications).
FORM_RATE_LIMIT_PER_HOUR = env.int("FORM_RATE_LIMIT_PER_HOUR", default=10)
# Password reset: mails per mailbox per hour, and asks per client address per hour.
PASSWORD_RESET_MAILS_PER_ADDRESS = env.int("PASSWORD_RESET_MAILS_PER_ADDRESS", default=3)
PASSWORD_RESET_ASKS_PER_CLIENT = env.int("PASSWORD_RESET_ASKS_PER_CLIENT", default=10)

# Two-factor authentication (TOTP): always for coordinators and counselors; for
# supporters too when this is on; optional for everyone else.
OTP_REQUIRED_FOR_SUPPORTERS = env.bool("OTP_REQUIRED_FOR_SUPPORTERS", default=False)
OTP_TOTP_ISSUER = "Peer Support"

# --- Languages and time ---------------------------------------------------------------
LANGUAGE_CODE = env.str("LANGUAGE_CODE", default="id")
# Each language is named in its own language in the switcher, so it is never translated.
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Every time is shown in this zone (pages, e-mails, exports); an IANA name such as
# Asia/Makassar for a company on WITA.
TIME_ZONE = env.str("TIME_ZONE", default="Asia/Jakarta")
USE_I18N = True
USE_TZ = True
# One date format per language everywhere: 4 Des 2026 09.55 and 4 Dec 2026 09:55
# (config/formats/<language>/formats.py).
FORMAT_MODULE_PATH = ["config.formats"]

# --- Static files ---------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- E-mail ---------------------------------------------------------------------------
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Peer Support <noreply@localhost>")
SERVER_EMAIL = env.str("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)

# --- Security -------------------------------------------------------------------------
# Hardened unless DEBUG is on; each can still be set on its own behind an unusual proxy.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# How many proxies in front of gunicorn append to X-Forwarded-For (0: trust none).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SAMESITE = "Lax"
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Our own middleware sends these two (Django 5.2 has no CSP support of its own).
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)

# --- Celery ---------------------------------------------------------------------------
# Without REDIS_URL tasks run in-process, at once, so a fresh clone needs no broker.
# (kombu warns about a memory URL without a host name, so it names one.)
CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_IGNORE_RESULT = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TASK_SOFT_TIME_LIMIT = 60
CELERY_TASK_TIME_LIMIT = 90
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A request that changes data must never hang on a dead broker: the outbox row is
# already saved and the beat task sends it later.
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.5}
CELERY_TIMEZONE = TIME_ZONE
# Emergency alerts have their own queue, served first (see the Procfile). Every worker
# started without -Q serves both queues.
OUTBOX_URGENT_QUEUE = env.str("OUTBOX_URGENT_QUEUE", default="urgent")
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_TASK_DEFAULT_QUEUE", default="celery")
CELERY_TASK_QUEUES = (Queue(OUTBOX_URGENT_QUEUE), Queue(CELERY_TASK_DEFAULT_QUEUE))
# A worker holds an outbox message this long while it sends it, renewing the lease while
# the mail server is slow; a lease that runs out is a dead worker's, and the beat offers
# the message again. Lease plus beat period bound the delay a crash adds to an emergency
# alert (its deadline is 15 minutes; we aim at 2).
OUTBOX_LEASE_SECONDS = env.int("OUTBOX_LEASE_SECONDS", default=60)
OUTBOX_RESEND_SECONDS = env.float("OUTBOX_RESEND_SECONDS", default=30.0)
CELERY_BEAT_SCHEDULE = {
    "send-unsent-notifications": {
        "task": "peersupport.tasks.send_unsent_notifications",
        "schedule": OUTBOX_RESEND_SECONDS,
    },
    # Daily at 07:00 company time; each reminder is sent once, so a missed run only delays.
    "remind-expiring-training": {
        "task": "programs.tasks.remind_expiring_training",
        "schedule": crontab(hour=7, minute=0),
    },
    "offer-unanswered-proposals": {
        "task": "matching.tasks.offer_unanswered_proposals_to_the_next_supporter",
        "schedule": crontab(minute=10),  # hourly
    },
    "escalate-overdue-referrals": {
        "task": "referrals.tasks.escalate_overdue_referrals",
        "schedule": 60.0,
    },
    "remind-supporters-to-log-sessions": {
        "task": "sessions.tasks.remind_supporters_to_log_sessions",
        "schedule": crontab(hour=8, minute=0, day_of_week="mon"),
    },
    "forget-old-sign-in-failures": {
        "task": "peersupport.tasks.forget_old_sign_in_failures",
        "schedule": crontab(hour=3, minute=0),
    },
    "anonymise-old-cases": {
        "task": "sessions.tasks.anonymise_cases_past_retention",
        "schedule": crontab(hour=2, minute=30),
    },
    "remind-due-checkins": {
        "task": "programs.tasks.remind_due_checkins",
        "schedule": crontab(hour=7, minute=15),
    },
}

# --- Product settings -----------------------------------------------------------------
# An outbox row is tried this many times (with growing pauses) before it is marked failed.
NOTIFICATION_MAX_ATTEMPTS = env.int("NOTIFICATION_MAX_ATTEMPTS", default=8)
SITE_NAME = _("Peer Support")
# The address people use to reach the product: the base of every link in an e-mail.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
# /healthz tells anybody whether the service is healthy; its details (database, broker,
# outbox backlog, oldest unsent alert) only to a caller sending this token as
# `Authorization: Bearer <token>`. Empty: nobody sees the details.
HEALTHZ_TOKEN = env.str("HEALTHZ_TOKEN", default="")

# Sign-up is open to work e-mail addresses at these domains (empty: invitation only).
SIGNUP_EMAIL_DOMAINS = env.list("SIGNUP_EMAIL_DOMAINS", default=[])
SIGNUP_CONFIRMATION_VALID_DAYS = 2
INVITATION_VALID_DAYS = 7
# The largest HR export accepted, in rows; and the largest file any import reads.
HR_IMPORT_MAX_ROWS = env.int("HR_IMPORT_MAX_ROWS", default=50_000)
IMPORT_MAX_BYTES = 20 * 1024 * 1024

# Keys that encrypt free-text notes at rest, newest first (Fernet keys: 32 url-safe
# base64 bytes). Put a new key first and run `manage.py rotate_encryption_key` to rotate;
# keep the old one listed until that has run. Empty: a key derived from SECRET_KEY
# (development only).
FIELD_ENCRYPTION_KEYS = env.list("FIELD_ENCRYPTION_KEYS", default=[])

# How long a professional service has to acknowledge a referral, per urgency.
REFERRAL_ACK_MINUTES_EMERGENCY = env.int("REFERRAL_ACK_MINUTES_EMERGENCY", default=15)
REFERRAL_ACK_MINUTES_PRIORITY = env.int("REFERRAL_ACK_MINUTES_PRIORITY", default=4 * 60)
REFERRAL_ACK_WORKING_DAYS_ROUTINE = env.int("REFERRAL_ACK_WORKING_DAYS_ROUTINE", default=3)
# An overdue referral is escalated again each time this many deadlines pass, up to the
# last level.
REFERRAL_ESCALATION_LEVELS = 3

# The Open Referral HSDS 3.0 organisation schema that directory imports are checked
# against, kept in the repository (with its licence).
HSDS_SCHEMA_PATH = BASE_DIR / "referrals" / "hsds_schema" / "organization.json"

# Closed cases (requests, matches, their session logs and referrals) are anonymised
# this many months after they closed, by a nightly task.
RETENTION_MONTHS = env.int("RETENTION_MONTHS", default=24)

# A supporter may correct a session log for this long; later only an addendum is added.
SESSION_LOG_EDIT_HOURS = env.int("SESSION_LOG_EDIT_HOURS", default=24)
# A match with no session for this many days stands out on the supporter's list.
SESSION_LOG_QUIET_DAYS = 14

# --- Logging --------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}
