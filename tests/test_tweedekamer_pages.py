"""Question sets taken from the Tweede Kamer's website: a "Kamervraag" page copied into a
text file or saved as a page, and the site's page of the answers (fixtures and their sources:
tests/fixtures/tweedekamer-pages/README.md)."""

import pytest

from documents.pipeline import structure_document
from documents.structure import DocumentStructure
from tests.conftest import FIXTURES

PAGES = FIXTURES / "tweedekamer-pages"
PAGE_TEXT = PAGES / "kamervraag-2026Z04886.txt"
TITLE = "Het bericht 'Odido-routers stuurden klantgegevens naar Amerikaans AI-bedrijf'"
DETAILS = ("NR 2026Z", "2026Z04886", "Datum 11", "Indieners", "Gericht aan", "•", "Kamervraag")
FOOTNOTE = (
    "De Telegraaf, 10 maart 2026, «Odido-routers stuurden klantgegevens naar Amerikaans AI-bedrijf»"
)


def all_texts(structure: DocumentStructure) -> list[str]:
    return [
        *(q.text for q in structure.questions),
        *(p.text for p in structure.passages),
        *(f.text for f in structure.footnotes),
    ]


@pytest.mark.parametrize(
    "name",
    [
        "kamervraag-2026Z04886.txt",
        "kamervraag-2026Z04886-footnote-above.txt",
        "kamervraag-2026Z04886.html",
    ],
)
def test_a_kamervraag_page_gives_subject_date_submitters_addressees_and_zaak(name):
    structure = structure_document((PAGES / name).read_bytes())
    assert structure.kind == "questions"
    assert structure.title == TITLE
    assert structure.date == structure.metadata["submitted"] == "2026-03-11"
    assert structure.metadata["submitters"] == [{"name": "El Boujdaini", "party": "D66"}]
    assert structure.metadata["addressed_to"] == ["minister van Justitie en Veiligheid"]
    assert structure.identifiers["zaak"] == "2026Z04886"
    assert [q.number for q in structure.questions] == list(range(1, 11))
    assert structure.questions[-1].text.endswith("Wet weerbaarheid kritieke entiteiten?")
    assert not [text for text in all_texts(structure) if any(d in text for d in DETAILS)]


@pytest.mark.parametrize(
    "name", ["kamervraag-2026Z04886-footnote-above.txt", "kamervraag-2026Z04886.html"]
)
def test_the_page_footnote_stays_its_own_and_belongs_to_question_1(name):
    structure = structure_document((PAGES / name).read_bytes())
    assert [(f.marker, f.text) for f in structure.footnotes] == [("1", FOOTNOTE)]
    assert structure.questions[0].footnote_markers == ["1"]


def test_a_footnote_below_the_details_is_read_too():
    text = PAGE_TEXT.read_text(encoding="utf-8") + f"\n1 {FOOTNOTE}\n"
    structure = structure_document(text.encode())
    assert [(f.marker, f.text) for f in structure.footnotes] == [("1", FOOTNOTE)]
    assert structure.questions[0].footnote_markers == ["1"]
    assert structure.metadata["addressed_to"] == ["minister van Justitie en Veiligheid"]


def test_lists_with_bullets_on_their_own_lines_names_with_titles_and_a_deadline():
    text = PAGE_TEXT.read_text(encoding="utf-8").replace(
        "Indieners\n\n  • El Boujdaini (D66)\n\nGericht aan\n\n  • minister van Justitie en "
        "Veiligheid\n",
        "Indieners\n\n  •\nEl Boujdaini (D66)\n  •\nKathmann (GroenLinks-PvdA)\n\nGericht aan\n\n"
        "  • D.M. van Weel, minister van Justitie en Veiligheid\n"
        "  • staatssecretaris van Economische Zaken\n\nBeantwoordingstermijn\n\n1 april 2026\n",
    )
    assert "Kathmann" in text
    structure = structure_document(text.encode())
    assert structure.metadata["submitters"] == [
        {"name": "El Boujdaini", "party": "D66"},
        {"name": "Kathmann", "party": "GroenLinks-PvdA"},
    ]
    assert structure.metadata["addressed_to"] == [
        "minister van Justitie en Veiligheid",
        "staatssecretaris van Economische Zaken",
    ]
    assert structure.questions[-1].text.endswith("Wet weerbaarheid kritieke entiteiten?")
    assert not [text for text in all_texts(structure) if "1 april 2026" in text]
    assert structure.metadata["due"] == "2026-04-01"  # the set's due date


def test_the_kind_of_document_above_the_title_on_a_line_of_its_own():
    text = PAGE_TEXT.read_text(encoding="utf-8").replace(
        "Kamervraag Het bericht", "Kamervraag\n\nHet bericht", 1
    )
    assert text.startswith("Kamervraag\n")
    structure = structure_document(text.encode())
    assert structure.title == TITLE
    assert not [p for p in structure.passages if "Odido-routers stuurden" in p.text]


def test_the_page_number_wins_over_a_zaak_the_questions_cite():
    text = PAGE_TEXT.read_text(encoding="utf-8").replace(
        "Vraag 2\n\nKunt u", "Vraag 2\n\nKunt u, met uw antwoorden op 2025Z01234 in gedachten,"
    )
    assert "2025Z01234" in text
    assert structure_document(text.encode()).identifiers["zaak"] == "2026Z04886"


def test_a_question_that_mentions_a_date_and_a_number_keeps_its_text():
    """Not every "Datum …" line starts the details: without a zaak number or submitters
    with it, it stays text."""
    text = PAGE_TEXT.read_text(encoding="utf-8").split("\n \n")[0] + "\nDatum 11 maart 2026\n"
    structure = structure_document(text.encode())
    assert structure.questions[-1].text.endswith("Datum 11 maart 2026")


def test_the_answers_page_heading_is_no_passage():
    structure = structure_document((PAGES / "antwoord-2025D04328.txt").read_bytes())
    assert structure.kind == "answers"
    assert structure.metadata["submitters"] == [{"name": "Erkens", "party": "VVD"}]
    assert structure.metadata["submitted"] == "2024-12-20"
    assert structure.passages[0].text.startswith("Vragen van het lid Erkens (VVD)")
    assert not [p for p in structure.passages if "Antwoord schriftelijke vragen :" in p.text]
