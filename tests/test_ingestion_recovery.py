"""Faults during ingestion lose nothing: a lost database connection is retried with
backoff, a stuck document is queued again by the beat job (ending its dead worker's
session first), and the messages shown say what is really happening."""

import datetime
import time

import psycopg
import pytest
from django.db import OperationalError, connection
from django.urls import reverse
from django.utils import timezone

from documents.models import Document, Passage
from documents.services import document_create
from kamervragen.ingestion import recipe, tasks
from kamervragen.ingestion.locks import INGEST_LOCK
from kamervragen.ingestion.outbox import KEPT_FAILING, documents_requeue_stuck
from kamervragen.models import IngestionOutbox, Link
from tests.conftest import FIXTURES, wait_for

LETTER = FIXTURES / "seeds" / "kamerbrief-31934-scan-en-detectie.txt"


def _letter() -> Document:
    return document_create(filename=LETTER.name, data=LETTER.read_bytes()).document


def _raw_connection() -> psycopg.Connection:
    """A database session of its own, outside Django (another process, as it were)."""
    database = connection.settings_dict
    return psycopg.connect(
        dbname=database["NAME"],
        user=database["USER"] or None,
        host=database["HOST"] or None,
        port=database["PORT"] or None,
        autocommit=True,
    )


def _age(document: Document, minutes: int) -> None:
    past = timezone.now() - datetime.timedelta(minutes=minutes)
    Document.objects.filter(pk=document.pk).update(updated_at=past)


def _no_duplicates(document: Document) -> None:
    orders = list(
        Passage.objects.filter(document=document, superseded=False).values_list("order", flat=True)
    )
    assert orders and len(orders) == len(set(orders))
    assert not Passage.objects.filter(document=document, superseded=True).exists()
    pairs = list(Link.objects.values_list("question_id", "passage_id", "footnote_id"))
    assert len(pairs) == len(set(pairs))


@pytest.mark.django_db(transaction=True)
def test_a_connection_cut_mid_task_is_retried_with_backoff_and_ends_done(
    celery_worker, monkeypatch, settings
):
    settings.INGEST_RETRY_BACKOFF_SECONDS = 1
    document = _letter()
    link = recipe._link
    cut, seen_while_waiting = [], []

    def link_after_a_cut(linked: Document) -> None:
        if not cut:
            cut.append(True)
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                pid = cursor.fetchone()[0]
            with _raw_connection() as other:
                other.execute("SELECT pg_terminate_backend(%s)", [pid])
        link(linked)

    retry_pending = tasks.retry_pending

    def record_retry_pending(document_id: int, **kwargs) -> None:
        retry_pending(document_id, **kwargs)
        seen_while_waiting.append(Document.objects.get(pk=document_id))

    monkeypatch.setattr(recipe, "_link", link_after_a_cut)
    monkeypatch.setattr(tasks, "retry_pending", record_retry_pending)
    tasks.ingest_document.delay(document.pk)

    done = wait_for(lambda: Document.objects.filter(pk=document.pk, status="done").first())
    assert cut
    assert [(d.status, d.is_retry_pending, d.error) for d in seen_while_waiting] == [
        (Document.Status.QUEUED, True, "")
    ]
    assert done.error == ""
    _no_duplicates(done)


@pytest.mark.django_db(transaction=True)
def test_a_database_that_stays_unreachable_fails_the_document_after_the_retries(
    monkeypatch, settings
):
    settings.INGEST_RETRY_BACKOFF_SECONDS = 0
    document = _letter()
    calls = []

    def unreachable(**kwargs):
        calls.append(kwargs["document_id"])
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(tasks, "document_extract", unreachable)
    result = tasks.ingest_document.apply((document.pk,))
    assert isinstance(result.result, OperationalError)
    assert len(calls) == tasks.ingest_document.max_retries + 1
    document.refresh_from_db()
    assert document.status == Document.Status.FAILED
    assert document.error == recipe.DATABASE_UNREACHABLE


@pytest.mark.django_db(transaction=True)
def test_a_stuck_document_whose_task_was_lost_is_queued_again_and_processed(celery_worker):
    document = _letter()
    Document.objects.filter(pk=document.pk).update(status="processing", stage="structure")
    IngestionOutbox.objects.create(document=document, sent_at=timezone.now())  # then lost
    _age(document, 30)

    assert documents_requeue_stuck() == 1
    done = wait_for(lambda: Document.objects.filter(pk=document.pk, status="done").first())
    _no_duplicates(done)
    assert IngestionOutbox.objects.get(document=document).interruptions == 1


@pytest.mark.django_db(transaction=True)
def test_the_lock_of_a_dead_worker_is_released_and_a_live_one_left(monkeypatch):
    sent = []
    monkeypatch.setattr("kamervragen.ingestion.outbox.outbox_send", sent.append)
    dead_document, live_document = _letter(), Document.objects.create(sha256="e" * 64)
    for document in (dead_document, live_document):
        Document.objects.filter(pk=document.pk).update(status="processing", stage="link")
        _age(document, 30)
    dead, live = _raw_connection(), _raw_connection()
    try:
        for session, document in ((dead, dead_document), (live, live_document)):
            session.execute("SELECT pg_advisory_lock(%s, %s)", [INGEST_LOCK, document.pk])
        time.sleep(2.5)  # the dead worker's session says nothing more
        live.execute("SELECT 1")  # the live one is still at work

        assert documents_requeue_stuck(datetime.timedelta(seconds=2)) == 1
        assert dead.closed or _is_terminated(dead)
        assert live.execute("SELECT 1").fetchone() == (1,)
    finally:
        dead.close()
        live.close()
    requeued = Document.objects.get(pk=dead_document.pk)
    # Cut off in its linking: stored whole, so queued for its linking only.
    assert (requeued.status, requeued.stage) == (Document.Status.QUEUED, "link")
    assert Document.objects.get(pk=live_document.pk).status == Document.Status.PROCESSING
    assert len(sent) == 1


def _is_terminated(session: psycopg.Connection) -> bool:
    try:
        session.execute("SELECT 1")
    except psycopg.OperationalError:
        return True
    return False


@pytest.mark.django_db(transaction=True)
def test_a_document_that_keeps_killing_its_worker_fails_with_a_reason(settings):
    settings.INGEST_MAX_REQUEUES = 3
    document = Document.objects.create(sha256="d" * 64, status="processing", stage="store")
    IngestionOutbox.objects.create(document=document, sent_at=timezone.now(), interruptions=3)
    _age(document, 30)

    assert documents_requeue_stuck() == 0
    document.refresh_from_db()
    assert document.status == Document.Status.FAILED
    assert document.error == KEPT_FAILING.format(count=4)


@pytest.mark.django_db(transaction=True)
def test_a_redelivered_task_of_a_document_that_keeps_killing_its_worker_fails_it(settings):
    """reject_on_worker_lost hands the task of a dead worker to the next one at once; a file
    that kills every worker would go round forever."""
    settings.INGEST_MAX_REQUEUES = 2
    document = _letter()
    for attempt in range(1, 4):
        # As the worker left it when it died: still processing.
        Document.objects.filter(pk=document.pk).update(status="processing", stage="structure")
        ingested = recipe.document_ingest(document_id=document.pk)
        if attempt <= 2:
            assert ingested.status == Document.Status.DONE
        else:
            assert ingested.status == Document.Status.FAILED
            assert ingested.error == KEPT_FAILING.format(count=3)
    assert IngestionOutbox.objects.get(document=document).interruptions == 2
    _no_duplicates(document)


@pytest.mark.django_db
def test_a_document_waiting_for_its_automatic_retry_is_not_shown_as_failed(client_for, clerk):
    document = Document.objects.create(
        sha256="c" * 64, status=Document.Status.QUEUED, stage=Document.RETRY_STAGE
    )
    html = client_for(clerk).get(reverse("documents:status", args=[document.pk])).content
    html = html.decode()
    assert "Wordt opnieuw geprobeerd" in html
    assert "Mislukt" not in html
    assert "Opnieuw proberen" not in html
    assert 'hx-trigger="every 1s"' in html  # still polled: it will change


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("admins", "dsn", "debug", "promised"),
    [
        ([], "", False, False),
        ([("a", "beheer@example.nl")], "", False, True),
        ([("a", "beheer@example.nl")], "", True, False),  # Django mails admins without DEBUG only
        ([], "https://key@sentry.example/1", False, True),
    ],
)
def test_the_administrator_is_said_to_know_only_when_someone_is_told(
    monkeypatch, settings, admins, dsn, debug, promised
):
    settings.ADMINS, settings.SENTRY_DSN, settings.DEBUG = admins, dsn, debug
    document = _letter()

    def broken(document, data):
        raise RuntimeError("a bug")

    monkeypatch.setattr(recipe, "_structure", broken)
    with pytest.raises(RuntimeError):
        recipe.document_ingest(document_id=document.pk)
    document.refresh_from_db()
    assert document.status == Document.Status.FAILED
    assert ("de beheerder is op de hoogte" in document.error) is promised
    assert document.error.startswith("Onverwachte fout bij het verwerken")
