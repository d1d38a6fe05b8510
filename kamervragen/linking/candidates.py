"""Which passages a question may be linked to, and which questions a document may answer.

Retrieval goes through the GIN-indexed `dutch` search vectors, never a scan, and ranks a
bounded number of rows whatever the corpus's size:

- The candidate queries run with bitmap scans only (`through_indexes`). An OR of a hundred
  rare stems is estimated to match a large part of the table (76,382 estimated questions
  where 495 matched, at 100,000 sets), so the planner's choice between the GIN index and a
  scan was a coin toss, and the scan grows with the corpus.
- The index hits are fetched without ranking, at most `ranked_per_document` (or
  `ranked_per_question`) of them for the `rare_query_terms` heaviest stems and as many for
  every stem but the corpus's most common (`_bounded_hits`); only those are ranked. A
  question's common words ("mensen") match most passages of a large corpus: ranking every
  match (84,000 passages at 10,000 letters, to keep 40) was the cost. Below the bounds
  (every query of the gold corpus) the ranked rows are exactly the matching rows.
"""

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection, transaction
from django.db.models import (
    BigIntegerField,
    Exists,
    F,
    Lookup,
    Model,
    OuterRef,
    Q,
    QuerySet,
    Value,
)

from documents.models import Document, Passage, Reference
from kamervragen.linking.answer_runs import later_run_answers
from kamervragen.linking.config import DEFAULT, LinkingConfig
from kamervragen.linking.terms import QuestionTerms, WordRules, content_words, dutch_stems, rarity
from kamervragen.models import Link, Question

SCANS = ["enable_seqscan", "enable_indexscan", "enable_indexonlyscan"]  # off for candidates
StemWeights = dict[str, float]  # a document's stems, each with its rarest word's `rarity`
LINKABLE_KINDS = [Document.Kind.ANSWERS, Document.Kind.LETTER, Document.Kind.OTHER]


def linkable(passages: QuerySet[Passage]) -> QuerySet[Passage]:
    """The passages of these a question may be linked to: not replaced by re-processing
    (`superseded`), and not a letter's signature."""
    return passages.filter(superseded=False).exclude(role=Passage.Role.SIGNATURE)


def is_linkable(passage: Passage) -> bool:
    """`linkable` for one passage already loaded."""
    return not passage.superseded and passage.role != Passage.Role.SIGNATURE


def _in_linkable_documents() -> Q:
    """Rows of finished documents that may answer a question."""
    return Q(document__kind__in=LINKABLE_KINDS, document__status=Document.Status.DONE)


def candidate_passages() -> QuerySet[Passage]:
    """Every passage a question may be linked to by its words."""
    return linkable(Passage.objects.filter(_in_linkable_documents()))


def document_passages(document: Document) -> QuerySet[Passage]:
    """The linkable passages of one document, finished or not: the one being linked is still
    being processed, so it is not among `candidate_passages()`."""
    return linkable(Passage.objects.filter(document=document))


def answer_passages(question_set_id: int) -> QuerySet[Passage]:
    """The answers in the finished documents of the set, in the set's own numbering: of a
    document answering several sets, the answers of its first run, and of any document the
    answers of a run that is certainly this set's (`answer_runs`). The same for every
    question of the set: read once per set."""
    later = later_run_answers(question_set_id).values_list("pk", flat=True)
    return linkable(
        Passage.objects.filter(
            Q(document__question_sets=question_set_id, answer_run__in=[0, 1])
            | Q(pk__in=list(later)),
            document__status=Document.Status.DONE,
        )
    ).filter(role=Passage.Role.ANSWER)


def reference_candidates() -> QuerySet[Reference]:
    """References in passages and footnotes of documents a question may be linked to."""
    return Reference.objects.filter(_in_linkable_documents())


@contextmanager
def through_indexes() -> Iterator[None]:
    """The queries inside are planned with bitmap scans only: a bitmap scan needs an index
    condition, so each table is reached through an index on what the query asks (the GIN
    search vectors, primary and foreign keys). A sequential scan, or a whole index read in
    its order to stop at a LIMIT, is the plan whose cost grows with the corpus, and the
    planner's row estimates for an OR of many stems make it look cheap. Restored afterwards;
    in a transaction (a savepoint inside one), as `SET LOCAL` needs."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join('current_setting(%s)' for _ in SCANS)}", SCANS)
        before = cursor.fetchone()
        for setting in SCANS:
            cursor.execute(f"SET LOCAL {setting} = off")
        yield
        # On an error the savepoint's rollback restores them (and a query now would fail).
        for setting, value in zip(SCANS, before, strict=True):
            cursor.execute("SELECT set_config(%s, %s, true)", [setting, value])


def _bounded_hits(
    model: type[Model],
    stems: Sequence[str],
    weight: dict[str, float],
    limit: int,
    config: LinkingConfig,
) -> list[int]:
    """The primary keys of at most `limit` rows holding one of the
    `rare_query_terms` heaviest stems, and of at most as many holding any stem: the rows
    worth ranking, read from the GIN index alone (no other condition, no order: the one plan
    with bitmap scans only), without ranking them. A stem more than `common_stem_rows` rows
    hold (`common_stems`) fetches nothing (the index would read all those rows to return any
    2,000 of them); it still counts in the rank. Only when every stem is that common does
    the heaviest fetch."""
    heaviest = sorted(stems, key=lambda stem: (-weight.get(stem, 0.0), stem))
    common = common_stems(model, config)
    heaviest = [stem for stem in heaviest if stem not in common] or heaviest[:1]
    rows = model._default_manager.order_by()
    hits = list(
        rows.filter(search_vector=_search_query(heaviest[: config.rare_query_terms])).values_list(
            "pk", flat=True
        )[:limit]
    )
    if len(heaviest) > config.rare_query_terms:
        hits += rows.filter(search_vector=_search_query(heaviest)).values_list("pk", flat=True)[
            :limit
        ]
    return list(dict.fromkeys(hits))


def common_stems(model: type[Model], config: LinkingConfig = DEFAULT) -> frozenset[str]:
    """The stems PostgreSQL's statistics of the table's search vectors (`ANALYZE`: its most
    common elements and their share of the rows) say more than `common_stem_rows` rows
    hold. Empty on a small table, whatever its words."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT m.stem FROM pg_stats s JOIN pg_class c ON c.relname = s.tablename "
            "AND c.relnamespace = to_regnamespace(s.schemaname), "
            "unnest(s.most_common_elems::text::text[], s.most_common_elem_freqs) AS m(stem, f) "
            "WHERE s.schemaname = current_schema() AND s.tablename = %s "
            "AND s.attname = 'search_vector' AND m.stem IS NOT NULL "
            "AND m.f * c.reltuples > %s",
            [model._meta.db_table, config.common_stem_rows],
        )
        return frozenset(stem for (stem,) in cursor.fetchall())


def _ranked(rows: QuerySet, hits: list[int], query: SearchQuery) -> QuerySet:
    """Those of these rows among the hits, with their `ts_rank` for the query."""
    return rows.filter(_among(hits)).annotate(
        rank=SearchRank(F("search_vector"), query, normalization=32)
    )


class _AnyOf(Lookup):
    """`lhs = ANY(rhs)`, the rhs an array."""

    lookup_name = "any_of"
    prepare_rhs = False

    def as_sql(self, compiler, connection) -> tuple[str, list]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} = ANY({rhs})", [*lhs_params, *rhs_params]


def _among(ids: list[int]) -> Lookup:
    """`pk = ANY(%s::bigint[])`: the ids as one array parameter, not `pk__in`'s placeholder
    each (2,000 and more to build, send and parse); still an index condition on the key."""
    return _AnyOf(F("pk"), Value(ids, output_field=ArrayField(BigIntegerField())))


def _search_query(stems: Iterable[str]) -> SearchQuery:
    """Any of these stems, as they stand in a `dutch` search vector."""
    return SearchQuery(" | ".join(map(_quoted, stems)), search_type="raw", config="simple")


def _quoted(stem: str) -> str:
    return "'" + stem.replace("\\", "").replace("'", "''") + "'"


def passages_for(
    terms: QuestionTerms, candidates: QuerySet[Passage], config: LinkingConfig = DEFAULT
) -> list[Passage]:
    """The candidates that share a term with the question, the best `ts_rank` first (among
    the bounded hits, `_bounded_hits`); equal ranks by key, so that the plan does not choose
    which of them make the cut."""
    stems = terms.stems
    with through_indexes():
        hits = _bounded_hits(Passage, stems, terms.weights, config.ranked_per_question, config)
        if not hits:
            return []
        query = _search_query(stems)
        return list(
            _ranked(candidates, hits, query).order_by("-rank", "pk")[
                : config.candidates_per_question
            ]
        )


def document_weights(passages: Iterable[Passage], config: LinkingConfig = DEFAULT) -> StemWeights:
    """The stems of these passages' whole words (as the questions' `dutch` vectors hold them:
    no compound parts), each with the rarity of its rarest word. Computed once per document
    for both its queries (`questions_for`, `related_questions`)."""
    rules = WordRules.of(config)
    return _stem_weights(
        w for p in passages for w in content_words(f"{p.heading} {p.text}", rules, False)
    )


def _stem_weights(words: Iterable[str]) -> StemWeights:
    """The `dutch` stems of these words (stop words dropped), each with its rarest word's
    `rarity`."""
    weight: StemWeights = {}
    for word, stem in dutch_stems(words).items():
        weight[stem] = max(weight.get(stem, 0.0), rarity(word))
    return weight


def document_query_stems(
    weights: StemWeights, min_rarity: float, config: LinkingConfig
) -> list[str]:
    """The document's `document_query_terms` rarest stems, none commoner than `min_rarity`."""
    distinctive = [stem for stem in weights if weights[stem] >= min_rarity]
    rarest = sorted(distinctive, key=lambda stem: (-weights[stem], stem))
    return rarest[: config.document_query_terms]


def questions_for(weights: StemWeights, config: LinkingConfig = DEFAULT) -> list[Question]:
    """Questions worth scoring against a document (its `document_weights`), through the
    questions' GIN index.

    The query ORs the document's `document_query_terms` rarest words (none commoner than
    `query_min_rarity`): common words would make the index return, and PostgreSQL rank, a
    large part of a big corpus. At most `questions_per_document` questions, the unanswered
    first, then the best match, of at most `sets_per_document` sets (the first reached).
    """
    questions = _questions_matching(
        document_query_stems(weights, config.query_min_rarity, config), weights, config
    )
    sets = set(_first_sets(questions, config.sets_per_document))
    return [q for q in questions if q.question_set_id in sets]


def _questions_matching(
    rarest: list[str], weights: StemWeights, config: LinkingConfig
) -> list[Question]:
    """`questions_for` with these stems (`document_query_stems`) as the query."""
    if not rarest:
        return []
    query = _search_query(rarest)
    answered = Link.objects.filter(
        question=OuterRef("pk"), status__in=[Link.Status.SUGGESTED, Link.Status.CONFIRMED]
    ).exclude(method=Link.Method.SOURCE)
    with through_indexes():
        hits = _bounded_hits(Question, rarest, weights, config.ranked_per_document, config)
        if not hits:
            return []
        return list(
            _ranked(Question.objects.all(), hits, query)
            .annotate(answered=Exists(answered))
            .order_by("answered", "-rank", "pk")[: config.questions_per_document]
        )


def questions_worded_like(
    words: Iterable[str], number: int, *, excluding: Document, count: int
) -> list[Question]:
    """Questions numbered `number` (not of `excluding`) that hold these words, the best
    `ts_rank` first, at most `count`: where a reprint of a question is (an answer document
    repeats its questions). Found through the GIN index, bounded as every candidate query
    (`_bounded_hits`: the rows holding the rarest words first), so the lookup does not grow
    with the corpus; a reprint holds nearly all the words, the rarest among them."""
    weights = _stem_weights(words)
    if not weights:
        return []
    stems = sorted(weights)
    with through_indexes():
        hits = _bounded_hits(Question, stems, weights, DEFAULT.ranked_per_document, DEFAULT)
        if not hits:
            return []
        rows = Question.objects.filter(number=number).exclude(document=excluding)
        return list(
            _ranked(rows, hits, _search_query(stems))
            .select_related("question_set")
            .order_by("-rank", "pk")[:count]
        )


def _first_sets(questions: Iterable[Question], count: int) -> list[int]:
    """The ids of the first `count` sets these questions belong to, in their order."""
    return list(dict.fromkeys(q.question_set_id for q in questions))[:count]


def with_whole_sets(questions: list[Question], config: LinkingConfig = DEFAULT) -> list[Question]:
    """The retrieved questions plus the other questions of the first
    `whole_sets_per_document` sets among them, as training sees a gold file's whole set."""
    sets = _first_sets(questions, config.whole_sets_per_document)
    known = {q.pk for q in questions}
    others = Question.objects.filter(question_set_id__in=sets).exclude(pk__in=known)
    with through_indexes():
        return questions + list(others.order_by("question_set_id", "number"))


def related_questions(
    weights: StemWeights, found: list[Question], config: LinkingConfig = DEFAULT
) -> list[Question]:
    """The questions, whole sets, that the document's words (its `document_weights`) reach
    only down to `related_query_min_rarity` ("Chinese"): of the first
    `related_sets_per_document` sets that `found` lacks. `found` holds what `questions_for`
    found with the same weights and config (and possibly more)."""
    if config.related_query_min_rarity >= config.query_min_rarity:
        return []
    wider = document_query_stems(weights, config.related_query_min_rarity, config)
    if wider == document_query_stems(weights, config.query_min_rarity, config):
        # The main query again (a document whose `document_query_terms` rarest words are all
        # rarer than `query_min_rarity`): its sets are all in `found`, nothing is new.
        return []
    known = {q.question_set_id for q in found}
    unfound = [
        q for q in _questions_matching(wider, weights, config) if q.question_set_id not in known
    ]
    sets = _first_sets(unfound, config.related_sets_per_document)
    with through_indexes():
        return list(
            Question.objects.filter(question_set_id__in=sets).order_by("question_set_id", "number")
        )
