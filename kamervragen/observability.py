"""Errors that reach someone: Sentry when a DSN is set, and logs a collector can parse."""

import json
import logging
from datetime import UTC, datetime

from django.core.exceptions import ImproperlyConfigured

# LogRecord's own attributes; anything else on a record came in through `extra=`.
_RECORD_ATTRIBUTES = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    """One JSON object a line (time, level, logger, message, extras, exception), which log
    collectors such as journald, Loki or a cloud's log service read without parsing rules."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update((k, v) for k, v in vars(record).items() if k not in _RECORD_ATTRIBUTES)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class ClientErrorWithoutTraceback(logging.Filter):
    """A refused request (403, 404, 400: `django.request` below 500) is one warning line:
    Django attaches the exception that made the response, whose traceback says nothing
    about a fault. Server errors keep theirs."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", 500) < 500:
            record.exc_info = record.exc_text = None
        return True


class HealthCheckOutageAsWarning(logging.Filter):
    """/healthz answering 503 reports an outage (`health_problems` has logged what is
    unreachable, as warnings); it is no fault of the request. A warning, not an error: a
    load balancer or healthcheck asks every 30 s, and each ERROR is a mail to ADMINS and a
    Sentry event."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        match = getattr(request, "resolver_match", None)
        if getattr(record, "status_code", None) == 503 and match and match.url_name == "healthz":
            record.levelno, record.levelname = logging.WARNING, "WARNING"
        return True


def sentry_init(dsn: str) -> None:
    """Report errors of web requests, Celery tasks and ERROR logs to Sentry; off without a DSN.

    sentry-sdk finds Django and Celery itself. Personal data (users, cookies, request bodies)
    is not sent, and no performance traces: errors only.
    """
    if not dsn:
        return
    try:
        import sentry_sdk
    except ImportError as error:
        raise ImproperlyConfigured(
            "SENTRY_DSN is set but sentry-sdk is not installed: pip install '.[sentry]'."
        ) from error
    sentry_sdk.init(dsn=dsn, send_default_pii=False, traces_sample_rate=0.0)


def errors_reach_someone() -> bool:
    """Whether an error logged now reaches a person: mail to ADMINS (sent when DEBUG is off)
    or Sentry (a DSN set). Messages that promise "de beheerder is op de hoogte" ask this."""
    from django.conf import settings

    return bool((settings.ADMINS and not settings.DEBUG) or settings.SENTRY_DSN)
