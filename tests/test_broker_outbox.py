"""The broker unreachable at upload time: the upload is kept, the clerk sees "In de
wachtrij", and the document is processed once the broker is back (the outbox)."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from documents.models import Document
from kamervragen.celery import app
from kamervragen.ingestion.outbox import outbox_flush
from kamervragen.models import IngestionOutbox
from tests.conftest import FIXTURES, wait_for

pytestmark = pytest.mark.django_db(transaction=True)

LETTER = FIXTURES / "seeds" / "kamerbrief-31934-scan-en-detectie.txt"
# Nothing listens on port 1: connections are refused at once.
DEAD_BROKER = "redis://127.0.0.1:1/0"


@pytest.fixture
def broker_down(monkeypatch):
    """Points the producer at a broker where nothing listens; the worker keeps its own
    connection. Undone when the test ends, or by calling the fixture's value."""
    original = app.conf.broker_write_url

    def use(url: str) -> None:
        # The producers' URL (the worker reads through its own); Celery keeps its
        # connection and producer pools per URL, made on first use.
        app.conf.broker_write_url = url
        app._pool = None
        app.amqp._producer_pool = None

    use(DEAD_BROKER)
    yield lambda: use(original)
    use(original)


def _upload(client, path=LETTER):
    upload = SimpleUploadedFile(path.name, path.read_bytes(), "text/plain")
    return client.post(
        reverse("documents:upload"), {"files": [upload]}, headers={"HX-Request": "true"}
    )


def _age_outbox(document: Document) -> None:
    past = timezone.now() - datetime.timedelta(minutes=5)
    IngestionOutbox.objects.filter(document=document).update(queued_at=past)


def test_an_upload_with_the_broker_down_is_kept_and_sent_by_the_beat_job(
    celery_worker, broker_down, client_for, clerk
):
    started = timezone.now()
    response = _upload(client_for(clerk))
    assert (timezone.now() - started).total_seconds() < 10  # the request did not hang
    assert response.status_code == 200
    html = response.content.decode()
    assert "In de wachtrij" in html
    assert "Server Error" not in html
    document = Document.objects.get()
    assert document.status == Document.Status.QUEUED
    row = IngestionOutbox.objects.get(document=document)
    assert row.sent_at is None and row.send_attempts == 1
    assert "127.0.0.1:1" in row.last_error

    _age_outbox(document)
    assert outbox_flush() == 0  # still down: kept for the next run
    assert IngestionOutbox.objects.get(document=document).sent_at is None

    broker_down()  # the broker is back
    assert outbox_flush() == 1
    done = wait_for(lambda: Document.objects.filter(pk=document.pk, status="done").first())
    assert done.passages.exists()
    assert IngestionOutbox.objects.get(document=document).sent_at is not None
    assert outbox_flush() == 0  # sent once


def test_uploading_a_queued_but_unsent_document_again_sends_it(
    celery_worker, broker_down, client_for, clerk
):
    client = client_for(clerk)
    _upload(client)
    html = _upload(client).content.decode()  # again, the broker still down
    assert "Al eerder geüpload als" in html and "In de wachtrij" in html
    document = Document.objects.get()
    assert IngestionOutbox.objects.get(document=document).send_attempts == 2

    broker_down()  # back
    html = _upload(client).content.decode()
    assert "Al eerder geüpload als" in html
    done = wait_for(lambda: Document.objects.filter(pk=document.pk, status="done").first())
    assert done.passages.exists()
    assert Document.objects.count() == 1


def test_a_retry_asked_for_with_the_broker_down_is_kept_too(
    celery_worker, broker_down, client_for, clerk
):
    document = Document.objects.create(
        filename="brief.txt", sha256="f" * 64, status=Document.Status.FAILED, error="x"
    )
    document.file.save(LETTER.name, LETTER.open("rb"))
    response = client_for(clerk).post(
        reverse("documents:reprocess", args=[document.pk]), headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert 'data-status="queued"' in response.content.decode()
    assert IngestionOutbox.objects.get(document=document).sent_at is None

    broker_down()
    _age_outbox(document)
    assert outbox_flush() == 1
    assert wait_for(lambda: Document.objects.filter(pk=document.pk, status="done").first())
