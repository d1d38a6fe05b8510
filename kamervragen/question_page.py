"""What the page of one question shows, and the pages of a member and a party.

Similar earlier questions: other sets' questions that share at least two of this question's
distinctive words (rarest first, through the questions' GIN-indexed `dutch` vectors, at most
`SIMILAR_SCANNED` rows ranked), ordered by how rare the shared words are; with the passages
linked to them as answers (confirmed or suggested, explicit answers first).
"""

import datetime
import itertools
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import (
    Aggregate,
    Count,
    DurationField,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
)
from django.http import Http404
from django.shortcuts import get_object_or_404

from documents.models import Document, Passage
from kamervragen.deadlines import SetStatus
from kamervragen.evidence import Speller, attach
from kamervragen.linking.config import DEFAULT
from kamervragen.linking.terms import WordRules, content_words, rarity
from kamervragen.models import Link, LinkEvent, Question, QuestionSet
from kamervragen.publications import Publication, question_set_publications
from kamervragen.selectors import (
    question_set_by_key,
    question_sets_overview,
    question_sets_with_counts,
    questions_arrange,
    questions_with_links,
)

SIMILAR_SHOWN = 5
SIMILAR_SCANNED = 50  # rows the index query ranks; the best of them are shown
SIMILAR_QUERY_TERMS = 8  # the question's rarest words that query the index
SIMILAR_MIN_RARITY = 0.5  # no word commoner than Zipf 5.25 ("gebruikt" and "nieuwe" are)
# A pair of common words ("minister", "haven") matches too many questions to rank: each pair
# queried holds a rare word (Zipf 4 or less, "scanner", "Nuctech") when the question has one.
SIMILAR_RARE = 1.0
QUESTION_WORDS = {"hoeveel", "hoelang", "hoezeer", "waarom", "wanneer", "welke", "welk"}
ANSWERS_SHOWN = 3
HISTORY_SHOWN = 50
ANSWERING = [Link.Status.SUGGESTED, Link.Status.CONFIRMED]


@dataclass
class SimilarQuestion:
    question: Question
    score: float
    shared_words: list[str] = field(default_factory=list)
    marked_words: frozenset[str] = frozenset()
    answers: list[Link] = field(default_factory=list)


@dataclass
class QuestionPage:
    question_set: QuestionSet
    question: Question
    previous_number: int | None
    next_number: int | None
    publications: list[Publication]
    history: list[LinkEvent]
    similar: list[SimilarQuestion]


def question_page(key: str, number: int) -> QuestionPage:
    """Question `number` of the set with this zaak number or id; 404 if there is none."""
    found = question_set_by_key(key)
    question_set = get_object_or_404(
        question_sets_overview().prefetch_related(
            Prefetch("documents", queryset=Document.objects.order_by("date", "pk"))
        ),
        pk=found.pk,
    )
    question = questions_with_links().filter(question_set=question_set, number=number).first()
    if question is None:
        raise Http404
    question.question_set = question_set
    questions_arrange([question])
    numbers = list(question_set.questions.order_by("number").values_list("number", flat=True))
    index = numbers.index(number)
    # Of the links this page shows: the question's own footnote is a source, not a link.
    history = question_history(question)
    return QuestionPage(
        question_set=question_set,
        question=question,
        previous_number=numbers[index - 1] if index > 0 else None,
        next_number=numbers[index + 1] if index + 1 < len(numbers) else None,
        publications=question_set_publications(question_set),
        history=history,
        similar=similar_questions(question),
    )


def question_history(question: Question) -> list[LinkEvent]:
    """The latest changes to the question's links to passages, those withdrawn included (their
    events keep the question and passage: `LinkEvent.question_ref`), each with `passage`."""
    history = list(
        LinkEvent.objects.filter(
            Q(link__question=question, link__passage__isnull=False)
            | Q(link__isnull=True, question_ref=question.pk, passage_ref__isnull=False)
        )
        .select_related("actor", "link__passage__document")
        .order_by("-created_at", "-pk")[:HISTORY_SHOWN]
    )
    withdrawn = {event.passage_ref for event in history if event.link is None}
    passages = Passage.objects.select_related("document").in_bulk(withdrawn)
    for event in history:
        event.passage = event.link.passage if event.link else passages.get(event.passage_ref)
    return history


def _weights(text: str, speller: Speller) -> tuple[dict[str, float], dict[str, float]]:
    """The stems of the question's distinctive words weighted by rarity: all of them
    (compound parts too), and those of whole words, which the `dutch` search vectors hold."""
    rules = WordRules.of(DEFAULT)
    every: dict[str, float] = {}
    whole: dict[str, float] = {}
    for word in content_words(text, rules, split=False):
        weight = rarity(word)
        if weight < SIMILAR_MIN_RARITY or word in QUESTION_WORDS:
            continue  # "gebruikt", "hoeveel": shared by questions on anything
        stem = speller.word_stem(word)
        if stem:
            whole[stem] = max(whole.get(stem, 0.0), weight)
        for part_stem in speller.stems(word):
            every[part_stem] = max(every.get(part_stem, 0.0), weight)
    return every, whole


def _quoted(stem: str) -> str:
    return "'" + stem.replace("\\", "").replace("'", "''") + "'"


def _pairs_query(stems: list[str], rare: set[str]) -> SearchQuery:
    """Two of these stems at least, one of them `rare` if any is, as they stand in a
    `dutch` search vector."""
    if len(stems) == 1:
        return SearchQuery(_quoted(stems[0]), search_type="raw", config="simple")
    pairs = [(a, b) for a, b in itertools.combinations(stems, 2) if not rare or {a, b} & rare]
    raw = " | ".join(f"({_quoted(a)} & {_quoted(b)})" for a, b in pairs)
    return SearchQuery(raw, search_type="raw", config="simple")


def similar_questions(question: Question, limit: int = SIMILAR_SHOWN) -> list[SimilarQuestion]:
    """Questions of other, earlier sets that share this question's distinctive words, the
    answered first, then by the rarity of the words shared; each with its answers and the
    shared words as each text spells them."""
    speller = Speller()
    speller.add(question.text)
    speller.resolve()
    weights, whole = _weights(question.text, speller)
    distinctive = sorted(whole, key=lambda stem: (-whole[stem], stem))[:SIMILAR_QUERY_TERMS]
    if not distinctive:
        return []
    query = _pairs_query(distinctive, {s for s in distinctive if whole[s] >= SIMILAR_RARE})
    answered = Link.objects.filter(
        question=OuterRef("pk"), status__in=ANSWERING, passage__isnull=False
    )
    candidates = (
        Question.objects.filter(search_vector=query)
        .exclude(question_set=question.question_set_id)
        .select_related("question_set")
        .annotate(
            rank=SearchRank(F("search_vector"), query, normalization=32),
            answered=Exists(answered),
        )
    )
    submitted = question.question_set.submitted
    if submitted:
        candidates = candidates.filter(
            Q(question_set__submitted__lte=submitted) | Q(question_set__submitted__isnull=True)
        )
    found = list(candidates.order_by("-rank", "pk")[:SIMILAR_SCANNED])
    speller.add(*(other.text for other in found))
    speller.resolve()
    similar = []
    for other in found:
        shared = set(weights) & speller.stems(other.text)
        if len(shared) < min(2, len(distinctive)):
            continue
        score = sum(weights[stem] for stem in shared)
        ordered = sorted(shared, key=lambda stem: (-weights[stem], stem))
        spelled = speller.spell(ordered, other.text)
        similar.append(SimilarQuestion(other, score, spelled.words, spelled.marked))
    similar.sort(
        key=lambda item: (
            not getattr(item.question, "answered", False),
            -item.score,
            item.question.pk,
        )
    )
    similar = similar[:limit]
    _answers_attach(similar, weights, speller)
    return similar


def _answers_attach(similar: list[SimilarQuestion], weights: dict, speller: Speller) -> None:
    """Each similar question's answers, with the words they share with the question asked."""
    links = (
        Link.objects.filter(
            question__in=[item.question.pk for item in similar],
            status__in=ANSWERING,
            passage__isnull=False,
        )
        .select_related("passage__document")
        .order_by("question", "-score", "pk")
    )
    by_question: dict[int, list[Link]] = {}
    for link in links:
        by_question.setdefault(link.question_id, []).append(link)
    shown = []
    for item in similar:
        answers = sorted(
            by_question.get(item.question.pk, []),
            key=lambda link: (
                link.method != Link.Method.EXPLICIT,
                link.status != Link.Status.CONFIRMED,
                -link.score,
            ),
        )
        item.answers = answers[:ANSWERS_SHOWN]
        shown += item.answers
    texts = [link.passage.text if link.passage else "" for link in shown]
    speller.add(*texts)
    speller.resolve()
    terms = sorted(weights, key=lambda stem: (-weights[stem], stem))
    for link, text in zip(shown, texts, strict=True):
        starts = link.passage.paragraph_starts if link.passage else []
        attach(link, speller.spell(terms, text), text, starts)


# members and parties -------------------------------------------------------------------


class Median(Aggregate):
    function = "percentile_cont"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = DurationField()


@dataclass
class SubmitterSummary:
    total: int
    answered: int
    open: int
    overdue: int
    median_days: float | None


def by_member(*names: str) -> Q:
    """The sets this member asked (or co-signed): any of its names exactly as the sets list
    them (`submitters @> [{"name": …}]`, through the GIN index)."""
    condition = Q(pk__in=[])
    for name in names:
        condition |= Q(submitters__contains=[{"name": name}])
    return condition


def by_party(party: str) -> Q:
    """The sets a member of this party asked: the party exactly, not a part of a name."""
    return Q(submitters__contains=[{"party": party}])


def sets_matching(condition: Q) -> QuerySet[QuestionSet]:
    """The sets, newest first, without the overview's joins: to count and page through the
    GIN index (the overview's grouping makes the planner filter every set instead)."""
    return QuestionSet.objects.filter(condition).order_by("-submitted", "-created_at", "pk")


def sets_overview_of(ids: Iterable[int]) -> list[QuestionSet]:
    """These sets as `question_sets_overview` annotates them, in the order given."""
    ids = list(ids)
    found = {s.pk: s for s in question_sets_overview().filter(pk__in=ids)}
    return question_sets_with_counts([found[pk] for pk in ids if pk in found])


def submitter_summary(condition: Q) -> SubmitterSummary:
    """How many sets are answered, open and overdue, and the median days to an answer."""
    # The condition on the sets themselves (the GIN index on submitters), not `pk IN` a
    # subquery: that joined every set to the matching ids (126 ms for a party at 100,000).
    sets = question_sets_overview().filter(condition)
    figures = sets.order_by().aggregate(
        total=Count("pk"),
        answered=Count("pk", filter=Q(answer_status=SetStatus.ANSWERED)),
        overdue=Count("pk", filter=Q(answer_status=SetStatus.OVERDUE)),
        median=Median(
            F("answered_on") - F("submitted"),
            filter=Q(answer_status=SetStatus.ANSWERED, submitted__isnull=False),
        ),
    )
    median: datetime.timedelta | None = figures["median"]
    return SubmitterSummary(
        total=figures["total"],
        answered=figures["answered"],
        open=figures["total"] - figures["answered"] - figures["overdue"],
        overdue=figures["overdue"],
        median_days=median.total_seconds() / 86400 if median is not None else None,
    )


def member_parties(names: list[str], limit: int = 50) -> list[str]:
    """The parties a member (by any of its names) asked for, as their latest sets list
    them."""
    sets = QuestionSet.objects.filter(by_member(*names)).order_by("-submitted")[:limit]
    parties: list[str] = []
    for question_set in sets.only("submitters"):
        for submitter in question_set.submitters or []:
            party = submitter.get("party")
            if submitter.get("name") in names and party and party not in parties:
                parties.append(party)
    return parties
