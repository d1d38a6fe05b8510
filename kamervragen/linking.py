"""Linking v1: rank passages for each question with PostgreSQL full-text search.

Candidates come from the GIN-indexed `dutch` search vector, never from a scan of all
passages. A question's content words are OR-ed; passages are ranked by ts_rank_cd and
kept when they share enough distinct stems with the question.
"""

import re

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection, transaction
from django.db.models import F, Q, QuerySet

from documents.models import Document, Passage
from kamervragen.models import Link, LinkEvent, Question

LINKABLE_KINDS = [Document.Kind.ANSWERS, Document.Kind.LETTER, Document.Kind.OTHER]
CANDIDATES_PER_QUESTION = 20
SUGGESTIONS_PER_QUESTION = 3
MIN_SHARED_STEMS = 3
MIN_SCORE = 0.25
GENRE_WORDS = {
    "bekend", "bericht", "bereid", "kunt", "waarom", "nee", "welke", "hoe", "beoordeelt",
    "deelt", "mening", "gelet", "aangeven", "klopt", "wanneer", "ja", "u",
}  # fmt: skip


def question_stems(text: str) -> list[str]:
    """The question's distinct `dutch` stems, without the question genre's own words."""
    words = [w for w in re.findall(r"\w+", text.lower()) if w not in GENRE_WORDS and len(w) > 2]
    if not words:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT lexeme FROM unnest(to_tsvector('dutch', %s)) ORDER BY lexeme",
            [" ".join(words)],
        )
        return [row[0] for row in cursor.fetchall()]


def _passage_stems(passage_ids: list[int]) -> dict[int, set[str]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, tsvector_to_array(to_tsvector('dutch', heading || ' ' || text)) "
            "FROM documents_passage WHERE id = ANY(%s)",
            [passage_ids],
        )
        return {row[0]: set(row[1]) for row in cursor.fetchall()}


def rank_passages(question: Question, candidates: QuerySet[Passage]) -> list[tuple]:
    """(passage, score, shared stems) for the best candidates, best first."""
    stems = question_stems(question.text)
    if not stems:
        return []
    raw = " | ".join("'" + stem.replace("\\", "").replace("'", "''") + "'" for stem in stems)
    query = SearchQuery(raw, search_type="raw", config="simple")
    ranked = list(
        candidates.filter(search_vector=query)
        .annotate(rank=SearchRank(F("search_vector"), query, normalization=32))
        .order_by("-rank")[:CANDIDATES_PER_QUESTION]
    )
    passage_stems = _passage_stems([p.id for p in ranked])
    results = []
    for passage in ranked:
        shared = sorted(set(stems) & passage_stems.get(passage.id, set()))
        coverage = len(shared) / len(stems)
        score = round(0.5 * coverage + 0.5 * passage.rank * 4, 4)
        if len(shared) >= MIN_SHARED_STEMS and score >= MIN_SCORE:
            results.append((passage, min(score, 1.0), shared))
    results.sort(key=lambda item: item[1], reverse=True)
    return results[:SUGGESTIONS_PER_QUESTION]


def candidate_passages() -> QuerySet[Passage]:
    return Passage.objects.filter(
        document__kind__in=LINKABLE_KINDS, document__status=Document.Status.DONE
    ).exclude(role=Passage.Role.SIGNATURE)


def links_suggest_for_questions(questions: QuerySet[Question]) -> int:
    """Suggests passages from every linkable document for these questions."""
    return sum(_suggest(question, candidate_passages()) for question in questions)


def links_suggest_for_document(document: Document) -> int:
    """Suggests this document's passages for every question in the database."""
    # The document itself is still being processed, so it is not among candidate_passages().
    passages = Passage.objects.filter(document=document).exclude(role=Passage.Role.SIGNATURE)
    questions = Question.objects.exclude(document=document).select_related("question_set")
    return sum(_suggest(question, passages) for question in questions)


@transaction.atomic
def _suggest(question: Question, candidates: QuerySet[Passage]) -> int:
    made = 0
    for passage, score, shared in rank_passages(question, candidates):
        evidence = {"terms": shared}
        link = (
            Link.objects.select_for_update()
            .filter(Q(question=question) & Q(passage=passage))
            .first()
        )
        if link is None:
            link = Link.objects.create(
                question=question,
                passage=passage,
                score=score,
                method=Link.Method.LEXICAL,
                evidence=evidence,
            )
            LinkEvent.objects.create(
                link=link, action=LinkEvent.Action.SUGGESTED, to_status=link.status
            )
            made += 1
        elif not link.is_curated and link.method == Link.Method.LEXICAL:
            link.score, link.evidence = score, evidence
            link.save(update_fields=["score", "evidence", "updated_at"])
    return made
