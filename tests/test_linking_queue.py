"""The extraction hands a stored document to the linking queue: nothing is lost between the
two tasks (a lost hand-off, a dead linking worker, a correction saved while it waits)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from documents.models import Document
from documents.services import document_create
from kamervragen.celery import app
from kamervragen.ingestion import recipe
from kamervragen.ingestion.outbox import documents_requeue_stuck
from kamervragen.models import IngestionOutbox
from tests.test_answer_documents import question_document

pytestmark = pytest.mark.django_db(transaction=True)  # on_commit sends


@pytest.fixture
def sent(monkeypatch):
    """The tasks sent to the broker, by name (none reaches it)."""
    names: list[str] = []
    monkeypatch.setattr(app, "send_task", lambda name, args, **options: names.append(name))
    return names


def _stored(sent) -> Document:
    """A document its extraction task has stored and handed to the linking queue."""
    document = document_create(filename="v.txt", data=question_document()).document
    IngestionOutbox.objects.create(document=document, sent_at=timezone.now())
    return recipe.document_extract(document_id=document.pk)


def test_the_extraction_stores_the_document_and_queues_its_linking(sent):
    document = _stored(sent)
    assert (document.status, document.stage) == (Document.Status.QUEUED, "link")
    assert document.passages.exists()
    assert sent == ["kamervragen.tasks.link_document"]
    # Sent twice (the outbox's flush, say), the extraction leaves it as it is.
    assert recipe.document_extract(document_id=document.pk).is_waiting_for_linking
    assert len(sent) == 1

    document = recipe.document_link(document_id=document.pk)
    assert document.status == Document.Status.DONE
    assert recipe.document_link(document_id=document.pk).status == Document.Status.DONE


def test_a_lost_linking_is_sent_again_without_extracting_again(sent, settings):
    settings.DOCUMENT_STUCK_AFTER_MINUTES = 15
    document = _stored(sent)
    passages = set(document.passages.values_list("pk", flat=True))
    past = timezone.now() - datetime.timedelta(minutes=20)
    Document.objects.filter(pk=document.pk).update(updated_at=past)

    assert documents_requeue_stuck() == 1

    document.refresh_from_db()
    assert document.is_waiting_for_linking
    assert sent[-1] == "kamervragen.tasks.link_document"
    assert recipe.document_link(document_id=document.pk).status == Document.Status.DONE
    assert set(document.passages.values_list("pk", flat=True)) == passages


def test_a_linking_whose_worker_died_is_counted_and_done_by_the_next(sent):
    document = _stored(sent)
    # Its worker took it and died: the task comes back with the document still linking.
    Document.objects.filter(pk=document.pk).update(status=Document.Status.PROCESSING)

    document = recipe.document_link(document_id=document.pk)

    assert document.status == Document.Status.DONE
    assert IngestionOutbox.objects.get(document=document).interruptions == 1


def test_a_correction_saved_while_it_waits_for_linking_processes_it_again(sent, client_for, clerk):
    document = _stored(sent)
    client_for(clerk).post(
        reverse("documents:correct", args=[document.pk]), {"kind": "", "zaak": "2023Z99999"}
    )

    document.refresh_from_db()
    assert (document.status, document.stage) == (Document.Status.QUEUED, "")
    assert sent[-1] == "kamervragen.tasks.ingest_document"
    # The linking task already in its queue finds nothing to do.
    assert recipe.document_link(document_id=document.pk).status == Document.Status.QUEUED
