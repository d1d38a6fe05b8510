"""Which passages a question may be linked to, and which questions a document may answer.

Retrieval goes through the GIN-indexed `dutch` search vectors, never a scan.
"""

from collections.abc import Iterable

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import Exists, F, OuterRef, Q, QuerySet

from documents.models import Document, Passage, Reference
from kamervragen.linking.config import DEFAULT, LinkingConfig
from kamervragen.linking.terms import QuestionTerms, WordRules, content_words, dutch_stems, rarity
from kamervragen.models import Link, Question

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


def answer_passages(question: Question) -> QuerySet[Passage]:
    """The answers in the finished documents of the question's own set."""
    return linkable(
        Passage.objects.filter(
            document__question_sets=question.question_set_id,
            document__status=Document.Status.DONE,
        )
    ).filter(role=Passage.Role.ANSWER)


def reference_candidates() -> QuerySet[Reference]:
    """References in passages and footnotes of documents a question may be linked to."""
    return Reference.objects.filter(_in_linkable_documents())


def _search_query(stems: Iterable[str]) -> SearchQuery:
    """Any of these stems, as they stand in a `dutch` search vector."""
    return SearchQuery(" | ".join(map(_quoted, stems)), search_type="raw", config="simple")


def _quoted(stem: str) -> str:
    return "'" + stem.replace("\\", "").replace("'", "''") + "'"


def passages_for(
    terms: QuestionTerms, candidates: QuerySet[Passage], config: LinkingConfig = DEFAULT
) -> list[Passage]:
    """The candidates that share a term with the question, the best `ts_rank` first."""
    query = _search_query(terms.stems)
    return list(
        candidates.filter(search_vector=query)
        .annotate(rank=SearchRank(F("search_vector"), query, normalization=32))
        .order_by("-rank")[: config.candidates_per_question]
    )


def questions_for(passages: QuerySet[Passage], config: LinkingConfig = DEFAULT) -> list[Question]:
    """Questions worth scoring against these passages, through the questions' GIN index.

    The query ORs the document's `document_query_terms` rarest words (none commoner than
    `query_min_rarity`): common words would make the index return, and PostgreSQL rank, a
    large part of a big corpus. At most `questions_per_document` questions, the unanswered
    first, then the best match.
    """
    # Whole words, as the questions' `dutch` vectors hold them (no compound parts).
    rules = WordRules.of(config)
    words = [w for p in passages for w in content_words(f"{p.heading} {p.text}", rules, False)]
    stems = dutch_stems(words)
    weight: dict[str, float] = {}
    for word in words:
        if word in stems:
            weight[stems[word]] = max(weight.get(stems[word], 0.0), rarity(word))
    distinctive = [stem for stem in weight if weight[stem] >= config.query_min_rarity]
    rarest = sorted(distinctive, key=lambda stem: (-weight[stem], stem))
    rarest = rarest[: config.document_query_terms]
    if not rarest:
        return []
    query = _search_query(rarest)
    answered = Link.objects.filter(
        question=OuterRef("pk"), status__in=[Link.Status.SUGGESTED, Link.Status.CONFIRMED]
    ).exclude(method=Link.Method.SOURCE)
    return list(
        Question.objects.filter(search_vector=query)
        .annotate(
            rank=SearchRank(F("search_vector"), query, normalization=32),
            answered=Exists(answered),
        )
        .order_by("answered", "-rank")[: config.questions_per_document]
    )


def with_whole_sets(questions: list[Question], config: LinkingConfig = DEFAULT) -> list[Question]:
    """The retrieved questions plus the other questions of the first
    `whole_sets_per_document` sets among them, as training sees a gold file's whole set."""
    sets = list(dict.fromkeys(q.question_set_id for q in questions))
    known = {q.pk for q in questions}
    others = Question.objects.filter(
        question_set_id__in=sets[: config.whole_sets_per_document]
    ).exclude(pk__in=known)
    return questions + list(others.order_by("question_set_id", "number"))
