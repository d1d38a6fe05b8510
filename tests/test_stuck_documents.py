"""A document stuck in the queue or in processing can be retried, but never run twice."""

import datetime
import threading

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from documents.models import Document, Passage
from documents.services import document_create
from kamervragen.env import env_int
from kamervragen.ingestion import recipe
from kamervragen.ingestion.recipe import document_ingest
from kamervragen.ingestion.reprocess import NotFinished, document_reprocess
from tests.conftest import FIXTURES, wait_for

SEED_LETTER_TXT = FIXTURES / "seeds" / "kamerbrief-31934-scan-en-detectie.txt"


def _age(document: Document, minutes: int) -> Document:
    """updated_at is auto_now, so it is set behind the model's back."""
    when = timezone.now() - datetime.timedelta(minutes=minutes)
    Document.objects.filter(pk=document.pk).update(updated_at=when)
    document.refresh_from_db()
    return document


def _document(**fields) -> Document:
    return Document.objects.create(**{"filename": "brief.pdf", "sha256": "b" * 64, **fields})


@pytest.mark.django_db
def test_a_document_without_progress_for_too_long_is_stuck(settings):
    settings.DOCUMENT_STUCK_AFTER_MINUTES = 15
    processing = _document(status=Document.Status.PROCESSING, stage="structure")
    assert not processing.is_stuck
    assert _age(processing, 16).is_stuck
    settings.DOCUMENT_STUCK_AFTER_MINUTES = 60
    assert not processing.is_stuck
    failed = _age(_document(sha256="c" * 64, status=Document.Status.FAILED), 600)
    assert not failed.is_stuck


@pytest.mark.django_db
def test_a_stuck_document_shows_it_and_offers_a_retry_to_clerks_only(
    client_for, clerk, policy_staff
):
    document = _age(_document(status=Document.Status.QUEUED), 20)
    url = reverse("documents:status", args=[document.pk])
    as_clerk = client_for(clerk).get(url).content.decode()
    assert "Lijkt vast te zitten" in as_clerk
    assert "al 20\xa0minuten geen voortgang" in as_clerk
    assert "Opnieuw proberen" in as_clerk
    assert 'hx-trigger="every 10s"' in as_clerk
    as_staff = client_for(policy_staff).get(url).content.decode()
    assert "Lijkt vast te zitten" in as_staff
    assert "Opnieuw proberen" not in as_staff


@pytest.mark.django_db
def test_a_document_that_is_merely_slow_offers_no_retry(client_for, clerk):
    document = _age(_document(status=Document.Status.PROCESSING, stage="structure"), 5)
    html = client_for(clerk).get(reverse("documents:status", args=[document.pk])).content
    assert "Lijkt vast te zitten" not in html.decode()
    assert "Opnieuw proberen" not in html.decode()
    with pytest.raises(NotFinished):
        document_reprocess(document=document, by=clerk)


@pytest.mark.django_db
def test_policy_staff_and_curators_cannot_retry_a_stuck_document(client_for, policy_staff, curator):
    document = _age(_document(status=Document.Status.PROCESSING, stage="read"), 30)
    for user in (policy_staff, curator):
        response = client_for(user).post(
            reverse("documents:reprocess", args=[document.pk]), headers={"HX-Request": "true"}
        )
        assert response.status_code == 403
    document.refresh_from_db()
    assert (document.status, document.stage) == (Document.Status.PROCESSING, "read")


@pytest.mark.django_db(transaction=True)
def test_a_clerk_retries_a_document_whose_task_was_lost_and_it_is_processed(
    celery_worker, client_for, clerk
):
    # Stored but never enqueued: as if the broker lost the message.
    document = document_create(filename=SEED_LETTER_TXT.name, data=SEED_LETTER_TXT.read_bytes())
    document = _age(document.document, 30)
    response = client_for(clerk).post(
        reverse("documents:reprocess", args=[document.pk]), headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert 'data-status="queued"' in html
    assert "Lijkt vast te zitten" not in html
    done = wait_for(lambda: Document.objects.filter(pk=document.pk, status="done").first())
    assert done.passages.exists()


@pytest.mark.django_db(transaction=True)
def test_a_retry_of_a_document_still_being_processed_changes_nothing(
    monkeypatch, client_for, clerk
):
    """A slow ingestion in another thread (its own database session) looks stuck; the
    retry is refused, a second ingestion leaves the document alone, and the first one
    finishes with exactly one copy of the structure."""
    data = SEED_LETTER_TXT.read_bytes()
    document = document_create(filename=SEED_LETTER_TXT.name, data=data).document
    structuring, release = threading.Event(), threading.Event()
    real_structure = recipe.structure_document

    def slow_structure(*args, **kwargs):
        structuring.set()
        assert release.wait(60)
        return real_structure(*args, **kwargs)

    monkeypatch.setattr(recipe, "structure_document", slow_structure)
    errors = []

    def first_worker():
        try:
            document_ingest(document_id=document.pk)
        except Exception as error:  # reported below, in the test's thread
            errors.append(error)
        finally:
            connection.close()

    worker = threading.Thread(target=first_worker)
    worker.start()
    try:
        assert structuring.wait(60)
        _age(document, 30)
        response = client_for(clerk).post(
            reverse("documents:reprocess", args=[document.pk]), headers={"HX-Request": "true"}
        )
        html = response.content.decode()
        assert "wordt op dit moment nog verwerkt" in html
        assert "Opnieuw proberen" not in html
        document.refresh_from_db()
        assert (document.status, document.stage) == (Document.Status.PROCESSING, "structure")

        # A second ingestion (a redelivered task, say) gives way to the running one.
        again = document_ingest(document_id=document.pk)
        assert (again.status, again.stage) == (Document.Status.PROCESSING, "structure")
        assert not Passage.objects.filter(document=document).exists()
    finally:
        release.set()
        worker.join(120)
    assert not errors
    document.refresh_from_db()
    assert document.status == Document.Status.DONE
    orders = list(Passage.objects.filter(document=document).values_list("order", flat=True))
    assert orders and len(orders) == len(set(orders))

    # Once nothing runs, the document is done and can be processed again as usual.
    document_reprocess(document=document, by=clerk)
    monkeypatch.setattr(recipe, "structure_document", real_structure)
    assert document_ingest(document_id=document.pk).status == Document.Status.DONE
    assert Passage.objects.filter(document=document, superseded=False).count() == len(orders)


@pytest.mark.parametrize("raw", ["abc", "0", "-5", "1.5"])
def test_a_bad_stuck_after_setting_is_refused(monkeypatch, raw):
    monkeypatch.setenv("DOCUMENT_STUCK_AFTER_MINUTES", raw)
    with pytest.raises(ImproperlyConfigured):
        env_int("DOCUMENT_STUCK_AFTER_MINUTES", 15, minimum=1)


def test_the_stuck_after_setting_is_read_from_the_environment(monkeypatch):
    monkeypatch.setenv("DOCUMENT_STUCK_AFTER_MINUTES", " 40 ")
    assert env_int("DOCUMENT_STUCK_AFTER_MINUTES", 15, minimum=1) == 40
    monkeypatch.delenv("DOCUMENT_STUCK_AFTER_MINUTES")
    assert env_int("DOCUMENT_STUCK_AFTER_MINUTES", 15, minimum=1) == 15
