"""A document without a title of its own is named by what it says it is about, not by
its file name (which the document's page and the document lists still show)."""

import pytest

from documents.models import Document
from documents.pipeline import structure_document
from documents.services import document_create
from documents.structure import DocumentStructure, PassageItem
from documents.titles import derived_title, document_title
from kamervragen.ingestion.recipe import document_ingest
from tests.conftest import FIXTURES


def structure(*texts: str, heading: str = "") -> DocumentStructure:
    return DocumentStructure(
        kind="letter",
        passages=[
            PassageItem(order=order, text=text, page=1, heading=heading)
            for order, text in enumerate(texts)
        ],
    )


def test_a_subject_line_is_the_title():
    found = structure(
        "Datum 3 maart 2024\nOnderwerp: Voortgang scanners Douane", "Geachte Voorzitter,"
    )
    assert derived_title(found) == "Voortgang scanners Douane"


def test_a_betreft_line_is_a_subject_line_too():
    """The letter head reads "Betreft" and "Onderwerp" alike (`documents.metadata.SUBJECT`);
    a "Betreft" line the head did not take was no title."""
    found = structure(
        "Datum 3 maart 2024\nBetreft Voortgang scanners Douane", "Geachte Voorzitter,"
    )
    assert derived_title(found) == "Voortgang scanners Douane"


def test_the_questions_header_gives_what_they_are_about():
    found = structure(
        "Antwoorden op vragen van de leden Rajkowski, Gündoğan en Brekelmans over het bericht "
        "«België verbiedt aankoop van Chinese röntgencamera’s» (2023Z11786). Synthetisch."
    )
    assert (
        derived_title(found) == "Het bericht «België verbiedt aankoop van Chinese röntgencamera’s»"
    )


def test_a_letters_opening_gives_its_subject_even_without_a_full_stop():
    found = structure(
        "Met deze brief informeer ik u over het WRR-rapport «Happy Landings» Ik ga daarbij in "
        "op de vragen die hierover zijn gesteld (ingezonden 3 november 2010)."
    )
    assert derived_title(found) == "Het WRR-rapport «Happy Landings»"


def test_a_letter_written_on_behalf_of_another_minister_gives_its_subject():
    found = structure(
        "Met deze brief informeer ik u, mede namens de Minister van Justitie en Veiligheid, "
        "over de uitkomsten van het onderzoek naar scanners. Ik schets eerst de aanleiding."
    )
    assert derived_title(found) == "De uitkomsten van het onderzoek naar scanners"


def test_a_kamerstuk_heading_and_else_the_first_heading():
    assert derived_title(structure("35 537 Initiatiefnota van het lid Veldman over zorg")) == (
        "Initiatiefnota van het lid Veldman over zorg"
    )
    assert derived_title(structure("Een alinea.", heading="Inleiding")) == "Inleiding"


def test_nothing_said_gives_no_title_and_a_long_subject_is_cut_at_a_word():
    assert derived_title(structure("de vraag kamer brief het een de vraag beleid")) == ""
    long = derived_title(structure("Onderwerp: " + "woord " * 60))
    assert len(long) <= 161 and long.endswith("woord…")


def test_the_letter_fixture_is_titled_by_its_subject():
    data = (FIXTURES / "linking" / "2021Z05633-brief.txt").read_bytes()
    found = structure_document(data)
    assert found.title == ""  # the structure itself found none …
    assert derived_title(found) == (  # … and the letter says what it is about
        "Het bericht ‘Nederlandse zonnepanelen komen van Chinese bedrijven die worden "
        "verdacht van dwangarbeid’"
    )


@pytest.mark.django_db(transaction=True)
def test_an_ingested_letter_without_title_is_not_named_by_its_file():
    data = (FIXTURES / "linking" / "2010Z15780-brief.txt").read_bytes()
    created = document_create(filename="verzamelbrief-dev-03.txt", data=data).document
    document_ingest(document_id=created.pk)
    document = Document.objects.get(pk=created.pk)
    assert (
        document.title == "Het WRR-rapport «Happy Landings, het biometrisch paspoort als black box»"
    )
    assert document.filename == "verzamelbrief-dev-03.txt"


@pytest.mark.django_db
def test_the_document_list_shows_the_file_name_beneath_a_derived_title(client_for, clerk):
    from django.urls import reverse

    Document.objects.create(
        filename="verzamelbrief-dev-03.txt",
        sha256="t" * 64,
        kind="letter",
        status="done",
        title="Het WRR-rapport «Happy Landings»",
    )
    Document.objects.create(
        filename="los.txt", sha256="l" * 64, kind="other", status="done", title="los.txt"
    )
    html = client_for(clerk).get(reverse("documents:list")).content.decode()
    row = html[html.index("Het WRR-rapport") :]
    assert "verzamelbrief-dev-03.txt" in row[: row.index("</tr>")]
    row = html[html.index("los.txt") :]
    assert row[: row.index("</tr>")].count("los.txt") == 1  # not twice when it is the title


@pytest.mark.django_db(transaction=True)
def test_a_postponement_notice_without_heading_gives_its_set_a_subject():
    """kst-35537-3 postpones a reply and has no heading of its own: its set was listed on
    the dashboard with an empty subject."""
    from kamervragen.models import QuestionSet

    data = (FIXTURES / "structure" / "kst-35537-3.txt").read_bytes()
    created = document_create(filename="kst-35537-3.txt", data=data).document
    document_ingest(document_id=created.pk)
    (question_set,) = QuestionSet.objects.filter(documents=created)
    assert question_set.title == (
        "Initiatiefnota van het lid Veldman over structurele weerbaarheid van de medische "
        "industrie in crisistijd"
    )


def test_a_kamerstuk_letter_titled_by_its_sender_only_gets_its_subject_added():
    found = structure(
        "Met deze brief informeer ik u, mede namens de Minister van Justitie en Veiligheid, "
        "over de uitkomsten van het onderzoek naar scanners. Ik schets eerst de aanleiding."
    )
    found.title = "Brief van de staatssecretaris van Financiën"
    assert document_title(found) == (
        "Brief van de staatssecretaris van Financiën over de uitkomsten van het onderzoek "
        "naar scanners"
    )
    assert document_title(found, set_by_clerk=True) == found.title  # a clerk's stays
    found.title = "Brief van de minister van Volksgezondheid, Welzijn en Sport"
    assert document_title(found).startswith(found.title + " over de uitkomsten")
    found.title = "Uitstel antwoorden op Kamervragen over scanners"  # says what it is about
    assert document_title(found) == found.title


def test_a_kamerstuk_letter_that_does_not_say_its_subject_keeps_its_title():
    found = structure("De Douane gebruikt scanners.")
    found.title = "Brief van de staatssecretaris van Financiën"
    assert document_title(found) == found.title


@pytest.mark.django_db(transaction=True)
def test_the_seed_letter_is_not_one_more_letter_of_the_state_secretary():
    data = (FIXTURES / "seeds" / "kamerbrief-31934-scan-en-detectie.pdf").read_bytes()
    created = document_create(filename="kamerbrief-31934-scan-en-detectie.pdf", data=data)
    document = document_ingest(document_id=created.document.pk)
    assert document.title.startswith(
        "Brief van de staatssecretaris van Financiën over de uitkomsten van het onderzoek"
    )
