"""Questions each followed by an unnumbered "Antwoord:" over their answer: a committee's
list of questions and answers ("1", the question, "Antwoord:", the answer) and answer
documents that label only the questions ("Vraag 1", the question, "Antwoord: …")."""

import pytest

from documents.models import Document
from documents.pipeline import structure_document
from tests.test_answer_documents import (
    INTRO,
    QUESTIONS,
    question_document,
    questions_and_explicit_answers,
)

LIST_OF_QUESTIONS = """36 613 XVII Wijziging van de begrotingsstaat van Buitenlandse Handel en \
Ontwikkelingssamenwerking (XVII) voor het jaar 2024

Nr. 3 VERSLAG HOUDENDE EEN LIJST VAN VRAGEN EN ANTWOORDEN

Vastgesteld 27 september 2024

De vaste commissie voor Buitenlandse Handel en Ontwikkelingssamenwerking heeft de eer verslag \
uit te brengen in de vorm van een lijst van vragen met de daarop gegeven antwoorden.

Vragen en antwoorden

1

Kunt u op projectniveau aangeven welke projecten stoppen als gevolg van de bezuinigingen?

Antwoord:

De bezuinigingen hebben betrekking op ODA-middelen in de jaren 2025 en daarna.

2

Hoeveel geld gaat er in 2024 naar noodhulp?

Antwoord:

In 2024 gaat er 370 miljoen euro naar noodhulp.

Dat is meer dan in 2023.

3

Waarom is het budget voor klimaat verlaagd?

Antwoord: Het budget voor klimaat is niet verlaagd; het is verschoven naar 2025.
"""


def test_a_list_of_questions_and_answers_pairs_each_answer_with_its_question():
    structure = structure_document(LIST_OF_QUESTIONS.encode())
    assert structure.kind == "answers"
    assert [(q.number, q.text) for q in structure.questions] == [
        (1, "Kunt u op projectniveau aangeven welke projecten stoppen als gevolg van de "
         "bezuinigingen?"),
        (2, "Hoeveel geld gaat er in 2024 naar noodhulp?"),
        (3, "Waarom is het budget voor klimaat verlaagd?"),
    ]  # fmt: skip
    answers = [(p.answer_numbers, p.text) for p in structure.passages if p.role == "answer"]
    assert answers == [
        ([1], "De bezuinigingen hebben betrekking op ODA-middelen in de jaren 2025 en daarna."),
        ([2], "In 2024 gaat er 370 miljoen euro naar noodhulp. Dat is meer dan in 2023."),
        ([3], "Het budget voor klimaat is niet verlaagd; het is verschoven naar 2025."),
    ]


def _answer_document_with_plain_labels() -> bytes:
    units = "\n\n".join(
        f"Vraag {n}\n\n{question}\n\nAntwoord:\n\nHet antwoord op vraag {n} is ja."
        for n, question in enumerate(QUESTIONS, start=1)
    )
    return (
        f"Aanhangsel van de Handelingen\n\n{INTRO}\n\nAntwoord van Minister Donner "
        f"(Binnenlandse Zaken en Koninkrijksrelaties) (ontvangen 12 november 2010).\n\n{units}\n"
    ).encode()


def test_an_answer_document_whose_answers_are_labelled_without_numbers_is_one():
    """Before, the "Vragen van het lid …" intro made it a question document whose questions
    held their answers."""
    structure = structure_document(_answer_document_with_plain_labels())
    assert structure.kind == "answers"
    assert [q.text for q in structure.questions] == QUESTIONS
    answers = [(p.answer_numbers, p.text) for p in structure.passages if p.role == "answer"]
    assert answers == [([n], f"Het antwoord op vraag {n} is ja.") for n in (1, 2, 3)]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("answers_first", [False, True])
def test_such_answers_link_to_the_set_and_leave_its_questions_as_asked(answers_first):
    files = [
        ("vragen.txt", question_document()),
        ("antwoorden.txt", _answer_document_with_plain_labels()),
    ]
    assert questions_and_explicit_answers(files, reverse=answers_first) == (
        QUESTIONS,
        [(n, f"Het antwoord op vraag {n} is ja.") for n in (1, 2, 3)],
    )
    assert Document.objects.get(filename="antwoorden.txt").kind == "answers"


def test_a_question_document_without_answers_stays_one():
    structure = structure_document(question_document())
    assert structure.kind == "questions"
    assert [q.text for q in structure.questions] == QUESTIONS
