"""An ingestion that runs past its time limit ends as a failed document with a reason, its
limits sized by the document (pages for the extraction, passages for the linking), and a
task lost with its worker comes back well before the hour Redis waits by default."""

import pytest
from celery.exceptions import SoftTimeLimitExceeded

from documents.models import Document
from documents.services import document_create
from kamervragen.celery import app
from kamervragen.ingestion import recipe
from kamervragen.ingestion.limits import (
    document_pages,
    extraction_time_limits,
    linking_time_limits,
    pdf_page_count,
    time_limits_sized,
)
from kamervragen.ingestion.outbox import outbox_send
from kamervragen.models import IngestionOutbox, Link
from tests.conftest import FIXTURES
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


@pytest.fixture
def limits(settings):
    settings.CELERY_TASK_SOFT_TIME_LIMIT = 1200
    settings.CELERY_TASK_TIME_LIMIT = 1500
    settings.INGEST_EXTRACTION_BASE_SECONDS = 120
    settings.INGEST_EXTRACTION_SECONDS_PER_PAGE = 2
    settings.INGEST_LINKING_BASE_SECONDS = 60
    settings.INGEST_LINKING_SECONDS_PER_10_PASSAGES = 2
    return settings


def test_the_time_limits_grow_with_the_work_up_to_the_cap(limits):
    assert time_limits_sized(0, base=120, per_unit=2).soft == 120
    small = time_limits_sized(10, base=120, per_unit=2)
    assert (small.soft, small.hard, small.capped) == (140, 440, False)  # the settings' margin
    assert time_limits_sized(300, base=120, per_unit=2).soft == 720
    huge = time_limits_sized(2000, base=120, per_unit=2)
    assert (huge.soft, huge.hard, huge.capped) == (1200, 1500, True)
    assert time_limits_sized(500, base=0, per_unit=0.2).soft == 100


@pytest.mark.django_db
def test_a_pdf_is_sized_by_its_pages_and_other_files_by_their_length(limits):
    pdf = (FIXTURES / "seeds" / "kamervragen-2023Z11786-nuctech.pdf").read_bytes()
    pages = pdf_page_count(pdf)
    assert pages and pages >= 1
    document = document_create(filename="v.pdf", data=pdf).document
    assert document_pages(document) == pages
    assert extraction_time_limits(document).soft == 120 + 2 * pages

    text = document_create(filename="v.txt", data=b"x" * 30_000).document
    assert document_pages(text) == 10
    assert pdf_page_count(b"%PDF-1.7 broken") is None


@pytest.mark.django_db
def test_the_linking_is_sized_by_the_passages_the_extraction_stored(limits, monkeypatch):
    monkeypatch.setattr(recipe, "linking_enqueue", lambda document: None)
    document = document_create(filename="v.txt", data=question_document()).document
    document = recipe.document_extract(document_id=document.pk)
    assert document.is_waiting_for_linking
    passages = document.passages.filter(superseded=False).count()
    assert passages > 0
    assert linking_time_limits(document).soft == 60 + passages * 2 // 10


@pytest.mark.django_db
def test_each_task_is_sent_with_the_limits_of_its_document(limits, monkeypatch):
    sent = []
    monkeypatch.setattr(
        app, "send_task", lambda name, args, **options: sent.append((name, options))
    )
    document = document_create(filename="v.txt", data=question_document()).document
    row = IngestionOutbox.objects.create(document=document)
    assert outbox_send(row.pk)
    name, options = sent[-1]
    assert name == "kamervragen.tasks.ingest_document"
    assert options["soft_time_limit"] == extraction_time_limits(document).soft
    assert options["time_limit"] == options["soft_time_limit"] + 300

    # Stored by the extraction: the next send is its linking, sized by its passages.
    recipe.document_extract(document_id=document.pk, hand_off=False)
    IngestionOutbox.objects.filter(pk=row.pk).update(sent_at=None)
    assert outbox_send(row.pk)
    name, options = sent[-1]
    assert name == "kamervragen.tasks.link_document"
    assert options["soft_time_limit"] == linking_time_limits(document).soft


def test_extraction_and_linking_are_routed_to_queues_of_their_own():
    def queue(name: str) -> str:
        return app.amqp.router.route({}, name)["queue"].name

    assert queue("kamervragen.tasks.ingest_document") == "extraction"
    assert queue("kamervragen.tasks.link_document") == "linking"
    assert queue("kamervragen.housekeeping.outbox_flush") == "celery"


@pytest.mark.django_db
def test_a_linking_past_its_soft_time_limit_fails_with_a_reason_and_no_links(monkeypatch):
    document = document_create(filename="v.txt", data=question_document()).document
    document = recipe.document_extract(document_id=document.pk, hand_off=False)
    passages = document.passages.count()

    def too_slow(document):
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr(recipe, "_link", too_slow)
    document = recipe.document_link(document_id=document.pk, soft_limit=130)

    assert document.status == Document.Status.FAILED
    assert document.error.startswith("Het koppelen van het document duurde langer dan de 2 minuten")
    assert document.retry_helps  # sized below the cap: a quieter moment may do
    assert document.passages.count() == passages  # the stored structure is whole
    assert not Link.objects.exists()


@pytest.mark.django_db
def test_a_document_that_reaches_the_cap_is_not_offered_a_retry(settings, monkeypatch):
    settings.CELERY_TASK_SOFT_TIME_LIMIT = 1200
    document = document_create(filename="v.txt", data=question_document()).document

    def too_slow(document, data):
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr(recipe, "_structure", too_slow)
    document = recipe.document_extract(document_id=document.pk, soft_limit=1200)

    assert document.status == Document.Status.FAILED
    assert "langer dan 20 minuten, de grens voor één document" in document.error
    assert "splits het in delen" in document.error
    assert not document.retry_helps
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
