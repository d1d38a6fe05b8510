"""Golden sets laid out as other houses print answers to Kamervragen
(scripts/make_layout_fixtures.py: a column of sender's details left of the body, inline
labels "Vraag 1: …" and "1. Vraag: …", justified text, other fonts), read against the
sets' gold (tests/fixtures/structure/NAME.gold.json). Before, a left column's lines ran
into the questions ("… nr. 46 Uw kenmerk getiteld …") and inline labels were no labels:
no question or answer was found in any of the 50 documents so laid out."""

import json

import pytest

from documents.answer_labels import inline_label
from documents.extraction.pdf import extract_pdf
from evaluation.structure_gold import evaluate_file
from tests.regenerate_structure import FIXTURES

LAYOUTS = sorted((FIXTURES / "layouts").glob("*/*.pdf"))


@pytest.mark.parametrize("path", LAYOUTS, ids=lambda path: f"{path.parent.name}/{path.name}")
def test_every_question_answer_and_footnote_is_found_and_paired(path):
    gold_path = FIXTURES / "structure" / f"{path.stem}.gold.json"
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    figures = evaluate_file(path, gold)
    assert figures.genre_right == 1, figures.failures
    assert figures.questions_exact == figures.questions_expected, figures.failures
    assert figures.answers_paired == figures.answers_expected, figures.failures
    assert figures.footnotes_attached == figures.footnotes_expected, figures.failures
    assert figures.passages_with_header_text == 0, figures.failures
    assert figures.hyphenation_errors == 0, figures.failures


def test_a_column_of_sender_details_left_of_the_body_is_margin():
    extracted = extract_pdf(FIXTURES / "layouts" / "left_column" / "2010Z15780.pdf")
    kinds = {line.text: line.kind for line in extracted.pages[0].lines}
    for text in ("Datum", "12 december 2024", "Betreft", "Ons kenmerk", "2024-0000612345"):
        assert kinds[text] == "margin"
    assert kinds["Tweede Kamer der Staten-Generaal"] == "body"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Vraag 1: Bent u bekend met", ("Vraag 1", "Bent u bekend met")),
        ("1. Vraag: Bent u bekend met", ("Vraag 1", "Bent u bekend met")),
        ("Antwoord op vraag 1 en 2: Ja.", ("Antwoord op vraag 1 en 2", "Ja.")),
        ("Antwoord 3: In het Algemeen Overleg", ("Antwoord 3", "In het Algemeen Overleg")),
        ("Vraag 1:", None),  # a label of its own line, read as before
        ("Vraag 2 gaat over: de kosten", None),
        ("vraag 3: de kosten zijn", None),  # a sentence's line break before "vraag 3"
        ("1. De kosten: hoog", None),
    ],
)
def test_a_label_opening_a_line_of_text(line, expected):
    assert inline_label(line) == expected
