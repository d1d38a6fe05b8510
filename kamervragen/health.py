"""Whether this process reaches its database and its broker: /healthz for the web
container and load balancers, `python -m kamervragen.health` for the worker containers."""

import logging
import sys

from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from kamervragen.celery import app

logger = logging.getLogger(__name__)

# A check that hangs tells less than one that fails; Docker's healthcheck allows 10 s in all.
BROKER_TIMEOUT_SECONDS = 3


def health_problems() -> list[str]:
    """The services this process cannot reach: "database", "broker" (empty when healthy)."""
    problems = []
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as error:
        logger.warning("Health check: the database is unreachable: %s", error)
        problems.append("database")
    try:
        with app.connection_for_write() as broker:
            broker.ensure_connection(max_retries=0, timeout=BROKER_TIMEOUT_SECONDS)
    except Exception as error:
        logger.warning("Health check: the broker is unreachable: %s", error)
        problems.append("broker")
    return problems


@login_not_required
@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    # Names only, no error text: the endpoint is public.
    problems = health_problems()
    if problems:
        return JsonResponse({"status": "unavailable", "unreachable": problems}, status=503)
    return JsonResponse({"status": "ok"})


def main() -> int:
    import django

    django.setup()
    problems = health_problems()
    print("unreachable: " + ", ".join(problems) if problems else "ok")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
