"""One large document does not stall all ingestion: no lock is held across a document's
linking, a document still working is not shown as stuck, and documents that linked at the
same time are still linked to each other."""

import datetime
import threading

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from documents.models import Document
from documents.services import document_create
from kamervragen.ingestion import recipe
from kamervragen.models import Link
from tests.conftest import SEED_LETTER_PDF, SEED_QUESTIONS_PDF

pytestmark = pytest.mark.django_db(transaction=True)


def _ingest(document_id: int) -> None:
    recipe.document_ingest(document_id=document_id)


def _in_thread(target, *args) -> tuple[threading.Thread, list]:
    errors: list = []

    def run() -> None:
        try:
            target(*args)
        except Exception as error:  # reported in the test's thread
            errors.append(error)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, errors


def test_a_small_document_is_linked_and_done_while_a_large_one_is_still_linking(
    monkeypatch, suggesting_model
):
    large = document_create(filename=SEED_LETTER_PDF.name, data=SEED_LETTER_PDF.read_bytes())
    small = document_create(filename=SEED_QUESTIONS_PDF.name, data=SEED_QUESTIONS_PDF.read_bytes())
    large_linking, release = threading.Event(), threading.Event()
    link = recipe._link

    def slow_for_the_large_one(document: Document) -> None:
        link(document)
        if document.pk == large.document.pk and not release.is_set():
            large_linking.set()  # inside its link transaction, as a 2,000-page letter is
            assert release.wait(120)

    monkeypatch.setattr(recipe, "_link", slow_for_the_large_one)
    large_thread, large_errors = _in_thread(_ingest, large.document.pk)
    try:
        assert large_linking.wait(120)
        small_thread, small_errors = _in_thread(_ingest, small.document.pk)
        small_thread.join(60)  # under one application-wide linking lock it waits here
        assert not small_thread.is_alive(), "the small document waited for the large one"
        assert not small_errors
        assert Document.objects.get(pk=small.document.pk).status == Document.Status.DONE
        large_now = Document.objects.get(pk=large.document.pk)
        assert (large_now.status, large_now.stage) == (Document.Status.PROCESSING, "link")
    finally:
        release.set()
        large_thread.join(120)
    assert not large_errors
    assert Document.objects.filter(status=Document.Status.DONE).count() == 2
    # Each linked without the other done; the one finishing last had the pair linked again.
    assert Link.objects.filter(
        passage__document=large.document, question__document=small.document
    ).exists()
    pairs = Link.objects.values_list("question_id", "passage_id", "footnote_id")
    assert len(pairs) == len(set(pairs))


def test_a_document_in_a_long_stage_keeps_showing_progress(
    monkeypatch, settings, client_for, clerk
):
    settings.DOCUMENT_HEARTBEAT_SECONDS = 0.2
    settings.DOCUMENT_STUCK_AFTER_MINUTES = 15
    document = document_create(
        filename=SEED_QUESTIONS_PDF.name, data=SEED_QUESTIONS_PDF.read_bytes()
    ).document
    structuring, release = threading.Event(), threading.Event()
    structure = recipe.structure_document

    def slow_structure(*args, **kwargs):
        structuring.set()
        assert release.wait(60)
        return structure(*args, **kwargs)

    monkeypatch.setattr(recipe, "structure_document", slow_structure)
    thread, errors = _in_thread(_ingest, document.pk)
    try:
        assert structuring.wait(60)
        # As if the stage had been running for 20 minutes without a word.
        past = timezone.now() - datetime.timedelta(minutes=20)
        Document.objects.filter(pk=document.pk).update(updated_at=past)
        refreshed = _wait_until_fresh(document.pk, past)
        assert not refreshed.is_stuck
        html = client_for(clerk).get(reverse("documents:status", args=[document.pk]))
        assert "Lijkt vast te zitten" not in html.content.decode()
        assert "Opnieuw proberen" not in html.content.decode()
    finally:
        release.set()
        thread.join(120)
    assert not errors
    assert Document.objects.get(pk=document.pk).status == Document.Status.DONE


def _wait_until_fresh(document_id: int, past: datetime.datetime) -> Document:
    deadline = timezone.now() + datetime.timedelta(seconds=10)
    while timezone.now() < deadline:
        document = Document.objects.get(pk=document_id)
        if document.updated_at > past + datetime.timedelta(minutes=19):
            return document
        threading.Event().wait(0.1)
    raise AssertionError("no heartbeat within 10 s")
