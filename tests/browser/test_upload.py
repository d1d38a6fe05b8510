import base64

from django.utils import formats, timezone
from playwright.sync_api import expect

from documents.models import Document
from tests.conftest import SEED_LETTER_PDF, SEED_QUESTIONS_PDF

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
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Uploaden").click()
    expect(page.get_by_role("heading", name="Documenten uploaden")).to_be_visible()
    expect(page.get_by_text("U kunt ze ook hierheen slepen.")).to_be_visible()
    just_uploaded = page.get_by_role("table", name="Zojuist geüpload", include_hidden=True)
    expect(just_uploaded).to_be_hidden()  # no empty table before anything was uploaded
    shoot("upload-empty")

    page.evaluate("window.stillTheSamePage = true")
    page.get_by_label("Bestanden").set_input_files(str(SEED_LETTER_PDF))
    page.get_by_role("button", name="Uploaden").click()

    status = page.locator("#upload-results .document-status")
    expect(status).to_have_attribute("data-status", "done", timeout=90_000)
    expect(status).to_contain_text("Verwerkt")
    expect(status).to_contain_text("Kamerbrief")
    assert page.evaluate("window.stillTheSamePage") is True  # updated in place, never reloaded
    expect(just_uploaded).to_be_visible()
    shoot("upload-done")


def test_files_dropped_on_the_zone_each_get_a_row_and_a_broken_file_says_why(
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
    # The file itself is broken: the same file again would fail the same way.
    expect(failed.get_by_role("button", name="Opnieuw proberen")).to_have_count(0)
    shoot("upload-failed")

    # The same letter again: the row says which document it already is.
    page.evaluate(DROP, [[["nogmaals.pdf", letter]]])
    duplicate = page.locator("#upload-results tr").first
    expect(duplicate).to_contain_text("Al eerder geüpload als")
    existing = Document.objects.get(filename="brief.pdf")
    expect(duplicate.get_by_role("link", name=str(existing))).to_have_attribute(
        "href", f"/documenten/{existing.pk}/"
    )
    # When: said to be the upload's day ("(23 juni 2023)" read as the letter's own date).
    uploaded = formats.date_format(timezone.localtime(existing.created_at), "DATE_FORMAT")
    expect(duplicate.locator(".duplicate")).to_have_text(
        f"Al eerder geüpload als {existing}, op {uploaded}."
    )
    shoot("upload-duplicate")


def test_a_batch_with_an_empty_file_stores_the_good_one_and_says_why_beside_the_field(
    celery_worker, clerk, log_in, page, shoot, tmp_path
):
    empty = tmp_path / "leeg.pdf"
    empty.write_bytes(b"")
    program = tmp_path / "concept.docx"
    program.write_bytes(b"MZ\x90\x00" + bytes(300))  # named .docx, an .exe inside
    log_in(clerk)
    page.goto("/documenten/upload/")
    page.get_by_label("Bestanden").set_input_files([str(SEED_LETTER_PDF), str(empty), str(program)])
    page.get_by_role("button", name="Uploaden").click()

    errors = page.locator("#upload-errors")
    expect(errors.get_by_role("alert")).to_contain_text("Deze 2 bestanden zijn niet geüpload")
    expect(errors.locator('[data-refused="leeg.pdf"]')).to_contain_text("Het bestand is leeg.")
    expect(errors.locator('[data-refused="concept.docx"]')).to_contain_text("een programma")
    # Beside the file field, inside the form, not somewhere further down the page.
    expect(page.locator("form.upload-form #upload-errors")).to_have_count(1)
    status = page.locator("#upload-results .document-status")
    expect(status).to_have_count(1)
    expect(status).to_have_attribute("data-status", "done", timeout=90_000)
    assert list(Document.objects.values_list("filename", "status")) == [
        (SEED_LETTER_PDF.name, "done")
    ]
    shoot("upload-batch-with-bad-files")

    # Nothing chosen: said beside the field too, and the refusals of before are gone.
    page.get_by_role("button", name="Uploaden").click()
    expect(errors).to_contain_text("Kies ten minste één bestand.")
    expect(errors.locator("[data-refused]")).to_have_count(0)


def test_a_request_refused_as_a_whole_is_said_beside_the_field(clerk, log_in, page, tmp_path):
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text("Aan de Voorzitter van de Tweede Kamer")
    second.write_text("Nog een brief")
    log_in(clerk)
    page.goto("/documenten/upload/")
    # A proxy's size limit refuses the request before Django sees it.
    page.route("**/documenten/upload/", lambda route: route.fulfill(status=413, body=""))
    page.get_by_label("Bestanden").set_input_files([str(first), str(second)])
    page.get_by_role("button", name="Uploaden").click()
    expect(page.locator("#upload-errors").get_by_role("alert")).to_contain_text(
        "Het uploaden is mislukt (foutcode 413); er is niets opgeslagen."
    )
    expect(page.locator("table.uploads")).to_be_hidden()
    assert not Document.objects.exists()


def test_more_files_than_one_request_takes_are_refused_before_sending(
    clerk, log_in, page, settings, tmp_path
):
    """Django refuses a request with more than DATA_UPLOAD_MAX_NUMBER_FILES files as a
    whole: the clerk read "foutcode 400 … Probeer minder of kleinere bestanden", never how
    many were too many."""
    settings.DATA_UPLOAD_MAX_NUMBER_FILES = 2
    files = [tmp_path / f"brief-{n}.txt" for n in range(3)]
    for path in files:
        path.write_text("Aan de Voorzitter van de Tweede Kamer")
    log_in(clerk)
    page.goto("/documenten/upload/")
    sent = []
    page.on("request", lambda request: sent.append(request) if request.method == "POST" else 0)
    page.get_by_label("Bestanden").set_input_files([str(path) for path in files])
    page.get_by_role("button", name="Uploaden").click()
    expect(page.locator("#upload-errors").get_by_role("alert")).to_contain_text(
        "U koos 3 bestanden; er kunnen er hoogstens 2 tegelijk."
    )
    assert sent == []
    assert not Document.objects.exists()


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


def test_a_letter_row_loses_its_hint_once_the_questions_uploaded_after_it_are_linked(
    celery_worker, clerk, log_in, page, shoot
):
    """The letter done first said 'Nog aan geen vraag gekoppeld' in its row and kept
    saying it after its questions came and were linked to it: a finished row was never
    asked again."""
    log_in(clerk)
    page.goto("/documenten/upload/")
    page.get_by_label("Bestanden").set_input_files(str(SEED_LETTER_PDF))
    page.get_by_role("button", name="Uploaden").click()
    letter_row = page.locator("#upload-results tr").filter(has_text=SEED_LETTER_PDF.name)
    expect(letter_row.locator(".document-status")).to_have_attribute(
        "data-status", "done", timeout=90_000
    )
    expect(letter_row).to_contain_text("Nog aan geen vraag gekoppeld")

    page.get_by_label("Bestanden").set_input_files(str(SEED_QUESTIONS_PDF))
    page.get_by_role("button", name="Uploaden").click()
    questions_row = page.locator("#upload-results tr").filter(has_text=SEED_QUESTIONS_PDF.name)
    expect(questions_row.locator(".document-status")).to_have_attribute(
        "data-status", "done", timeout=90_000
    )
    expect(letter_row).not_to_contain_text("Nog aan geen vraag gekoppeld", timeout=30_000)
    shoot("upload-letter-then-questions")
