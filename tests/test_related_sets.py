"""A set a new letter reaches only through commoner words ("Chinese") is scored, and its
passages are shown as "Mogelijk ook relevant", never suggested."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from documents.models import Document
from kamervragen.linking.candidates import document_passages, questions_for, related_questions
from kamervragen.linking.config import DEFAULT
from kamervragen.linking.feature_names import FEATURE_NAMES
from kamervragen.linking.recipe import links_suggest_for_document, scored_choose
from kamervragen.models import Link, LinkCandidate, Question
from tests.conftest import FIXTURES

pytestmark = pytest.mark.django_db
QUESTIONS = FIXTURES / "linking" / "2022Z20802-vragen.txt"
# A collected letter (dev split) with the real answers to questions 2-4 of 2022Z20802 among
# answers of two other sets; it shares with those questions little more than "Chinese".
LETTER = FIXTURES / "linking-gold" / "docs" / "verzamelbrief-dev-03.txt"


@pytest.fixture
def questions_then_letter():
    call_command("ingest", str(QUESTIONS), str(LETTER), sync=True)
    return Document.objects.get(filename=LETTER.name)


def test_the_set_is_reached_only_through_commoner_words(questions_then_letter):
    passages = list(document_passages(questions_then_letter).order_by("order"))
    found = questions_for(passages)
    assert not any(q.question_set.zaak_number == "2022Z20802" for q in found)
    related = related_questions(passages, found)
    assert {q.number for q in related if q.question_set.zaak_number == "2022Z20802"} == {
        1,
        2,
        3,
        4,
        5,
    }


def test_its_answers_are_candidates_not_suggestions(
    questions_then_letter, client_for, policy_staff
):
    asked = Question.objects.filter(question_set__zaak_number="2022Z20802")
    assert not Link.objects.filter(question__in=asked, method=Link.Method.LEXICAL).exists()
    shown = LinkCandidate.objects.filter(question__in=asked.filter(number=2))
    assert any(c.passage.text.startswith("Het bericht is verontrustend") for c in shown)
    assert all(c.evidence.get("related") for c in shown)
    page = client_for(policy_staff).get(
        reverse("question_set_detail", args=[asked.first().question_set_id])
    )
    assert "alleen veelvoorkomende woorden: daarom geen voorstel" in page.content.decode()


def test_linking_again_keeps_a_suggestion_another_linking_made(questions_then_letter):
    question = Question.objects.get(question_set__zaak_number="2022Z20802", number=2)
    passage = document_passages(questions_then_letter).get(
        text__startswith="Het bericht is verontrustend"
    )
    # As the new question set's own linking may suggest it (it queries with all its words).
    Link.objects.create(question=question, passage=passage, method=Link.Method.LEXICAL, score=0.5)
    links_suggest_for_document(questions_then_letter)
    assert Link.objects.filter(question=question, passage=passage).exists()
    assert not LinkCandidate.objects.filter(question=question, passage=passage).exists()


def test_a_shown_only_question_gets_no_suggestion_above_the_threshold():
    class Pair:
        def __init__(self, question_id: int, order: int) -> None:
            self.question = type("Q", (), {"pk": question_id})()
            self.passage = type("P", (), {"document_id": 1, "order": order})()
            self.values = [0.0] * len(FEATURE_NAMES)

    scored = [(Pair(1, 0), 0.9), (Pair(1, 1), 0.5), (Pair(2, 0), 0.9)]
    suggested, candidates = scored_choose(scored, 0.25, 0.02, DEFAULT, frozenset({1}))
    assert [(p.question.pk, p.passage.order) for p, _ in suggested] == [(2, 0)]
    assert [(p.question.pk, p.passage.order) for p, _ in candidates] == [(1, 0), (1, 1)]
