"""Clerks see progress per stage, retry failures, and correct what detection got wrong."""

import datetime

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from documents.models import Document, DocumentSnapshot
from documents.services import document_create, document_override
from kamervragen.ingestion.recipe import document_ingest
from kamervragen.ingestion.reprocess import document_reprocess
from kamervragen.models import QuestionSet
from kamervragen.selectors import document_question_set
from tests.conftest import FIXTURES, wait_for

SEED_QUESTIONS_TXT = FIXTURES / "seeds" / "kamervragen-2023Z11786-nuctech.txt"
SEED_LETTER_TXT = FIXTURES / "seeds" / "kamerbrief-31934-scan-en-detectie.txt"


def _document(**fields) -> Document:
    values = {"filename": "brief.pdf", "sha256": "a" * 64, **fields}
    return Document.objects.create(**values)


@pytest.mark.django_db
def test_the_status_shows_the_stage_while_processing(client_for, clerk):
    document = _document(status=Document.Status.PROCESSING, stage="structure")
    html = client_for(clerk).get(reverse("documents:status", args=[document.pk])).content
    html = html.decode()
    assert "stap 2 van 4: structuur" in html
    assert 'hx-trigger="every 1s"' in html
    assert '<progress max="4" value="2"' in html


@pytest.mark.django_db
def test_the_document_page_reloads_once_its_document_is_processed(client_for, clerk):
    """A document's page opened while it is processed has no passages or metadata yet; when
    its status poll finds it finished, htmx reloads the page (HX-Refresh) instead of showing
    "Verwerkt" above an empty page. Elsewhere (upload results, lists) the status only swaps."""
    document = _document(status=Document.Status.PROCESSING, stage="structure")
    client = client_for(clerk)
    page = client.get(reverse("documents:detail", args=[document.pk])).content.decode()
    poll = reverse("documents:status", args=[document.pk]) + "?herladen=1"
    assert f'hx-get="{poll}"' in page
    htmx = {"HX-Request": "true"}
    assert "HX-Refresh" not in client.get(poll, headers=htmx)
    Document.objects.filter(pk=document.pk).update(status=Document.Status.DONE)
    assert client.get(poll, headers=htmx)["HX-Refresh"] == "true"
    plain = reverse("documents:status", args=[document.pk])
    assert "HX-Refresh" not in client.get(plain, headers=htmx)
    # "Opnieuw proberen" on the page gives back a status that reloads the page when done.
    Document.objects.filter(pk=document.pk).update(status=Document.Status.FAILED, error="x")
    page = client.get(reverse("documents:detail", args=[document.pk])).content.decode()
    retry = reverse("documents:reprocess", args=[document.pk]) + "?herladen=1"
    assert f'hx-post="{retry}"' in page


@pytest.mark.django_db
def test_a_failed_document_offers_a_retry_to_clerks_only(client_for, clerk, policy_staff):
    document = _document(status=Document.Status.FAILED, error="Dit is geen PDF.")
    url = reverse("documents:status", args=[document.pk])
    as_clerk = client_for(clerk).get(url).content.decode()
    assert "Dit is geen PDF." in as_clerk
    assert "Opnieuw proberen" in as_clerk
    assert "hx-trigger" not in as_clerk
    as_staff = client_for(policy_staff).get(url).content.decode()
    assert "Dit is geen PDF." in as_staff
    assert "Opnieuw proberen" not in as_staff


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["documents:reprocess", "documents:correct"])
def test_policy_staff_and_curators_cannot_reprocess_or_correct(
    client_for, policy_staff, curator, name
):
    document = _document(status=Document.Status.FAILED)
    for user in (policy_staff, curator):
        client = client_for(user)
        response = client.post(reverse(name, args=[document.pk]), headers={"HX-Request": "true"})
        assert response.status_code == 403
    document.refresh_from_db()
    assert document.status == Document.Status.FAILED


@pytest.mark.django_db
def test_the_document_page_has_the_correction_form_for_clerks_only(client_for, clerk, curator):
    document = _document(status=Document.Status.DONE, kind="letter")
    url = reverse("documents:detail", args=[document.pk])
    html = client_for(clerk).get(url).content.decode()
    assert "Opnieuw verwerken" in html
    assert '<label for="id_kind">Soort</label>' in html
    assert '<label for="id_zaak">Zaaknummer</label>' in html
    assert "Soort en gegevens corrigeren" not in client_for(curator).get(url).content.decode()


@pytest.mark.django_db
def test_an_invalid_correction_shows_the_form_again(client_for, clerk):
    document = _document(status=Document.Status.DONE, kind="letter")
    response = client_for(clerk).post(
        reverse("documents:correct", args=[document.pk]), {"kind": "poem", "date": "gisteren"}
    )
    assert response.status_code == 400
    assert response.content.decode().count('role="alert"') == 2
    document.refresh_from_db()
    assert (document.status, document.kind_set_by_user) == ("done", False)


@pytest.mark.django_db
def test_detection_keeps_off_an_overridden_kind_and_metadata(clerk):
    call_command("ingest", str(SEED_LETTER_TXT), sync=True)
    letter = Document.objects.get()
    assert letter.kind == Document.Kind.LETTER
    document_override(
        document=letter,
        by=clerk,
        kind=Document.Kind.OTHER,
        title="Brief over scanners",
        date=datetime.date(2024, 1, 31),
        identifiers={"zaak": "", "kamerstuk_number": "999"},
    )
    document_reprocess(document=letter, by=clerk)
    document_ingest(document_id=letter.pk, by=clerk)
    letter.refresh_from_db()
    assert letter.status == Document.Status.DONE
    assert (letter.kind, letter.kind_set_by_user) == ("other", True)
    assert letter.metadata["detected_kind"] == "letter"
    assert letter.title == "Brief over scanners"
    assert letter.date == datetime.date(2024, 1, 31)
    assert letter.identifiers["kamerstuk_number"] == "999"
    assert letter.overrides == {
        "title": "Brief over scanners",
        "date": "2024-01-31",
        "identifiers": {"kamerstuk_number": "999"},
    }

    document_override(document=letter, by=clerk, kind="", title="", date=None, identifiers={})
    document_reprocess(document=letter, by=clerk)
    letter = document_ingest(document_id=letter.pk, by=clerk)
    assert (letter.kind, letter.kind_set_by_user) == ("letter", False)
    assert letter.title != "Brief over scanners"


@pytest.mark.django_db
def test_an_overridden_zaak_number_decides_the_question_set(clerk):
    call_command("ingest", str(SEED_QUESTIONS_TXT), sync=True)
    questions = Document.objects.get()
    first_set = document_question_set(questions)
    question_ids = set(first_set.questions.values_list("pk", flat=True))
    assert first_set.zaak_number is None  # the plain-text seed has no zaak number

    def correct_zaak(zaak):
        document_override(
            document=questions, by=clerk, kind="", title="", date=None, identifiers={"zaak": zaak}
        )
        document_reprocess(document=questions, by=clerk)
        return document_question_set(document_ingest(document_id=questions.pk, by=clerk))

    # The missing number is filled in on the same set.
    assert (correct_zaak("2023Z99999").pk, QuestionSet.objects.count()) == (first_set.pk, 1)
    # Processing again without a change keeps the set.
    assert correct_zaak("2023Z99999").pk == first_set.pk
    # A different number moves the document and its questions (the same rows) to that set.
    QuestionSet.objects.create(zaak_number="2023Z11786")
    moved_to = correct_zaak("2023Z11786")
    assert moved_to.zaak_number == "2023Z11786"
    assert set(moved_to.questions.values_list("pk", flat=True)) == question_ids
    assert not QuestionSet.objects.filter(pk=first_set.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_a_clerk_retries_a_failed_upload_and_it_is_processed_again(
    celery_worker, client_for, clerk
):
    client = client_for(clerk)
    junk = SimpleUploadedFile("kapot.pdf", b"%PDF-1.4\n no pdf at all", "application/pdf")
    client.post(reverse("documents:upload"), {"files": [junk]}, headers={"HX-Request": "true"})
    document = wait_for(lambda: Document.objects.filter(status="failed").first())
    first_run = document.updated_at

    response = client.post(
        reverse("documents:reprocess", args=[document.pk]), headers={"HX-Request": "true"}
    )
    assert 'data-status="queued"' in response.content.decode()
    assert 'hx-trigger="every 1s"' in response.content.decode()
    again = wait_for(
        lambda: Document.objects.filter(
            pk=document.pk, status="failed", updated_at__gt=first_run
        ).first()
    )
    assert again.error


@pytest.mark.django_db(transaction=True)
def test_a_clerk_corrects_a_document_and_the_worker_processes_it_again(
    celery_worker, client_for, clerk
):
    call_command("ingest", str(SEED_LETTER_TXT), sync=True)
    letter = Document.objects.get()
    response = client_for(clerk).post(
        reverse("documents:correct", args=[letter.pk]),
        {"kind": "other", "title": "Scanbrief", "date": "", "zaak": ""},
    )
    assert response.status_code == 302
    letter = wait_for(
        lambda: Document.objects.filter(pk=letter.pk, status="done", kind_set_by_user=True).first()
    )
    assert (letter.kind, letter.title) == ("other", "Scanbrief")


@pytest.mark.django_db
def test_the_date_field_shows_the_saved_date_as_the_browser_reads_it(client_for, clerk):
    document = _document(
        status=Document.Status.DONE, kind="letter", date=datetime.date(2020, 9, 25)
    )
    html = client_for(clerk).get(reverse("documents:detail", args=[document.pk])).content.decode()
    field = html[html.index('id="id_date"') - 200 : html.index('id="id_date"') + 200]
    assert 'type="date"' in field
    assert 'value="2020-09-25"' in field  # not 25-09-2020, which <input type="date"> drops


@pytest.mark.django_db
@pytest.mark.parametrize("zaak", ["abc", "2023Z1178", "Z2023Z11786", "2023-11786"])
def test_a_zaak_number_that_is_none_is_refused_next_to_the_field(client_for, clerk, zaak):
    document = _document(status=Document.Status.DONE, kind="letter")
    response = client_for(clerk).post(
        reverse("documents:correct", args=[document.pk]), {"kind": "", "zaak": zaak}
    )
    assert response.status_code == 400
    html = response.content.decode()
    field = html[html.index('id="id_zaak"') :]
    assert "Een zaaknummer is een jaartal, een Z en vijf cijfers, zoals 2023Z11786." in field[:600]
    document.refresh_from_db()
    assert "zaak" not in document.overrides.get("identifiers", {})


@pytest.mark.django_db
def test_a_zaak_number_is_taken_in_its_usual_form(client_for, clerk):
    document = _document(status=Document.Status.DONE, kind="letter")
    response = client_for(clerk).post(
        reverse("documents:correct", args=[document.pk]), {"kind": "", "zaak": " 2023z11786 "}
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.overrides["identifiers"]["zaak"] == "2023Z11786"


@pytest.mark.django_db
def test_two_corrections_in_quick_succession_the_later_one_wins(client_for, clerk, monkeypatch):
    """The second correction arrives while the first is being processed: it is neither
    refused nor lost, and the run that ends last used it."""
    from kamervragen.ingestion import recipe

    call_command("ingest", str(SEED_QUESTIONS_TXT), sync=True)
    questions = Document.objects.get()
    client = client_for(clerk)
    url = reverse("documents:correct", args=[questions.pk])
    client.post(url, {"kind": "", "zaak": "2023Z99999"})
    assert Document.objects.get().status == Document.Status.QUEUED

    real_resolve = recipe.references_resolve
    second: list = []

    def correct_again_meanwhile(*, document):
        if not second:  # the first run is in its store stage now
            second.append(client.post(url, {"kind": "", "zaak": "2023Z11786"}, follow=True))
        return real_resolve(document=document)

    monkeypatch.setattr(recipe, "references_resolve", correct_again_meanwhile)
    document_ingest(document_id=questions.pk, by=clerk)

    questions.refresh_from_db()
    assert questions.status == Document.Status.DONE
    assert questions.overrides["identifiers"] == {"zaak": "2023Z11786"}
    assert document_question_set(questions).zaak_number == "2023Z11786"
    assert not QuestionSet.objects.filter(zaak_number="2023Z99999").exists()
    message = second[0].content.decode()
    assert "wordt al verwerkt" not in message
    assert "neemt deze correctie mee" in message


@pytest.mark.django_db
def test_a_reply_letter_corrected_into_answers_is_listed_once(client_for, clerk, policy_staff):
    """A letter that declares it answers a set is its reply letter; corrected into the set's
    answers it joined the set's documents and stayed a reply letter, so the set page said
    "Antwoordbrief 18 mei 2021, Antwoordbrief 18 mei 2021"."""
    linking = FIXTURES / "linking"
    questions, letter = linking / "2021Z05633-vragen.txt", linking / "2021Z05633-brief.txt"
    call_command("ingest", str(questions), str(letter), sync=True)
    question_set = QuestionSet.objects.get(zaak_number="2021Z05633")
    letter = Document.objects.get(filename="2021Z05633-brief.txt")
    assert list(question_set.reply_letters.all()) == [letter]  # declared in its opening

    letter = document_override(
        document=letter,
        by=clerk,
        kind="answers",
        title="",
        date=None,
        identifiers={"zaak": "2021Z05633"},
    )
    document_reprocess(document=letter, by=clerk)
    document_ingest(document_id=letter.pk, by=clerk)

    assert list(question_set.documents.filter(kind="answers")) == [letter]
    assert not question_set.reply_letters.exists()
    page = client_for(policy_staff).get(reverse("question_set_detail", args=[question_set.pk]))
    line = page.content.decode().split("Documenten:", 1)[1].split("Exporteren", 1)[0]
    assert line.count(reverse("documents:detail", args=[letter.pk])) == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("dossier", "number", "field", "message"),
    [
        ("abc", "77", "id_kamerstuk_dossier", "Een dossiernummer is vijf cijfers"),
        ("3193", "77", "id_kamerstuk_dossier", "Een dossiernummer is vijf cijfers"),
        ("31 934", "zeventig", "id_kamerstuk_number", "Een ondernummer is een getal"),
    ],
)
def test_a_kamerstuk_that_is_none_is_refused_next_to_the_field(
    client_for, clerk, dossier, number, field, message
):
    """Any text was taken ('abc'), and kept where no reference or publication address can
    use it."""
    document = _document(status=Document.Status.DONE, kind="letter")
    response = client_for(clerk).post(
        reverse("documents:correct", args=[document.pk]),
        {"kind": "", "kamerstuk_dossier": dossier, "kamerstuk_number": number},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html[html.index(f'id="{field}"') :][:600]
    document.refresh_from_db()
    assert not document.overrides.get("identifiers")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("31934", "31 934"),
        (" 31 934 ", "31 934"),
        ("36200-xii", "36 200-XII"),
        ("36 200 - VII", "36 200-VII"),
    ],
)
def test_a_kamerstuk_dossier_is_kept_as_references_write_it(client_for, clerk, typed, kept):
    """'31934' was kept as typed, and a letter citing 'Kamerstuk 31 934, nr. 77' (stored as
    '31 934') never found the corrected document."""
    document = _document(status=Document.Status.DONE, kind="letter")
    response = client_for(clerk).post(
        reverse("documents:correct", args=[document.pk]),
        {"kind": "", "kamerstuk_dossier": typed, "kamerstuk_number": " 77 "},
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.overrides["identifiers"]["kamerstuk_dossier"] == kept
    assert document.overrides["identifiers"]["kamerstuk_number"] == "77"


@pytest.mark.django_db(transaction=True)
def test_a_clerk_deletes_a_failed_upload_of_which_nothing_was_stored(client_for, clerk):
    """Before, a failed upload stayed in the lists for good: no one but an administrator
    could remove it. The deletion is in the document's history, and its file goes too."""
    document = document_create(filename="scan.pdf", data=b"%PDF-1.4\n%%EOF\n").document
    document = document_ingest(document_id=document.pk)
    assert document.status == Document.Status.FAILED
    stored = document.file.name
    client = client_for(clerk)
    page = client.get(reverse("documents:detail", args=[document.pk])).content.decode()
    assert reverse("documents:discard", args=[document.pk]) in page
    response = client.post(
        reverse("documents:discard", args=[document.pk]), {"bevestigd": "ja"}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("documents:list")
    assert "‘scan.pdf’ is verwijderd." in response.content.decode()
    assert not Document.objects.filter(pk=document.pk).exists()
    assert not default_storage.exists(stored)
    assert DocumentSnapshot.objects.filter(pgh_obj_id=document.pk, pgh_label="delete").exists()


@pytest.mark.django_db(transaction=True)
def test_a_document_with_passages_that_failed_again_is_deleted_with_them(client_for, clerk):
    """Before, a document that held anything was never deleted; now what processing stored
    goes with it, unless a curator decided on a link of it (test_document_deletion.py)."""
    created = document_create(filename="vragen.txt", data=SEED_QUESTIONS_TXT.read_bytes())
    document = document_ingest(document_id=created.document.pk)
    Document.objects.filter(pk=document.pk).update(status=Document.Status.FAILED, error="x")
    client = client_for(clerk)
    page = client.get(reverse("documents:detail", args=[document.pk])).content.decode()
    assert reverse("documents:discard", args=[document.pk]) in page
    response = client.post(
        reverse("documents:discard", args=[document.pk]), {"bevestigd": "ja"}, follow=True
    )
    assert "is verwijderd." in response.content.decode()
    assert not Document.objects.filter(pk=document.pk).exists()
    assert not QuestionSet.objects.exists()  # the set came from this document alone
