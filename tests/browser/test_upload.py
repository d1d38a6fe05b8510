from playwright.sync_api import expect

from tests.conftest import SEED_LETTER_PDF


def test_a_clerk_uploads_a_letter_and_watches_it_get_processed(
    celery_worker, clerk, log_in, page, shoot
):
    log_in(clerk)
    page.get_by_role("link", name="Uploaden").click()
    expect(page.get_by_role("heading", name="Documenten uploaden")).to_be_visible()
    shoot("upload-empty")

    page.evaluate("window.stillTheSamePage = true")
    page.get_by_label("Bestanden").set_input_files(str(SEED_LETTER_PDF))
    page.get_by_role("button", name="Uploaden").click()

    status = page.locator("#upload-results td.status")
    expect(status).to_have_attribute("data-status", "done", timeout=90_000)
    expect(status).to_contain_text("Verwerkt")
    assert page.evaluate("window.stillTheSamePage") is True  # updated in place, never reloaded
    shoot("upload-done")
