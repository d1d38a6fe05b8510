"""Golden sets laid out as other houses print answers to Kamervragen
(scripts/make_layout_fixtures.py: a column of sender's details left of the body, inline
labels "Vraag 1: …" and "1. Vraag: …", justified text, other fonts), read against the
sets' gold (tests/fixtures/structure/NAME.gold.json). Before, a left column's lines ran
into the questions ("… nr. 46 Uw kenmerk getiteld …") and inline labels were no labels:
no question or answer was found in any of the 50 documents so laid out. A bold question
under a hanging number ("1." a tab left of it) over its answer in plain text was read as a
question document (79 of 92 questions, none of 56 answers: the number was a line of its
own or the question's first word, as pdfminer happened to join it), and a bare "Antwoord"
after "Antwoord 1 en 2" answered nothing."""

import json

import pytest

from documents.answer_labels import inline_label
from documents.extraction.pdf import extract_pdf
from documents.pipeline import _hanging_numbers, clean
from documents.structure import Paragraph
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


def test_a_hanging_number_is_the_questions_label_whether_read_apart_or_with_it():
    extracted = extract_pdf(FIXTURES / "layouts" / "hanging" / "2020Z06648.pdf")
    first_lines = [line.text for line in extracted.pages[0].lines if line.kind == "body"]
    assert "2." in first_lines  # read apart
    assert any(text.startswith("5. Welke") for text in first_lines)  # read with it
    paragraphs = clean(extracted)
    numbers = [p.label[1][0] for p in paragraphs if p.label]
    assert numbers == list(range(1, 9))
    question = paragraphs[[p.label for p in paragraphs].index(("number", (5,))) + 1]
    assert question.text.startswith("Welke leveranciers") and question.bold


def test_bold_numbered_headings_and_plain_numbered_lists_stay_text():
    headings = [
        Paragraph(text="1. Inleiding", page=1, bold=True),
        Paragraph(text="Deze brief gaat over de kosten.", page=1),
        Paragraph(text="2. Achtergrond", page=1, bold=True),
        Paragraph(text="Wat zijn de kosten?", page=1),
    ]
    assert _hanging_numbers(headings) == headings
    listed = [
        Paragraph(text="1. Bent u bekend met het bericht?", page=1),
        Paragraph(text="2. Deelt u de mening?", page=1),
    ]
    assert _hanging_numbers(listed) == listed
    asked = [
        Paragraph(text="1. Bent u bekend met het bericht?", page=1, bold=True),
        Paragraph(text="Ja.", page=1),
        Paragraph(text="2. Deelt u de mening?", page=1, bold=True),
    ]
    assert [(p.text, p.label) for p in _hanging_numbers(asked)] == [
        ("1.", ("number", (1,))),
        ("Bent u bekend met het bericht?", None),
        ("Ja.", None),
        ("2.", ("number", (2,))),
        ("Deelt u de mening?", None),
    ]
