"""An ingestion that runs past its time limit ends as a failed document with a reason, and a
task lost with its worker comes back well before the hour Redis waits by default."""

import pytest
from celery.exceptions import SoftTimeLimitExceeded

from documents.models import Document
from documents.services import document_create
from kamervragen.celery import app
from kamervragen.ingestion import recipe
from tests.test_answer_documents import question_document
from tests.test_security_settings import _manage, _production_environment


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
    show = (
        "from kamervragen.celery import app; c = app.conf; "
        "print(c.task_time_limit, c.broker_transport_options['visibility_timeout'])"
    )
    environment = _production_environment(CELERY_BROKER_URL="redis://127.0.0.1:6379/0")
    result = _manage("shell", "-c", show, environment=environment)
    time_limit, visibility = map(int, result.stdout.split()[-2:])
    assert time_limit < visibility < 60 * 60  # Redis's own default is an hour


def test_a_visibility_timeout_shorter_than_a_task_is_refused():
    environment = _production_environment(
        CELERY_BROKER_URL="redis://127.0.0.1:6379/0",
        CELERY_TASK_SOFT_TIME_LIMIT="300",
        CELERY_TASK_TIME_LIMIT="600",
        CELERY_VISIBILITY_TIMEOUT="300",
    )
    result = _manage("check", environment=environment)
    assert result.returncode != 0
    assert "CELERY_VISIBILITY_TIMEOUT must exceed CELERY_TASK_TIME_LIMIT" in result.stderr
