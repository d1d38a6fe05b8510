"""Settings for Kamervragen, read from the environment (see README, "Configuration")."""

from datetime import timedelta
from pathlib import Path

from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from kombu import Exchange, Queue

from kamervragen.embedded_postgres import embedded_database_url
from kamervragen.env import database_from_url, env_bool, env_choice, env_int, env_list, env_str
from kamervragen.observability import sentry_init

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("KAMERVRAGEN_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", default=False)
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off. In a local checkout: "
            "DEBUG=1 .venv/bin/python manage.py …"
        )
    SECRET_KEY = "insecure-local-development-key"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django_htmx",
    "csp",
    "kamervragen.apps.AxesConfig",  # django-axes, under a Dutch name
    "ninja",  # the read API's OpenAPI page, served from static/ (not a CDN)
    "pgtrigger",
    "kamervragen.apps.HistoryConfig",  # django-pghistory, under a Dutch name
    "pghistory.admin",
    "documents",
    "kamervragen",
    "opendata",
    "alerts",
    "evaluation",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # After the session, the user and the headers: its error page shows the menu of the one
    # logged in and is framed like any page.
    "kamervragen.middleware.RefuseNulMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    "pghistory.middleware.HistoryMiddleware",
]

ROOT_URLCONF = "kamervragen.urls"
WSGI_APPLICATION = "kamervragen.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASE_URL = env_str("DATABASE_URL") or embedded_database_url(VAR_DIR)
DATABASES = {"default": database_from_url(DATABASE_URL)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Login throttling (django-axes), on the login page and the admin's: after this many wrong
# passwords for one username from one address even the right one is refused there until the
# cool-off has passed (or an admin runs `manage.py axes_reset_username NAME`). The pair, not
# the address alone: behind a proxy every user has the proxy's address (REMOTE_ADDR).
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_COOLOFF_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# The audit trail (django-pghistory): database triggers copy every change of a document's
# metadata, a question, a question set and a link into append-only event tables, with the
# user and URL of the request that made it (reads add nothing).
PGHISTORY_APPEND_ONLY = True
PGHISTORY_MIDDLEWARE_METHODS = ("POST", "PUT", "PATCH", "DELETE")
PGHISTORY_ADMIN_CLASS = "documents.admin.HistoryEventsAdmin"  # Dutch columns and filters
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "nl"
# Dutch only: the project has no other catalog, and a browser asking for English would
# otherwise get Django's English month names beside the Dutch labels.
LANGUAGES = [("nl", _("Nederlands"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "staticfiles")))
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "media/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FILES = 200
MAX_UPLOAD_SIZE = 100 * 1024 * 1024
# A queued or processing document whose status has not changed for this long is offered
# to clerks for a retry (its worker may have crashed, or its task been lost).
DOCUMENT_STUCK_AFTER_MINUTES = env_int("DOCUMENT_STUCK_AFTER_MINUTES", 15, minimum=1)
# A running ingestion refreshes its document's updated_at this often, so a long stage is
# not shown as stuck; the beat job queues again a stuck one (its worker died), at most
# INGEST_MAX_REQUEUES times before failing it (kamervragen/ingestion/outbox.py).
DOCUMENT_HEARTBEAT_SECONDS = env_int("DOCUMENT_HEARTBEAT_SECONDS", 60, minimum=1)
INGEST_MAX_REQUEUES = env_int("INGEST_MAX_REQUEUES", 3, minimum=0)
# A task that lost its database connection is retried after about this many seconds,
# doubling each time (with jitter), five times.
INGEST_RETRY_BACKOFF_SECONDS = env_int("INGEST_RETRY_BACKOFF_SECONDS", 2, minimum=0)

SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=not DEBUG)
# HSTS: Django sends it on HTTPS responses only, so a plain-HTTP install is not affected.
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 365 * 24 * 60 * 60)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=False)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=False)
# Behind a proxy that ends TLS: the header it sets to "https" (e.g. X-Forwarded-Proto). Only
# for a proxy that always sets or strips it, or any client could claim HTTPS.
# BEHIND_HTTPS_PROXY=1 (docker-compose) is the usual X-Forwarded-Proto.
_proxy_ssl_header = env_str("SECURE_PROXY_SSL_HEADER").strip() or (
    "X-Forwarded-Proto" if env_bool("BEHIND_HTTPS_PROXY") else ""
)
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_" + _proxy_ssl_header.upper().replace("-", "_"), "https") if _proxy_ssl_header else None
)
# `check --deploy` names these as choices to consider; made here they need no reminder. HSTS
# for every subdomain and the preload list are for the operator of the whole domain to opt
# into (the two settings above); behind a proxy that ends TLS, the proxy redirects HTTP.
SILENCED_SYSTEM_CHECKS = [
    *([] if SECURE_HSTS_INCLUDE_SUBDOMAINS else ["security.W005"]),
    *([] if SECURE_HSTS_PRELOAD else ["security.W021"]),
    *(["security.W008"] if SECURE_PROXY_SSL_HEADER and not SECURE_SSL_REDIRECT else []),
]
# Scripts and styles only from static/: no inline code, no eval (htmx's allowEval is off).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# The read API (/api/v1/): requests per minute per token; more get 429 with Retry-After.
# Counted in the cache (per process with the default local-memory cache).
API_RATE_LIMIT_PER_MINUTE = env_int("API_RATE_LIMIT_PER_MINUTE", 120, minimum=1)
# The statistics page's figures are kept this long in the cache at most, until the answer
# times' next refresh (Celery beat, every five minutes) otherwise (0: computed per request).
STATISTICS_CACHE_SECONDS = env_int("STATISTICS_CACHE_SECONDS", 600)
# One cache for every process (the API's rate limit, the statistics' figures, the search
# filters' choices) when CACHE_URL names a Redis, or a directory (file:///path: what
# scripts/run uses, so that a set the worker saves adds its filter choices for the web
# server too); each process its own memory otherwise.
CACHE_URL = env_str("CACHE_URL")
if CACHE_URL.startswith("file://"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": CACHE_URL.removeprefix("file://"),
        }
    }
elif CACHE_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# The filesystem broker's URL names a host (which it ignores): with none, kombu warns "No
# hostname was supplied" at every start of the worker and of a producer.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL") or "filesystem://localhost//"
if CELERY_BROKER_URL.startswith("filesystem://"):
    # A broker that needs no server: producer and worker share one folder of message files.
    _broker_queue = VAR_DIR / "celery-broker" / "queue"
    _broker_queue.mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_queue),
        "data_folder_out": str(_broker_queue),
        "control_folder": str(_broker_queue.parent / "control"),
        "store_processed": False,
    }
    # The filesystem transport has no fanout exchange for remote control.
    CELERY_WORKER_ENABLE_REMOTE_CONTROL = False
# An ingestion running past the soft limit ends as a failed document with a reason; the hard
# limit kills a child that ignores it. 20 minutes: far past an ordinary document (seconds to
# minutes), while a 2,000-page letter, which held the worker for over 30, is stopped.
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 20 * 60, minimum=1)
CELERY_TASK_TIME_LIMIT = env_int(
    "CELERY_TASK_TIME_LIMIT", CELERY_TASK_SOFT_TIME_LIMIT + 5 * 60, minimum=1
)
if CELERY_TASK_TIME_LIMIT <= CELERY_TASK_SOFT_TIME_LIMIT:
    raise ImproperlyConfigured("CELERY_TASK_TIME_LIMIT must exceed CELERY_TASK_SOFT_TIME_LIMIT.")
# Each document's ingestion gets limits sized by its work (`kamervragen.ingestion.limits`):
# extraction (read, structure, store) a base plus so much per page, linking a base plus so
# much per passage, never above the soft limit above (which stays the cap). Measured: about
# 0.06 s a page to structure and store alone, 0.2 s a page for a 2,000-page letter on a busy
# machine; the defaults leave ten times that.
INGEST_EXTRACTION_BASE_SECONDS = env_int("INGEST_EXTRACTION_BASE_SECONDS", 120, minimum=1)
INGEST_EXTRACTION_SECONDS_PER_PAGE = env_int("INGEST_EXTRACTION_SECONDS_PER_PAGE", 2, minimum=0)
INGEST_LINKING_BASE_SECONDS = env_int("INGEST_LINKING_BASE_SECONDS", 120, minimum=1)
# Per 10 passages (whole seconds per passage would be far too generous).
INGEST_LINKING_SECONDS_PER_10_PASSAGES = env_int(
    "INGEST_LINKING_SECONDS_PER_10_PASSAGES", 2, minimum=0
)
# The queues: extraction and linking apart, so that workers can be given to either (a
# machine for each, say) and a long extraction never keeps a document from being linked.
# Everything else (the beat jobs, alerts, the open-data import) goes to Celery's default
# queue "celery". A worker consumes all three unless told otherwise:
# `celery -A kamervragen worker -Q extraction,linking,celery`.
CELERY_EXTRACTION_QUEUE = env_str("CELERY_EXTRACTION_QUEUE") or "extraction"
CELERY_LINKING_QUEUE = env_str("CELERY_LINKING_QUEUE") or "linking"
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_DEFAULT_QUEUE") or "celery"
CELERY_TASK_ROUTES = {
    "kamervragen.tasks.ingest_document": {"queue": CELERY_EXTRACTION_QUEUE},
    "kamervragen.tasks.link_document": {"queue": CELERY_LINKING_QUEUE},
}
WORKER_QUEUES = [CELERY_EXTRACTION_QUEUE, CELERY_LINKING_QUEUE, CELERY_TASK_DEFAULT_QUEUE]
# Declared, so a worker started without -Q consumes all three; each with an exchange of its
# own, as Celery makes for a queue it creates when named.
CELERY_TASK_QUEUES = [Queue(name, Exchange(name), routing_key=name) for name in WORKER_QUEUES]
# A child that has grown past this (KiB) is replaced after its task: a large document's
# memory does not stay with the worker.
CELERY_WORKER_MAX_MEMORY_PER_CHILD = env_int(
    "CELERY_WORKER_MAX_MEMORY_PER_CHILD", 768 * 1024, minimum=1
)
if CELERY_BROKER_URL.startswith(("redis://", "rediss://", "redis+socket://")):
    # Redis hands a task taken by a worker that died (SIGKILL, lost machine) to another after
    # this many seconds; it must outlast the longest task, or a running task runs twice.
    _visibility_timeout = env_int(
        "CELERY_VISIBILITY_TIMEOUT", CELERY_TASK_TIME_LIMIT + 5 * 60, minimum=1
    )
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": _visibility_timeout,
        # An unreachable broker fails a send within seconds (the upload is kept in the
        # outbox) instead of hanging the clerk's request.
        "socket_connect_timeout": 2,
        "socket_timeout": 10,
    }
    if _visibility_timeout <= CELERY_TASK_TIME_LIMIT:
        raise ImproperlyConfigured("CELERY_VISIBILITY_TIMEOUT must exceed CELERY_TASK_TIME_LIMIT.")
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ALWAYS_EAGER = False
CELERY_TIMEZONE = TIME_ZONE  # beat's crontab hours are Dutch hours
# Fetch new questions, answers and notices from the Tweede Kamer's open data every
# OPEN_DATA_IMPORT_HOURS hours (beat); off unless asked for.
OPEN_DATA_IMPORT = env_bool("OPEN_DATA_IMPORT", default=False)
OPEN_DATA_IMPORT_HOURS = env_int("OPEN_DATA_IMPORT_HOURS", 1, minimum=1)

# Errors reach someone: mail to ADMINS (when DEBUG is off) and Sentry when SENTRY_DSN is set.
ADMINS = [(address, address) for address in env_list("ADMINS")]
SERVER_EMAIL = env_str("SERVER_EMAIL") or "kamervragen@localhost"
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL") or SERVER_EMAIL
# Alerts are mailed through SMTP; with DEBUG they are printed on the console instead.
EMAIL_BACKEND = env_str("EMAIL_BACKEND") or (
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend"
)
# The address users reach the site at, for links in mails (no trailing slash).
SITE_URL = (env_str("SITE_URL") or "http://127.0.0.1:8000").rstrip("/")
EMAIL_HOST = env_str("EMAIL_HOST") or "localhost"
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
SENTRY_DSN = env_str("SENTRY_DSN")
sentry_init(SENTRY_DSN)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "debug_off": {"()": "django.utils.log.RequireDebugFalse"},
        "client_errors": {"()": "kamervragen.observability.ClientErrorWithoutTraceback"},
        "health_outage": {"()": "kamervragen.observability.HealthCheckOutageAsWarning"},
    },
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
        "json": {"()": "kamervragen.observability.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": env_choice("LOG_FORMAT", ("plain", "json")),
        },
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["debug_off"],
        },
    },
    # Every ERROR, from a request, a Celery task or the ingestion, goes to both handlers.
    "root": {"handlers": ["console", "mail_admins"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django": {"level": "INFO"},  # Django's own handlers replaced by the root's
        "django.server": {"handlers": ["console"], "propagate": False},  # runserver's access log
        # A 403 is one line, no traceback; /healthz's 503 a warning (no mail every 30 s).
        "django.request": {"filters": ["client_errors", "health_outage"]},
        "pdfminer": {"level": "WARNING"},
        "embedded_postgres": {"level": "WARNING"},
        "axes": {"level": "WARNING"},  # lockouts are warnings; its INFO narrates every login
    },
}
