import datetime

from django.core.management import call_command
from playwright.sync_api import expect

from documents.models import Document
from tests.conftest import FIXTURES, wait_for

SEED_LETTER_TXT = FIXTURES / "seeds" / "kamerbrief-31934-scan-en-detectie.txt"


def _wait_until_done(document: Document, after: datetime.datetime) -> Document:
    return wait_for(
        lambda: Document.objects.filter(
            pk=document.pk, status="done", processed_at__gt=after
        ).first(),
        timeout=90,
    )


def test_a_corrected_date_is_shown_after_saving_and_kept_when_saved_again(
    celery_worker, transactional_db, clerk, log_in, page, shoot
):
    call_command("ingest", str(SEED_LETTER_TXT), sync=True)
    letter = Document.objects.get()
    log_in(clerk)

    page.goto(f"/documenten/{letter.pk}/")
    page.get_by_text("Soort en gegevens corrigeren").click()
    page.get_by_label("Datum").fill("2020-09-25")
    before = Document.objects.get().processed_at
    page.get_by_role("button", name="Opslaan en opnieuw verwerken").click()
    _wait_until_done(letter, before)

    page.reload()
    page.get_by_text("Soort en gegevens corrigeren").click()
    expect(page.get_by_label("Datum")).to_have_value("2020-09-25")
    expect(page.locator("p.meta").first).to_contain_text("25 september 2020")
    shoot("correction-date-shown")

    before = Document.objects.get().processed_at
    page.get_by_role("button", name="Opslaan en opnieuw verwerken").click()  # nothing changed
    _wait_until_done(letter, before)
    page.reload()
    page.get_by_text("Soort en gegevens corrigeren").click()
    expect(page.get_by_label("Datum")).to_have_value("2020-09-25")
    assert Document.objects.get().date == datetime.date(2020, 9, 25)


def test_a_zaak_number_that_is_none_is_refused_next_to_the_field(
    transactional_db, clerk, log_in, page
):
    call_command("ingest", str(SEED_LETTER_TXT), sync=True)
    letter = Document.objects.get()
    log_in(clerk)
    page.goto(f"/documenten/{letter.pk}/")
    page.get_by_text("Soort en gegevens corrigeren").click()
    page.get_by_label("Zaaknummer").fill("abc")
    page.get_by_role("button", name="Opslaan en opnieuw verwerken").click()
    field = page.locator(".field", has=page.get_by_label("Zaaknummer"))
    expect(field.get_by_role("alert")).to_have_text(
        "Een zaaknummer is een jaartal, een Z en vijf cijfers, zoals 2023Z11786."
    )
    assert "zaak" not in Document.objects.get().overrides.get("identifiers", {})


def test_a_clerk_deletes_a_wrong_upload_after_seeing_what_goes_with_it(
    transactional_db, clerk, log_in, page, shoot
):
    call_command("ingest", str(SEED_LETTER_TXT), sync=True)
    letter = Document.objects.get()
    log_in(clerk)
    page.goto(f"/documenten/{letter.pk}/")
    page.get_by_role("link", name="Verwijderen…").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("verwijderen")
    expect(page.locator(".discard-plan")).to_contain_text("passages")
    shoot("deletion-confirmation")
    assert Document.objects.filter(pk=letter.pk).exists()  # the page alone deletes nothing
    page.get_by_role("button", name="Definitief verwijderen").click()
    expect(page).to_have_url(f"{page.url.split('/documenten/')[0]}/documenten/")
    expect(page.get_by_role("status")).to_contain_text("is verwijderd")
    assert not Document.objects.filter(pk=letter.pk).exists()
