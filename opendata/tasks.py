from celery import shared_task
from django.conf import settings
from django.utils import timezone

from opendata.client import http_transport
from opendata.services import open_data_import_due, open_data_import_since_last


@shared_task
def import_open_data_recent() -> None:
    """Sent by beat every hour; imports when OPEN_DATA_IMPORT is on (off by default), at most
    once per OPEN_DATA_IMPORT_HOURS."""
    if settings.OPEN_DATA_IMPORT and open_data_import_due(
        now=timezone.now(), every_hours=settings.OPEN_DATA_IMPORT_HOURS
    ):
        open_data_import_since_last(transport=http_transport)
