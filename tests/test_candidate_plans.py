"""The candidate queries go through the indexes on every plan: a scan is a bug (issue #15).

Each candidate query (a `@@` search of the questions or the passages, and the `ts_rank` of
their hits) is explained as the
linking runs it, on the same connection and in the same transaction, so the planner
settings the linking chose are in force. The tables hold a few hundred rows: a sequential
scan is the cheaper plan there, which a plain EXPLAIN shows, so the assertions have teeth.
"""

import json
from contextlib import contextmanager
from dataclasses import replace

import pytest
from django.core.management import call_command
from django.db import connection

from documents.models import Document, Passage
from kamervragen.linking import links_suggest_for_document, links_suggest_for_questions
from kamervragen.linking.candidates import (
    candidate_passages,
    passages_for,
    questions_worded_like,
)
from kamervragen.linking.config import DEFAULT
from kamervragen.linking.terms import question_terms
from kamervragen.models import Question
from tests.conftest import SEED_LETTER_PDF, SEED_QUESTIONS_PDF

pytestmark = pytest.mark.django_db

BIG_TABLES = {"kamervragen_question", "documents_passage", "documents_document"}


@contextmanager
def candidate_plans(plans: list[tuple[str, dict]], queries: list | None = None):
    """Explains every candidate query before it runs (raw cursor: no wrapper recursion)."""
    queries = [] if queries is None else queries

    def explain(execute, sql, params, many, context):
        candidate = "@@" in sql or "ts_rank" in sql
        if candidate and sql.lstrip().upper().startswith("SELECT"):
            raw = context["cursor"].cursor
            raw.execute("EXPLAIN (FORMAT JSON) " + sql, params)
            (row,) = raw.fetchall()
            plan = row[0] if not isinstance(row[0], str) else json.loads(row[0])
            plans.append((sql, plan[0]["Plan"]))
            queries.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(explain):
        yield


def nodes(plan: dict):
    yield plan
    for child in plan.get("Plans", []):
        yield from nodes(child)


def assert_through_the_index(plans: list[tuple[str, dict]], table: str, index: str) -> None:
    searched = [(sql, plan) for sql, plan in plans if f'FROM "{table}"' in sql]
    assert searched, f"no candidate query on {table}"
    assert any("ts_rank" in sql for sql, _ in searched), f"no ranked query on {table}"
    for sql, plan in searched:
        kinds = [(n["Node Type"], n.get("Relation Name"), n.get("Index Name")) for n in nodes(plan)]
        scans = [k for k in kinds if k[0] in ("Seq Scan", "Parallel Seq Scan")]
        assert not [k for k in scans if k[1] in BIG_TABLES], (sql, kinds)
        if "ts_rank" not in sql:  # the hits: straight from the GIN index
            assert ("Bitmap Index Scan", None, index) in kinds, (sql, kinds)


@pytest.fixture
def seeds() -> tuple[Document, Document]:
    call_command("ingest", str(SEED_QUESTIONS_PDF), str(SEED_LETTER_PDF), sync=True)
    with connection.cursor() as cursor:
        for table in BIG_TABLES:
            cursor.execute(f"ANALYZE {table}")
    return (
        Document.objects.get(kind=Document.Kind.QUESTIONS),
        Document.objects.exclude(kind=Document.Kind.QUESTIONS).get(),
    )


def test_a_new_letter_finds_its_questions_through_the_gin_index(seeds):
    questions, letter = seeds
    plans: list[tuple[str, dict]] = []
    with candidate_plans(plans):
        links_suggest_for_document(letter)
    assert_through_the_index(plans, "kamervragen_question", "question_search_gin")


def test_an_answer_documents_reprints_find_their_set_through_the_gin_index(seeds):
    """The set an answer document without a zaak number joins, by the questions it
    reprints: a sequential scan of every question per reprint before (5 s at 300,000 sets)."""
    questions, letter = seeds
    asked = Question.objects.filter(document=questions).get(number=3)
    plans: list[tuple[str, dict]] = []
    with candidate_plans(plans):
        found = questions_worded_like(asked.text.lower().split(), 3, excluding=letter, count=20)
    assert found[0] == asked
    assert_through_the_index(plans, "kamervragen_question", "question_search_gin")


def test_new_questions_find_their_passages_through_the_gin_index(seeds):
    questions, letter = seeds
    plans: list[tuple[str, dict]] = []
    with candidate_plans(plans):
        links_suggest_for_questions(Question.objects.filter(document=questions))
    assert_through_the_index(plans, "documents_passage", "passage_search_gin")


def test_the_hits_are_ranked_as_one_array_through_the_primary_key(seeds):
    """`id = ANY(%s::bigint[])`, one parameter however many hits (`pk__in` sent one each),
    and the questions are read by their key."""
    questions, letter = seeds
    plans: list[tuple[str, dict]] = []
    queries: list = []
    with candidate_plans(plans, queries):
        links_suggest_for_document(letter)
        links_suggest_for_questions(Question.objects.filter(document=questions))
    ranked = [(sql, params) for sql, params in queries if "ts_rank" in sql]
    assert {table for table in BIG_TABLES if any(f'FROM "{table}"' in s for s, _ in ranked)} >= {
        "kamervragen_question",
        "documents_passage",
    }
    for sql, params in ranked:
        assert '"id" IN (' not in sql and '"id" = ANY(%s::bigint[])' in sql, sql
        assert [p for p in params if isinstance(p, list) and p and isinstance(p[0], int)], params
    for sql, plan in plans:
        if "ts_rank" in sql and 'FROM "kamervragen_question"' in sql:
            kinds = [
                (n["Node Type"], n.get("Index Name"), n.get("Index Cond")) for n in nodes(plan)
            ]
            assert [
                k
                for k in kinds
                if k[:2] == ("Bitmap Index Scan", "kamervragen_question_pkey")
                and "ANY" in (k[2] or "")
            ], kinds


def test_even_where_the_planner_would_rather_scan(seeds):
    """Index scans made dear and a scan cheap: the candidate queries still use the index;
    the same hits query, explained plainly, is a sequential scan on these small tables."""
    questions, letter = seeds
    with connection.cursor() as cursor:
        cursor.execute("SET random_page_cost = 1000")
        cursor.execute("SET seq_page_cost = 0.01")
    try:
        plans: list[tuple[str, dict]] = []
        queries: list = []
        with candidate_plans(plans, queries):
            links_suggest_for_document(letter)
            links_suggest_for_questions(Question.objects.filter(document=questions))
        assert_through_the_index(plans, "kamervragen_question", "question_search_gin")
        assert_through_the_index(plans, "documents_passage", "passage_search_gin")
        sql, params = next(q for q in queries if 'FROM "kamervragen_question"' in q[0])
        with connection.cursor() as cursor:
            cursor.cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
            plan = cursor.fetchone()[0]
        plan = json.loads(plan) if isinstance(plan, str) else plan
        assert "Seq Scan" in [n["Node Type"] for n in nodes(plan[0]["Plan"])]
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET random_page_cost")
            cursor.execute("RESET seq_page_cost")


def test_the_planner_settings_are_restored_after_the_candidate_queries_even_on_an_error():
    from django.db import ProgrammingError, transaction

    from kamervragen.linking.candidates import through_indexes

    def settings() -> tuple:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT current_setting('enable_seqscan'), current_setting('enable_indexscan')"
            )
            return cursor.fetchone()

    with transaction.atomic():
        before = settings()
        with through_indexes():
            assert settings() == ("off", "off")
        assert settings() == before
        # The query's own error comes out (not "current transaction is aborted").
        with pytest.raises(ProgrammingError), through_indexes(), connection.cursor() as cursor:
            cursor.execute("SELECT no_such_column FROM kamervragen_question")
        assert settings() == before


@pytest.mark.django_db
def test_passages_tied_in_rank_are_taken_in_a_fixed_order():
    """Which of equally ranked passages make the cut must not depend on the plan or the
    rows' place in the table: the lowest key first. The passages are written, then the
    first ones rewritten, so the table's physical order is no longer the keys' order."""
    letter = Document.objects.create(
        filename="tied.txt", sha256="t" * 64, kind=Document.Kind.LETTER, status=Document.Status.DONE
    )
    passages = [
        Passage.objects.create(document=letter, order=n, text="De douanescanners worden vervangen.")
        for n in range(12)
    ]
    for passage in passages[:6]:
        passage.save()
    config = replace(DEFAULT, candidates_per_question=4)
    terms = question_terms("Worden de douanescanners vervangen?", config=config)

    found = passages_for(terms, candidate_passages(), config)

    assert [p.pk for p in found] == sorted(p.pk for p in passages)[:4]
