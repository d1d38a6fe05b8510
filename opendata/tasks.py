from celery import shared_task

from opendata.client import http_transport
from opendata.services import open_data_import_since_last


@shared_task
def import_open_data_recent() -> None:
    """Sent by beat when OPEN_DATA_IMPORT is on (off by default)."""
    open_data_import_since_last(transport=http_transport)
