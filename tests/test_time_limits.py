"""An ingestion that runs past its time limit ends as a failed document with a reason, and a
task lost with its worker comes back well before the hour Redis waits by default."""

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings

from documents.models import Document
from documents.services import document_create
from kamervragen.celery import app
from kamervragen.ingestion import recipe
from tests.test_answer_documents import question_document


@pytest.mark.django_db
def test_an_ingestion_past_its_soft_time_limit_fails_with_a_reason(monkeypatch):
    document = document_create(filename="v.txt", data=question_document()).document

    def too_slow(document, data):
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr(recipe, "_structure", too_slow)

    document = recipe.document_ingest(document_id=document.pk)

    assert document.status == Document.Status.FAILED
    assert "duurde langer dan" in document.error
    assert not document.passages.exists()


def test_the_worker_has_time_and_memory_limits():
    assert 0 < app.conf.task_soft_time_limit < app.conf.task_time_limit
    assert app.conf.worker_max_memory_per_child > 0


def test_redis_redelivers_a_lost_task_only_after_the_longest_task_could_have_run():
    assert settings.CELERY_BROKER_URL.startswith("redis://")  # the suite's broker
    visibility = app.conf.broker_transport_options["visibility_timeout"]
    assert app.conf.task_time_limit < visibility < 60 * 60
