"""Two documents that finish at the same moment still get linked to each other."""

import threading

import psycopg
import pytest
from django.db import OperationalError, connection

from documents.models import Document
from documents.services import document_create
from kamervragen.ingestion import recipe
from kamervragen.models import Link
from tests.conftest import SEED_LETTER_PDF, SEED_QUESTIONS_PDF

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_letter_and_its_questions_processed_together_are_linked(monkeypatch, suggesting_model):
    letter = document_create(filename=SEED_LETTER_PDF.name, data=SEED_LETTER_PDF.read_bytes())
    questions = document_create(
        filename=SEED_QUESTIONS_PDF.name, data=SEED_QUESTIONS_PDF.read_bytes()
    )
    letter_linked = threading.Event()
    questions_done = threading.Event()
    link = recipe._link

    def link_then_linger(document: Document) -> None:
        # The unlucky order: the letter links before the questions exist, then the
        # questions link while the letter is not done yet.
        link(document)
        if document.pk == letter.document.pk:
            letter_linked.set()
            # No lock is held across linking: the questions finish meanwhile, and the
            # letter, finishing last, has the pair linked again (`recipe._relink_missed`).
            questions_done.wait(timeout=30)

    monkeypatch.setattr(recipe, "_link", link_then_linger)

    def ingest(document_id: int, after: threading.Event | None = None) -> None:
        try:
            if after:
                after.wait(timeout=30)
            recipe.document_ingest(document_id=document_id)
        finally:
            if document_id == questions.document.pk:
                questions_done.set()
            connection.close()

    threads = [
        threading.Thread(target=ingest, args=(letter.document.pk,)),
        threading.Thread(target=ingest, args=(questions.document.pk, letter_linked)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert Document.objects.filter(status=Document.Status.DONE).count() == 2
    assert Link.objects.filter(
        passage__document=letter.document, method=Link.Method.LEXICAL
    ).exists()


def _deadlock() -> OperationalError:
    """What Django raises when PostgreSQL aborts this transaction as one of a deadlock."""
    try:
        raise psycopg.errors.DeadlockDetected("deadlock detected")
    except psycopg.Error as cause:
        try:
            raise OperationalError(str(cause)) from cause
        except OperationalError as error:
            return error


def test_a_linking_aborted_by_a_deadlock_is_run_again_at_once(monkeypatch):
    letter = document_create(filename=SEED_LETTER_PDF.name, data=SEED_LETTER_PDF.read_bytes())
    link, calls = recipe._link, []

    def deadlocked_once(document: Document) -> None:
        calls.append(document.pk)
        link(document)
        if len(calls) == 1:
            raise _deadlock()  # the other transaction went on; this one was rolled back

    monkeypatch.setattr(recipe, "_link", deadlocked_once)
    recipe.document_ingest(document_id=letter.document.pk)

    done = Document.objects.get(pk=letter.document.pk)
    assert (done.status, done.error, len(calls)) == (Document.Status.DONE, "", 2)


def test_a_lost_connection_while_linking_is_not_taken_for_a_collision(monkeypatch):
    letter = document_create(filename=SEED_LETTER_PDF.name, data=SEED_LETTER_PDF.read_bytes())

    def connection_lost(document: Document) -> None:
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(recipe, "_link", connection_lost)
    with pytest.raises(OperationalError):  # the task's retry with backoff takes it
        recipe.document_ingest(document_id=letter.document.pk)
