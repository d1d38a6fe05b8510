"""Importing from the open data: each new document goes through the same ingestion as an
upload, once per identifier in the Gegevensmagazijn and once per file (SHA-256)."""

import datetime
import logging

from django.db import transaction
from django.utils import timezone

from documents.models import Document
from documents.services import UploadRejected, document_create
from kamervragen.ingestion.outbox import ingestion_enqueue
from opendata.client import (
    BASE_URL,
    OpenDataError,
    RemoteDocument,
    Transport,
    documents_changed_since,
    resource_url,
)
from opendata.models import ImportedDocument, ImportRun

logger = logging.getLogger(__name__)

# The Gegevensmagazijn's `Soort` is authoritative, so detection does not second-guess it.
KINDS = {
    "Schriftelijke vragen": Document.Kind.QUESTIONS,
    "Antwoord schriftelijke vragen": Document.Kind.ANSWERS,
    "Antwoord schriftelijke vragen (nader)": Document.Kind.ANSWERS,
    "Mededeling (uitstel antwoord)": Document.Kind.NOTICE,
}
FIRST_RUN_LOOKBACK = datetime.timedelta(days=7)


def open_data_import(
    *, since: datetime.datetime, transport: Transport, base_url: str = BASE_URL
) -> ImportRun:
    """Fetches what changed since `since` and queues each new document for ingestion. A file
    that cannot be fetched is left for the next run; the run records what happened."""
    run = ImportRun.objects.create(since=since)
    try:
        for remote in documents_changed_since(since, transport=transport, base_url=base_url):
            run.seen += 1
            outcome = _import_one(remote, transport=transport, base_url=base_url)
            setattr(run, outcome, getattr(run, outcome) + 1)
            if outcome != "failed":
                run.last_changed_at = remote.changed_at
    except (OpenDataError, OSError) as error:
        logger.warning("Open data import stopped: %s", error)
        run.error = str(error)
    run.finished_at = timezone.now()
    run.save()
    return run


def open_data_import_since_last(*, transport: Transport) -> ImportRun:
    """From where the last run that got anywhere stopped (a week back the first time)."""
    last = (
        ImportRun.objects.filter(last_changed_at__isnull=False)
        .order_by("-last_changed_at")
        .values_list("last_changed_at", flat=True)
        .first()
    )
    return open_data_import(since=last or timezone.now() - FIRST_RUN_LOOKBACK, transport=transport)


def open_data_import_due(*, now: datetime.datetime, every_hours: int) -> bool:
    """True when no run started within the last `every_hours` hours."""
    since = now - datetime.timedelta(hours=every_hours) + datetime.timedelta(minutes=5)
    return not ImportRun.objects.filter(started_at__gt=since).exists()


def _import_one(remote: RemoteDocument, *, transport: Transport, base_url: str) -> str:
    if ImportedDocument.objects.filter(tk_id=remote.tk_id).exists():
        return "skipped"
    try:
        data = transport(resource_url(remote.tk_id, base_url=base_url))
    except OSError as error:
        logger.warning("Could not fetch %s: %s", remote.tk_id, error)
        return "failed"
    with transaction.atomic():
        try:
            created = document_create(filename=remote.filename, data=data)
        except UploadRejected as error:
            logger.warning("Refused %s: %s", remote.tk_id, error)
            ImportedDocument.objects.create(**_fields(remote), document=None)
            return "failed"
        ImportedDocument.objects.create(**_fields(remote), document=created.document)
        if not created.created:
            return "skipped"  # the same file arrived by upload or under another identifier
        document = created.document
        if remote.soort in KINDS:
            document.kind, document.kind_set_by_user = KINDS[remote.soort], True
            document.save(update_fields=["kind", "kind_set_by_user", "updated_at"])
        ingestion_enqueue(document)  # kept in the outbox while the broker is down
    return "created"


def _fields(remote: RemoteDocument) -> dict:
    return {
        "tk_id": remote.tk_id,
        "soort": remote.soort,
        "document_number": remote.document_number,
        "zaak_numbers": list(remote.zaak_numbers),
        "changed_at": remote.changed_at,
    }
