"""A set a new letter reaches only through commoner words ("Chinese") is scored like any
other: the model's probability, not the way the set was found, decides whether its
passages are suggested."""

from dataclasses import replace

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from documents.models import Document, Passage
from kamervragen.linking.candidates import (
    document_passages,
    document_query_stems,
    document_weights,
    questions_for,
    related_questions,
    with_whole_sets,
)
from kamervragen.linking.config import DEFAULT
from kamervragen.linking.recipe import links_suggest_for_document
from kamervragen.models import Link, LinkCandidate, Question, QuestionSet
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
    weights = document_weights(document_passages(questions_then_letter).order_by("order"))
    found = questions_for(weights)
    assert not any(q.question_set.zaak_number == "2022Z20802" for q in found)
    related = related_questions(weights, found)
    assert {q.number for q in related if q.question_set.zaak_number == "2022Z20802"} == {
        1,
        2,
        3,
        4,
        5,
    }


def related_by_the_wider_query(weights: dict, found: list[Question]) -> list[Question]:
    """What `related_questions` returned before it skipped a query equal to the main one:
    `questions_for` with `query_min_rarity` lowered, its first new sets whole."""
    wider = replace(DEFAULT, query_min_rarity=DEFAULT.related_query_min_rarity)
    known = {q.question_set_id for q in found}
    sets = [
        q.question_set_id for q in questions_for(weights, wider) if q.question_set_id not in known
    ]
    sets = list(dict.fromkeys(sets))[: DEFAULT.related_sets_per_document]
    return list(
        Question.objects.filter(question_set_id__in=sets).order_by("question_set_id", "number")
    )


def question_queries(queries: CaptureQueriesContext) -> list[str]:
    return [q["sql"] for q in queries if 'FROM "kamervragen_question"' in q["sql"]]


def test_a_document_whose_words_are_all_rare_runs_no_related_query(questions_then_letter):
    """Its wider query's stems are the main query's: the same questions again, their sets
    all found already."""
    rare = Passage(heading="", text="Politiebureaus gefinancierd: intimidatie, foltering.")
    weights = document_weights([rare])
    assert min(weights.values()) >= DEFAULT.query_min_rarity
    assert document_query_stems(weights, DEFAULT.related_query_min_rarity, DEFAULT) == (
        document_query_stems(weights, DEFAULT.query_min_rarity, DEFAULT)
    )
    found = with_whole_sets(questions_for(weights))
    assert any(q.question_set.zaak_number == "2022Z20802" for q in found)
    with CaptureQueriesContext(connection) as queries:
        related = related_questions(weights, found)
    assert related == []
    assert question_queries(queries) == []
    assert related_by_the_wider_query(weights, found) == []


def test_the_related_sets_are_those_of_the_wider_query(questions_then_letter):
    weights = document_weights(document_passages(questions_then_letter).order_by("order"))
    found = with_whole_sets(questions_for(weights))
    with CaptureQueriesContext(connection) as queries:
        related = related_questions(weights, found)
    assert related and related == related_by_the_wider_query(weights, found)
    assert any("ts_rank" in sql for sql in question_queries(queries))


def test_its_answers_are_suggested_when_the_model_is_sure_enough(questions_then_letter):
    """Reached through "Chinese" alone, the set's answers share little else with their
    questions; what the model makes of them decides, as for any set (with a threshold low
    enough that the model's own threshold, chosen on dev, does not decide this test)."""
    asked = Question.objects.filter(question_set__zaak_number="2022Z20802")
    links_suggest_for_document(questions_then_letter, config=replace(DEFAULT, threshold=0.05))
    suggested = Link.objects.filter(
        question__in=asked.filter(number=2), method=Link.Method.LEXICAL
    ).values_list("passage__text", flat=True)
    assert any(text.startswith("Het bericht is verontrustend") for text in suggested)


def test_its_candidates_say_nothing_of_how_the_set_was_found(
    questions_then_letter, client_for, policy_staff
):
    shown = LinkCandidate.objects.filter(question__question_set__zaak_number="2022Z20802")
    assert shown.exists()
    assert not any("related" in candidate.evidence for candidate in shown)
    page = client_for(policy_staff).get(
        reverse("question_set_detail", args=[shown.first().question.question_set_id])
    )
    assert "daarom geen voorstel" not in page.content.decode()


def linked_2022Z20802() -> tuple[set, set]:
    """The set's lexical suggestions and candidates, by question number and passage order."""
    asked = Question.objects.filter(question_set__zaak_number="2022Z20802")
    links = Link.objects.filter(question__in=asked, method=Link.Method.LEXICAL)
    shown = LinkCandidate.objects.filter(question__in=asked)
    return (
        set(links.values_list("question__number", "passage__order", "score")),
        set(shown.values_list("question__number", "passage__order", "probability")),
    )


def test_the_order_of_ingestion_does_not_change_the_links():
    """The questions arriving after the letter (their own linking, which queries with all
    their words) get what the letter's linking gives them."""
    call_command("ingest", str(LETTER), sync=True)
    call_command("ingest", str(QUESTIONS), sync=True)
    letter_first = linked_2022Z20802()
    Document.objects.all().delete()
    QuestionSet.objects.all().delete()
    call_command("ingest", str(QUESTIONS), sync=True)
    call_command("ingest", str(LETTER), sync=True)
    questions_first = linked_2022Z20802()
    assert letter_first == questions_first
    links, shown = letter_first
    assert {number for number, _, _ in links | shown} >= {2, 3, 4}
