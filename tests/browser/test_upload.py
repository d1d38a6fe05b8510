import base64

from playwright.sync_api import expect

from documents.models import Document
from tests.conftest import SEED_LETTER_PDF, wait_for

DROP = """([files]) => {
  const transfer = new DataTransfer();
  for (const [name, data] of files) {
    const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
    transfer.items.add(new File([bytes], name, { type: "application/pdf" }));
  }
  const zone = document.querySelector("[data-dropzone]");
  for (const type of ["dragenter", "dragover", "drop"]) {
    const init = { dataTransfer: transfer, bubbles: true, cancelable: true };
    zone.dispatchEvent(new DragEvent(type, init));
  }
}"""


def test_a_clerk_uploads_a_letter_and_watches_it_get_processed(
    celery_worker, clerk, log_in, page, shoot
):
    log_in(clerk)
    page.get_by_role("link", name="Uploaden").click()
    expect(page.get_by_role("heading", name="Documenten uploaden")).to_be_visible()
    expect(page.get_by_text("U kunt ze ook hierheen slepen.")).to_be_visible()
    shoot("upload-empty")

    page.evaluate("window.stillTheSamePage = true")
    page.get_by_label("Bestanden").set_input_files(str(SEED_LETTER_PDF))
    page.get_by_role("button", name="Uploaden").click()

    status = page.locator("#upload-results .document-status")
    expect(status).to_have_attribute("data-status", "done", timeout=90_000)
    expect(status).to_contain_text("Verwerkt")
    expect(status).to_contain_text("Kamerbrief")
    assert page.evaluate("window.stillTheSamePage") is True  # updated in place, never reloaded
    shoot("upload-done")


def test_files_dropped_on_the_zone_each_get_a_row_and_a_failure_can_be_retried(
    celery_worker, clerk, log_in, page, shoot
):
    log_in(clerk)
    page.goto("/documenten/upload/")
    letter = base64.b64encode(SEED_LETTER_PDF.read_bytes()).decode()
    junk = base64.b64encode(b"%PDF-1.4\n this is no pdf at all").decode()
    page.evaluate(DROP, [[["brief.pdf", letter], ["kapot.pdf", junk]]])

    rows = page.locator("#upload-results tr")
    expect(rows).to_have_count(2)
    done = rows.filter(has_text="brief.pdf").locator(".document-status")
    failed = rows.filter(has_text="kapot.pdf").locator(".document-status")
    expect(done).to_have_attribute("data-status", "done", timeout=90_000)
    expect(failed).to_have_attribute("data-status", "failed", timeout=90_000)
    expect(failed.locator(".error")).not_to_be_empty()
    shoot("upload-failed")

    first_run = Document.objects.get(filename="kapot.pdf").updated_at
    failed.get_by_role("button", name="Opnieuw proberen").click()
    wait_for(
        lambda: Document.objects.filter(
            filename="kapot.pdf", status=Document.Status.FAILED, updated_at__gt=first_run
        ).exists()
    )
    expect(failed).to_have_attribute("data-status", "failed")
    expect(failed.get_by_role("button", name="Opnieuw proberen")).to_be_visible()

    # The same letter again: the row says which document it already is.
    page.evaluate(DROP, [[["nogmaals.pdf", letter]]])
    duplicate = page.locator("#upload-results tr").first
    expect(duplicate).to_contain_text("Al eerder geüpload als")
    existing = Document.objects.get(filename="brief.pdf")
    expect(duplicate.get_by_role("link", name=str(existing))).to_have_attribute(
        "href", f"/documenten/{existing.pk}/"
    )
    shoot("upload-duplicate")


def test_a_clerk_corrects_the_kind_and_the_document_is_processed_again(
    celery_worker, seeded, clerk, log_in, page, shoot
):
    letter = Document.objects.get(kind="letter")
    log_in(clerk)
    page.goto(f"/documenten/{letter.pk}/")
    page.get_by_text("Soort en gegevens corrigeren").click()
    page.get_by_label("Soort").select_option("other")
    page.get_by_label("Titel").fill("Scan en detectie (brief)")
    shoot("document-correct")
    page.get_by_role("button", name="Opslaan en opnieuw verwerken").click()
    expect(page.get_by_role("status")).to_contain_text("wordt opnieuw verwerkt")
    status = page.locator(".document-state .document-status")
    expect(status).to_have_attribute("data-status", "done", timeout=90_000)
    letter.refresh_from_db()
    assert (letter.kind, letter.kind_set_by_user, letter.title) == (
        "other",
        True,
        "Scan en detectie (brief)",
    )
