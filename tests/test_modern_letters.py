"""Letters in the ministries' style since 2019: "Datum …", "Betreft …", "Geachte voorzitter,"
instead of "Aan de Voorzitter van de Tweede Kamer der Staten-Generaal"."""

import pytest

from documents.pipeline import structure_document
from kamervragen.models import QuestionSet
from tests.test_answer_documents import (
    QUESTIONS,
    _ingest,
    question_document,
    questions_and_explicit_answers,
)

ANSWERS = ["Ja.", "Nee, daartoe ben ik niet voornemens.", "Voor het zomerreces."]


def _reply_letter() -> bytes:
    units = "\n\n".join(
        f"Vraag {n}\n{question}\n\n{answer}"
        for n, (question, answer) in enumerate(zip(QUESTIONS, ANSWERS, strict=True), start=1)
    )
    return (
        "Datum 12 november 2010\n\nBetreft Beantwoording Kamervragen over het WRR-rapport\n\n"
        "Geachte voorzitter,\n\nHierbij ontvangt u de antwoorden op de vragen van het lid "
        f"Heijnen (PvdA) over het WRR-rapport (2010Z15780).\n\n{units}\n\nHoogachtend,\n\n"
        "de minister van Binnenlandse Zaken en Koninkrijksrelaties,\n\nP.H. Donner\n"
    ).encode()


def test_a_letter_that_answers_under_each_reprinted_question_is_an_answer_document():
    """Before, without "Aan de Voorzitter …", it was a question document whose questions held
    their answers."""
    structure = structure_document(_reply_letter())
    assert structure.kind == "answers"
    assert [q.text for q in structure.questions] == QUESTIONS
    answers = [(p.answer_numbers, p.text) for p in structure.passages if p.role == "answer"]
    assert answers == [([n], answer) for n, answer in enumerate(ANSWERS, start=1)]
    assert structure.date == "2010-11-12"


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("letter_first", [False, True])
def test_it_answers_the_set_and_leaves_its_questions_as_asked(letter_first):
    files = [("vragen.txt", question_document()), ("brief.txt", _reply_letter())]
    assert questions_and_explicit_answers(files, reverse=letter_first) == (
        QUESTIONS,
        list(enumerate(ANSWERS, start=1)),
    )


@pytest.mark.django_db(transaction=True)
def test_the_set_a_reply_letter_opens_is_titled_by_what_the_questions_are_about():
    """Before the question document arrives, the set is what the letter's subject says the
    questions were about, not "Beantwoording Kamervragen over …"; the questions' own
    heading replaces it when they come."""
    _ingest("brief.txt", _reply_letter())
    assert QuestionSet.objects.get().title == "Het WRR-rapport"
    _ingest("vragen.txt", question_document())
    assert QuestionSet.objects.get().title.startswith("Het WRR-rapport «Happy Landings")


def test_a_policy_letter_in_that_style_is_a_letter_with_its_signature_apart():
    text = (
        "Datum 21 juli 2025\n\nBetreft PFAS verzamelbrief\n\nGeachte voorzitter,\n\n"
        "Met deze brief ontvangt u een overzicht van ontwikkelingen rondom PFAS.\n\n"
        "Europees verbod\n\nNederland is een van de initiatiefnemers van het Europese "
        "restrictievoorstel.\n\nHoogachtend,\n\nde staatssecretaris van Infrastructuur en "
        "Waterstaat,\n\nC. Jansen\n"
    )
    structure = structure_document(text.encode())
    assert structure.kind == "letter"
    assert [(p.role, p.text) for p in structure.passages] == [
        ("body", "Met deze brief ontvangt u een overzicht van ontwikkelingen rondom PFAS."),
        ("body", "Nederland is een van de initiatiefnemers van het Europese restrictievoorstel."),
        ("signature", "Hoogachtend,"),
        ("signature", "de staatssecretaris van Infrastructuur en Waterstaat,"),
        ("signature", "C. Jansen"),
    ]
    assert structure.date == "2025-07-21"


@pytest.mark.parametrize("between", ["\n\n", "\n"])
def test_the_subject_line_is_the_letters_title_not_a_heading_over_its_passages(between):
    text = (
        f"Datum 21 juli 2025{between}Betreft Stand van zaken PFAS\n\nGeachte voorzitter,\n\n"
        "Met deze brief ontvangt u een overzicht van ontwikkelingen rondom PFAS.\n\n"
        "Hoogachtend,\n\nde staatssecretaris van Infrastructuur en Waterstaat,\n\nC. Jansen\n"
    )
    structure = structure_document(text.encode())
    assert structure.title == "Stand van zaken PFAS"
    assert structure.metadata["subject"] == "Stand van zaken PFAS"
    assert structure.date == "2025-07-21"
    assert [p.heading for p in structure.passages] == ["", "", "", ""]


@pytest.mark.parametrize(
    "reference",
    [
        "Bijlage(n) 2",
        "Uw brief (kenmerk) 2025Z01234",
        "Uw brief van 12 maart 2025",
        "Onze referentie 2025-12",
    ],
)
def test_the_heads_reference_lines_are_no_heading_over_the_letter(reference):
    """Before, "Bijlage(n) 2" (without a colon) and the other reference lines of the
    ministries' letters were read as a section heading over every passage."""
    text = (
        "> Retouradres Postbus 20201 2500 EE Den Haag\n\n"
        "De voorzitter van de Tweede Kamer der Staten-Generaal\nPostbus 20018\n2500 EA DEN HAAG"
        f"\n\nDatum 21 juli 2025\nBetreft Stand van zaken PFAS\n\n{reference}\n\n"
        "Geachte voorzitter,\n\nMet deze brief informeer ik uw Kamer over PFAS.\n\n"
        "Bijlage 1 bevat het rapport van het RIVM.\n\nHoogachtend,\n\n"
        "de staatssecretaris van Infrastructuur en Waterstaat,\n"
    )
    structure = structure_document(text.encode())
    assert [(p.heading, p.role, p.text) for p in structure.passages] == [
        ("", "body", "Met deze brief informeer ik uw Kamer over PFAS."),
        ("", "body", "Bijlage 1 bevat het rapport van het RIVM."),
        ("", "signature", "Hoogachtend,"),
        ("", "signature", "de staatssecretaris van Infrastructuur en Waterstaat,"),
    ]
