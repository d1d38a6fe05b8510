"""Letters that reprint each question before answering it: the reprint is never a
suggestion, and the paragraph after it is the answer; under a numbered reprint ("Vraag 2")
the letter is an answer document."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from documents.models import Document, Passage
from documents.pipeline import structure_document
from kamervragen.curation import link_reject
from kamervragen.linking import links_suggest_for_questions
from kamervragen.linking.quotes import reprint_similarity
from kamervragen.models import Link, LinkCandidate, Question, QuestionSet
from tests.conftest import FIXTURES

QUESTIONS = FIXTURES / "linking" / "2014Z07273-vragen.txt"
# The Google reply letter with "Vraag: <the question>" before each answer; question 1 (an
# awareness question) has no answer, so its reprint is followed by question 2's.
QUOTING = FIXTURES / "quoted" / "2014Z07273-brief-vraag-citaat.txt"
ANSWER_OPENINGS = {
    2: "Google heeft aangegeven",
    3: "Volgens Google is de test",
    4: "Voor het plaatsen van cookies",
}


def _links_on_the_letter() -> dict[int, list[tuple[str, str]]]:
    found: dict[int, list[tuple[str, str]]] = {}
    for link in Link.objects.filter(passage__document__filename__contains="citaat").order_by(
        "question__number", "passage__order"
    ):
        found.setdefault(link.question.number, []).append((link.method, link.passage.text[:20]))
    return found


def _ingest_in_order(letter, letter_first: bool) -> None:
    for path in [letter, QUESTIONS] if letter_first else [QUESTIONS, letter]:
        call_command("ingest", str(path), sync=True)


def _expected() -> dict[int, list[tuple[str, str]]]:
    return {n: [(Link.Method.EXPLICIT, opening[:20])] for n, opening in ANSWER_OPENINGS.items()}


@pytest.mark.django_db
@pytest.mark.parametrize("letter_first", [False, True])
def test_the_paragraph_after_each_reprint_answers_it_in_either_upload_order(letter_first):
    _ingest_in_order(QUOTING, letter_first)
    assert _links_on_the_letter() == _expected()
    assert not Link.objects.filter(passage__text__startswith="Vraag:").exists()
    assert not LinkCandidate.objects.filter(passage__text__startswith="Vraag:").exists()


@pytest.mark.django_db
def test_a_letter_that_lists_the_questions_first_gets_no_answer_by_position(tmp_path):
    text = QUOTING.read_text()
    paragraphs = text.split("\n\n")
    reprints = [p for p in paragraphs if p.startswith("Vraag:")]
    rest = [p for p in paragraphs if not p.startswith("Vraag:")]
    listing = tmp_path / "brief-citaat-vooraf.txt"
    listing.write_text("\n\n".join([*rest[:3], *reprints, *rest[3:]]))
    call_command("ingest", str(QUESTIONS), str(listing), sync=True)
    methods = {method for pairs in _links_on_the_letter().values() for method, _ in pairs}
    assert Link.Method.EXPLICIT not in methods
    assert not Link.objects.filter(passage__text__startswith="Vraag:").exists()


@pytest.mark.django_db
def test_relinking_keeps_a_curators_rejection_of_an_answer_found_by_its_reprint(curator):
    call_command("ingest", str(QUESTIONS), str(QUOTING), sync=True)
    link = Link.objects.get(question__number=3, passage__text__startswith="Volgens Google")
    link_reject(link=link, curator=curator)
    links_suggest_for_questions(Question.objects.all())
    link.refresh_from_db()
    assert link.status == Link.Status.REJECTED
    assert _links_on_the_letter() == _expected()  # the rejected link as it was, nothing new


@pytest.mark.django_db
def test_of_two_near_identical_questions_the_reprint_answers_its_own():
    # 2019Z15315: questions 2 and 3 differ only in "de rijksoverheid" / "onze vitale
    # infrastructuur"; the reprint of 3 is also 0.85 alike to 2.
    call_command(
        "ingest",
        str(FIXTURES / "linking" / "2019Z15315-vragen.txt"),
        str(FIXTURES / "quoted" / "2019Z15315-brief-citaat.txt"),
        sync=True,
    )
    assert _links_on_the_letter() == {
        2: [(Link.Method.EXPLICIT, "Op dit moment kan ni")],
        3: [(Link.Method.EXPLICIT, "Zoals vermeld in de ")],
    }


def test_a_reprint_is_the_questions_wording_not_an_answer_echoing_it():
    question = "Klopt het dat de politie proeven doet met chips in kentekenplaten?"
    assert reprint_similarity(question, "Vraag: " + question) > 0.9
    echo = "Het klopt dat er een proef wordt gedaan met chips in kentekens."
    assert reprint_similarity(question, echo) < 0.85
    assert reprint_similarity(question, question + " Ja.") == 0.0  # asked and answered


def test_a_reprint_of_the_questions_first_sentence_is_a_reprint():
    question = (
        "In welke context werd gebruik gemaakt van Clearview AI door de nationale politie? "
        "Zijn er ook financiële betalingen verricht aan Clearview AI?"
    )
    first = (
        "Vraag: In welke context werd gebruik gemaakt van Clearview AI door de nationale politie?"
    )
    assert reprint_similarity(question, first) >= 0.85
    assert reprint_similarity(question, "Zijn er ook financiële betalingen verricht?") == 0.0


@pytest.mark.django_db
def test_the_question_page_says_the_letter_quotes_the_question(client_for, policy_staff):
    call_command("ingest", str(QUESTIONS), str(QUOTING), sync=True)
    question = Question.objects.get(number=2)
    page = client_for(policy_staff).get(
        reverse("question_set_detail", args=[question.question_set.pk])
    )
    assert "De brief citeert deze vraag en antwoordt in de alinea erna." in page.content.decode()


# "Vraag 2", the question, and the answer below it, without "Antwoord 2": until December 2026
# such a letter was read as a question document, whose questions (each with its answer
# appended) replaced the question set's own wording.
NUMBERED = FIXTURES / "quoted" / "2014Z07273-brief-vraag-genummerd.txt"


@pytest.mark.django_db
@pytest.mark.parametrize("letter_first", [False, True])
def test_a_letter_answering_under_numbered_questions_is_an_answer_document(letter_first):
    _ingest_in_order(NUMBERED, letter_first)
    letter = Document.objects.get(filename__contains="genummerd")
    assert letter.kind == Document.Kind.ANSWERS
    assert QuestionSet.objects.count() == 1
    wording = {q.number: q.text for q in Question.objects.all()}
    assert wording[2].endswith("getoetst op privacy waarborgen?")  # no answer appended
    assert wording[4].endswith("inzake gegevensbescherming?")
    links = Link.objects.filter(passage__document=letter).order_by("question__number")
    assert [(link.question.number, link.method, link.passage.text[:20]) for link in links] == [
        (n, Link.Method.EXPLICIT, opening[:20]) for n, opening in ANSWER_OPENINGS.items()
    ]
    assert letter.passages.get(text__startswith="Fred Teeven").role == Passage.Role.SIGNATURE


def test_a_letter_listing_numbered_questions_without_answers_below_them_holds_no_questions():
    listing = (
        "Aan de Voorzitter van de Tweede Kamer der Staten-Generaal\n\n"
        "Den Haag, 23 mei 2014\n\n"
        "Het lid Verhoeven stelde de volgende vragen.\n\n"
        "Vraag 1\nVindt dit experiment ook in Nederland plaats?\n\n"
        "Vraag 2\nHoe verhoudt de koppeling zich tot de wetgeving?\n\n"
        "Vraag 3\nIs het experiment getoetst op privacywaarborgen?\n"
    )
    structure = structure_document(listing.encode())
    assert structure.kind == "letter"
    assert structure.questions == []
    assert "Hoe verhoudt de koppeling zich tot de wetgeving?" in [
        p.text for p in structure.passages
    ]


def test_an_unnumbered_antwoord_over_the_answer_is_a_label_not_its_text():
    text = NUMBERED.read_text().replace("\n\nGoogle heeft", "\n\nAntwoord\nGoogle heeft")
    assert "Antwoord\nGoogle heeft" in text
    structure = structure_document(text.encode())
    answers = [(p.answer_numbers, p.text[:12]) for p in structure.passages if p.role == "answer"]
    assert answers[0] == ([2], "Google heeft")


def test_a_letter_numbering_the_questions_of_two_sets_is_no_answer_document():
    def block(numbers: range) -> str:
        return "\n\n".join(
            f"Vraag {n}\nIs maatregel {n} al genomen?\n\nMaatregel {n} is genomen." for n in numbers
        )

    letter = (
        "Aan de Voorzitter van de Tweede Kamer der Staten-Generaal\n\n"
        "Den Haag, 23 mei 2014\n\n"
        "Hierbij beantwoord ik de vragen van twee leden.\n\n"
        f"{block(range(1, 3))}\n\n{block(range(1, 4))}\n"
    )
    structure = structure_document(letter.encode())
    assert structure.kind == "letter"
    assert structure.questions == []
    assert not [p for p in structure.passages if p.answer_numbers]
