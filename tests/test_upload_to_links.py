"""The whole path: a clerk uploads, the Celery worker ingests, questions get linked."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from documents.models import Document
from kamervragen.models import Link, Question
from tests.conftest import SEED_LETTER_PDF, SEED_QUESTIONS_PDF, wait_for

pytestmark = pytest.mark.django_db(transaction=True)


def _upload(client, *paths):
    files = [SimpleUploadedFile(p.name, p.read_bytes(), "application/pdf") for p in paths]
    return client.post(
        reverse("documents:upload"), {"files": files}, headers={"HX-Request": "true"}
    )


def _finished(document_id):
    document = Document.objects.get(pk=document_id)
    return document if document.is_finished else None


def test_uploaded_pdfs_are_ingested_by_the_worker_and_linked(
    celery_worker, client_for, clerk, suggesting_model
):
    response = _upload(client_for(clerk), SEED_QUESTIONS_PDF, SEED_LETTER_PDF)
    assert response.status_code == 200
    documents = list(Document.objects.order_by("pk"))
    assert [d.filename for d in documents] == [SEED_QUESTIONS_PDF.name, SEED_LETTER_PDF.name]

    for document in documents:
        finished = wait_for(lambda d=document: _finished(d.pk))
        assert finished.status == Document.Status.DONE, finished.error

    questions, letter = Document.objects.order_by("pk")
    assert questions.kind == Document.Kind.QUESTIONS
    assert letter.kind == Document.Kind.LETTER
    assert Question.objects.filter(document=questions).count() == 13
    assert letter.passages.count() > 20
    links = Link.objects.filter(passage__document=letter)
    assert links.exists()
    assert all(link.evidence["terms"] for link in links)


def test_the_status_row_polls_until_the_document_is_done(celery_worker, client_for, clerk):
    client = client_for(clerk)
    _upload(client, SEED_LETTER_PDF)
    document = Document.objects.get()
    wait_for(lambda: _finished(document.pk))
    row = client.get(reverse("documents:status", args=[document.pk])).content.decode()
    assert 'data-status="done"' in row
    # Polling for its progress stops once the document is finished; a letter linked to no
    # question yet asks every 5 s for a while whether it is now (tests/test_document_page.py).
    assert 'hx-trigger="every 1s"' not in row and 'hx-trigger="every 10s"' not in row
    assert 'data-found="no_links"' in row and 'hx-trigger="every 5s"' in row


def test_a_duplicate_upload_names_the_existing_document(celery_worker, client_for, clerk):
    client = client_for(clerk)
    _upload(client, SEED_LETTER_PDF)
    response = _upload(client, SEED_LETTER_PDF)
    existing = Document.objects.get()
    html = response.content.decode()
    assert "Al eerder geüpload als" in html
    assert f'href="{reverse("documents:detail", args=[existing.pk])}"' in html
    assert Document.objects.count() == 1


def test_a_file_that_is_not_a_document_fails_with_a_reason(celery_worker, client_for, clerk):
    client = client_for(clerk)
    junk = SimpleUploadedFile("kapot.pdf", b"%PDF-1.4\n this is no pdf at all", "application/pdf")
    client.post(reverse("documents:upload"), {"files": [junk]}, headers={"HX-Request": "true"})
    document = wait_for(lambda: _finished(Document.objects.get().pk))
    assert document.status == Document.Status.FAILED
    assert document.error
    assert not document.passages.exists()
