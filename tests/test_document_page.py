"""A document's page lists its metadata in a definition list and its structured references."""

import re

import pytest
from django.urls import reverse

from documents.models import Document, Reference

pytestmark = pytest.mark.django_db


def _terms(html: str) -> dict[str, str]:
    """The definition list as {term: description text}."""
    pairs = re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", html, flags=re.S)
    return {
        term: re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text)).strip() for term, text in pairs
    }


def _page(client, document) -> str:
    response = client.get(reverse("documents:detail", args=[document.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_an_answer_document_shows_who_answered_when_and_its_aanhangsel_number(
    client_for, policy_staff
):
    answers = Document.objects.create(
        filename="ah-tk-20222023-2741.pdf",
        sha256="a" * 64,
        kind="answers",
        status="done",
        title="Antwoord op vragen over Nuctech",
        identifiers={"zaak": "2023Z11786", "aanhangsel_number": "2741", "session": "2022/23"},
        metadata={
            "answered_by": "staatssecretaris Van Rij (Financiën)",
            "answering_ministers": ["staatssecretaris Van Rij (Financiën)", "minister Yeşilgöz"],
            "received": "2023-07-31",
            "nader_antwoord": True,
        },
    )
    terms = _terms(_page(client_for(policy_staff), answers))
    assert terms["Aanhangsel Handelingen"] == "nr. 2741 (vergaderjaar 2022/23)"
    assert terms["Zaaknummer"] == "2023Z11786"
    assert terms["Beantwoord door"] == ("staatssecretaris Van Rij (Financiën) minister Yeşilgöz")
    assert terms["Ontvangen"] == "31 juli 2023"
    assert terms["Nader antwoord"].startswith("ja")
    assert "Ingediend door" not in terms


def test_a_question_document_shows_submitters_addressees_and_submission_date(
    client_for, policy_staff
):
    questions = Document.objects.create(
        filename="kv.pdf",
        sha256="q" * 64,
        kind="questions",
        status="done",
        metadata={
            "submitters": [{"name": "Rajkowski", "party": "VVD"}, {"name": "Brekelmans"}],
            "addressed_to": ["staatssecretaris van Financiën", "minister van Justitie"],
            "submitted": "2023-06-23",
        },
    )
    terms = _terms(_page(client_for(policy_staff), questions))
    assert terms["Ingediend door"] == "Rajkowski (VVD) Brekelmans"
    assert terms["Gericht aan"] == "staatssecretaris van Financiën minister van Justitie"
    assert terms["Ingezonden"] == "23 juni 2023"
    assert "Beantwoord door" not in terms


def test_a_letter_shows_its_kamerstuk_addressee_and_signatories(client_for, policy_staff):
    letter = Document.objects.create(
        filename="brief.pdf",
        sha256="l" * 64,
        kind="letter",
        status="done",
        identifiers={"kamerstuk": "31 934, nr. 52", "kamerstuk_dossier": "31 934"},
        metadata={
            "dossier_title": "Douane",
            "addressee": "Aan de Voorzitter van de Tweede Kamer der Staten-Generaal",
            "signed_by": [{"role": "De staatssecretaris van Financiën", "name": "A. de Vries"}],
        },
    )
    terms = _terms(_page(client_for(policy_staff), letter))
    assert terms["Kamerstuk"] == "31 934, nr. 52 · Douane"
    assert terms["Geadresseerde"] == "Aan de Voorzitter van de Tweede Kamer der Staten-Generaal"
    assert terms["Ondertekend door"] == "A. de Vries, De staatssecretaris van Financiën"


def test_references_are_listed_once_with_a_link_to_the_document_they_name(
    client_for, policy_staff, django_assert_max_num_queries
):
    cited = Document.objects.create(
        filename="k.pdf", sha256="k" * 64, kind="letter", status="done", title="Brief scanners"
    )
    letter = Document.objects.create(filename="b.pdf", sha256="b" * 64, status="done")
    passage = letter.passages.create(order=1, text="Zie Kamerstuk 31 934, nr. 50.")
    for _ in range(2):  # cited twice, listed once
        Reference.objects.create(
            document=letter,
            passage=passage,
            kind=Reference.Kind.KAMERSTUK,
            text="Kamerstuk 31 934, nr. 50",
            resolved_document=cited,
        )
    Reference.objects.create(
        document=letter, kind=Reference.Kind.MOTION, text="motie-Brekelmans, 36 124, nr. 7"
    )
    Reference.objects.create(
        document=letter,
        kind=Reference.Kind.URL,
        text="https://www.pianoo.nl/nl/nationale-veiligheid",
        url="https://www.pianoo.nl/nl/nationale-veiligheid",
    )
    client = client_for(policy_staff)
    with django_assert_max_num_queries(12):
        html = _page(client, letter)
    section = html[html.index("<tbody>", html.index('id="references-heading"')) :]
    rows = re.findall(r"<tr>(.*?)</tr>", section, flags=re.S)
    assert len(rows) == 3
    url = reverse("documents:detail", args=[cited.pk])
    assert "Kamerstuk" in rows[0] and f'<a href="{url}">Brief scanners</a>' in rows[0]
    assert "Motie" in rows[1] and "niet in de database" in rows[1]
    assert '<a href="https://www.pianoo.nl/nl/nationale-veiligheid"' in rows[2]
    assert "niet in de database" not in rows[2]  # a web address is never a document here


def test_footnote_markers_of_one_passage_are_told_apart(client_for, policy_staff):
    letter = Document.objects.create(filename="b.pdf", sha256="b" * 64, status="done")
    passage = letter.passages.create(order=1, text="Zie de brieven van juli en december.")
    for order, marker in enumerate(["8", "9"]):
        letter.footnotes.create(order=order, marker=marker, text="Kamerstuk", passage=passage)
    html = _page(client_for(policy_staff), letter)
    assert re.search(r'aria-label="voetnoot 8">8</a></sup><sup>,<a [^>]*>9</a>', html)


def test_a_document_without_references_has_no_reference_section(client_for, policy_staff):
    document = Document.objects.create(filename="x.txt", sha256="x" * 64, status="done")
    html = _page(client_for(policy_staff), document)
    assert "Verwijzingen" not in html
    assert "<dt>Bestand</dt>" in html


@pytest.mark.parametrize("pages, shown", [(1, "1 pagina ·"), (3, "3 pagina’s ·")])
def test_the_page_count_is_singular_for_one_page(client_for, policy_staff, pages, shown):
    """A one-page document said "1 pagina's"."""
    document = Document.objects.create(
        filename="brief.txt", sha256=str(pages) * 64, kind="letter", status="done", page_count=pages
    )
    meta = _page(client_for(policy_staff), document).split('<p class="meta">', 1)[1]
    meta = re.sub(r"\s+", " ", meta.split("</p>", 1)[0])
    assert shown in meta.replace("&#x27;", "’").replace("'", "’")
    assert "1 pagina’s" not in meta.replace("&#x27;", "’").replace("'", "’")


def _findings(html: str) -> str | None:
    found = re.search(r'<p class="help findings"[^>]*>(.*?)</p>', html, flags=re.S)
    return found.group(1) if found else None


def test_a_document_in_which_nothing_was_found_says_so(client_for, clerk, tmp_path):
    """A random text file ended as "Verwerkt · Overig" with no hint of what was (not) found."""
    from django.core.management import call_command

    text = tmp_path / "boodschappen.txt"
    text.write_text(
        "Boodschappenlijst voor het weekend.\n\nMelk, brood, kaas en appels.\n", encoding="utf-8"
    )
    call_command("ingest", str(text), sync=True)
    document = Document.objects.get(filename="boodschappen.txt")
    assert (document.status, document.kind) == ("done", "other")
    client = client_for(clerk)
    hint = "Geen vragen of antwoorden herkend; de tekst is wel doorzoekbaar."
    assert _findings(_page(client, document)) == hint
    assert _findings(client.get(reverse("documents:upload")).content.decode()) == hint
    status = client.get(reverse("documents:status", args=[document.pk])).content.decode()
    assert _findings(status) == hint

    empty = Document.objects.create(filename="leeg.pdf", sha256="e" * 64, status="done")
    assert _findings(_page(client, empty)) == "Geen tekst gevonden."
    queued = Document.objects.create(filename="nog.pdf", sha256="q" * 64, status="queued")
    assert _findings(_page(client, queued)) is None  # not processed yet


def test_a_letter_linked_to_no_question_yet_says_that_not_that_nothing_was_recognised(
    client_for, clerk
):
    """A letter uploaded before the questions it answers: it holds no questions of its own
    by nature ("Geen vragen of antwoorden herkend" misled), it is linked to none yet."""
    letter = Document.objects.create(
        filename="b.pdf", sha256="b" * 64, kind="letter", status="done"
    )
    letter.passages.create(order=1, text="Hierbij informeer ik uw Kamer over de scanners.")
    hint = (
        "Nog aan geen vraag gekoppeld; komen de vragen die deze brief beantwoordt later, dan "
        "worden ze alsnog gekoppeld."
    )
    assert _findings(_page(client_for(clerk), letter)) == hint


def test_a_document_with_questions_or_answers_has_no_such_hint(client_for, clerk):
    from kamervragen.models import Link, Question, QuestionSet

    questions = Document.objects.create(
        filename="v.pdf", sha256="v" * 64, kind="questions", status="done"
    )
    question_set = QuestionSet.objects.create(zaak_number="2024Z00001")
    question_set.documents.add(questions)
    question = Question.objects.create(
        question_set=question_set, document=questions, number=1, text="Waarom?"
    )
    letter = Document.objects.create(
        filename="b.pdf", sha256="b" * 64, kind="letter", status="done"
    )
    passage = letter.passages.create(order=1, text="Daarom.")
    Link.objects.create(question=question, passage=passage, method="lexical", score=0.5)
    client = client_for(clerk)
    for document in (questions, letter):
        assert _findings(_page(client, document)) is None


def test_a_letter_waiting_for_its_questions_loses_the_hint_once_they_are_linked(client_for, clerk):
    """Questions and their answer letter uploaded together: the letter, done first, said
    'Nog aan geen vraag gekoppeld' in its upload row, and kept saying it after the questions
    were linked to it a second later (a finished row was never asked again)."""
    from datetime import timedelta

    from kamervragen.models import Link, Question, QuestionSet

    letter = Document.objects.create(
        filename="b.pdf", sha256="b" * 64, kind="letter", status="done"
    )
    passage = letter.passages.create(order=1, text="Hierbij informeer ik uw Kamer.")
    client = client_for(clerk)
    upload_page = client.get(reverse("documents:upload")).content.decode()
    status_url = reverse("documents:status", args=[letter.pk])
    # The row keeps asking, quietly: an unchanged answer swaps nothing (204).
    assert f'hx-get="{status_url}?getoond=no_links"' in upload_page
    asked = client.get(status_url, {"getoond": "no_links"}, headers={"HX-Request": "true"})
    assert asked.status_code == 204
    # The questions come and are linked: the row is drawn again, without the hint.
    question_set = QuestionSet.objects.create(zaak_number="2024Z00001")
    questions = Document.objects.create(
        filename="v.pdf", sha256="v" * 64, kind="questions", status="done"
    )
    question = Question.objects.create(
        question_set=question_set, document=questions, number=1, text="Waarom?"
    )
    Link.objects.create(question=question, passage=passage, method="lexical", score=0.5)
    asked = client.get(status_url, {"getoond": "no_links"}, headers={"HX-Request": "true"})
    assert asked.status_code == 200
    assert _findings(asked.content.decode()) is None
    assert "hx-get" not in asked.content.decode()  # finished and found: nothing to ask
    # A letter that waited longer than an upload batch takes stops the asking (286).
    Link.objects.all().delete()
    Document.objects.filter(pk=letter.pk).update(
        updated_at=letter.updated_at - timedelta(minutes=30)
    )
    asked = client.get(status_url, {"getoond": "no_links"}, headers={"HX-Request": "true"})
    assert asked.status_code == 286
    # The document's own page reloads when processing ends: it never asks a finished one.
    page = _page(client, letter)
    assert "getoond" not in page


def test_a_finished_document_names_its_kind_once_above_its_data(client_for, policy_staff):
    """The line under the title says "Kamerbrief · 7 pagina's"; the status below it said
    "Verwerkt · Kamerbrief" again."""
    letter = Document.objects.create(
        filename="brief.pdf", sha256="k" * 64, kind="letter", status="done", page_count=7
    )
    html = _page(client_for(policy_staff), letter)
    above_the_data = html[html.index("<h1") : html.index("<dl")]
    assert above_the_data.count("Kamerbrief") == 1


@pytest.mark.parametrize(
    ("uploaded_as", "file_format", "downloaded_as"),
    [
        ("brief.pdf", "docx", "brief.docx"),  # a Word file named .pdf: no PDF reader opens it
        ("antwoord.htm", "html", "antwoord.htm"),
        ("Brief Van Tweede Kamer", "pdf", "Brief Van Tweede Kamer.pdf"),
        ("notities.md", "text", "notities.md"),
    ],
)
def test_the_original_downloads_with_an_extension_that_opens_it(
    client_for, policy_staff, uploaded_as, file_format, downloaded_as
):
    from django.core.files.base import ContentFile

    data = {"docx": b"PK\x03\x04", "pdf": b"%PDF-1.4"}.get(file_format, b"<html></html>")
    document = Document.objects.create(
        filename=uploaded_as, sha256=uploaded_as.ljust(64, "0")[:64], format=file_format
    )
    document.file.save(f"{document.sha256}.{file_format}", ContentFile(data))

    response = client_for(policy_staff).get(reverse("documents:file", args=[document.pk]))

    assert response.status_code == 200
    assert f'filename="{downloaded_as}"' in response["Content-Disposition"]
