import datetime

from django.utils import timezone
from playwright.sync_api import expect

from documents.models import Document
from documents.services import document_create
from tests.conftest import FIXTURES

SEED_LETTER_TXT = FIXTURES / "seeds" / "kamerbrief-31934-scan-en-detectie.txt"


def test_a_clerk_retries_a_document_stuck_in_the_queue(
    celery_worker, transactional_db, clerk, log_in, page, shoot
):
    # Stored but never enqueued, half an hour ago: as if the broker lost the task.
    data = SEED_LETTER_TXT.read_bytes()
    document = document_create(filename=SEED_LETTER_TXT.name, data=data).document
    half_an_hour_ago = timezone.now() - datetime.timedelta(minutes=30)
    Document.objects.filter(pk=document.pk).update(updated_at=half_an_hour_ago)

    log_in(clerk)
    page.goto(f"/documenten/{document.pk}/")
    state = page.locator(".document-state")
    expect(state).to_contain_text("Lijkt vast te zitten")
    shoot("document-stuck")
    state.get_by_role("button", name="Opnieuw proberen").click()
    expect(state.locator("[data-status=done]")).to_be_visible(timeout=60_000)
    expect(state).not_to_contain_text("Lijkt vast te zitten")
