"""Footnote markers in plain text where they stand before the question mark, or two to one
place ("bericht «…»1?, 2"), as text copied from the Kamer's site has them."""

from documents.pipeline import structure_document

QUESTIONS = """Tweede Kamer der Staten-Generaal

2023Z99999

Vragen van het lid Jansen (VVD) aan de Minister van Financiën over scanners (ingezonden 1 \
maart 2023).

Vraag 1

Bent u bekend met het bericht «Douane koopt scanners in China»1?, 2

Vraag 2

Wat vindt u van de uitspraak van de voorzitter3 van de vakbond over artikel 2?

1 NOS, 1 maart 2023, https://nos.nl/artikel/1
2 NRC, 2 maart 2023
3 De Telegraaf, 3 maart 2023
"""


def test_markers_before_the_question_mark_and_after_another_marker_are_markers():
    structure = structure_document(QUESTIONS.encode())
    assert [(q.text, q.footnote_markers) for q in structure.questions] == [
        ("Bent u bekend met het bericht «Douane koopt scanners in China»?", ["1", "2"]),
        ("Wat vindt u van de uitspraak van de voorzitter van de vakbond over artikel 2?", ["3"]),
    ]
    assert [(f.marker, f.text) for f in structure.footnotes] == [
        ("1", "NOS, 1 maart 2023, https://nos.nl/artikel/1"),
        ("2", "NRC, 2 maart 2023"),
        ("3", "De Telegraaf, 3 maart 2023"),
    ]


def test_a_number_after_a_space_is_no_marker_unless_it_follows_one():
    text = QUESTIONS.replace("China»1?, 2", "China» in 2?")
    structure = structure_document(text.encode())
    assert (
        structure.questions[0].text
        == "Bent u bekend met het bericht «Douane koopt scanners in China» in 2?"
    )
    assert structure.questions[0].footnote_markers == []


def test_a_number_in_brackets_is_no_marker():
    """ "alert(1)" or "artikel 3(1)": the bracket closes a number, not a word's footnote."""
    text = QUESTIONS.replace("«Douane koopt scanners in China»1?, 2", "artikel 3(1) en (2)?1")
    structure = structure_document(text.encode())
    assert structure.questions[0].text == "Bent u bekend met het bericht artikel 3(1) en (2)?"
    assert structure.questions[0].footnote_markers == ["1"]
