from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db.models import (
    Count,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.shortcuts import get_object_or_404
from django.utils import timezone

from documents.models import Document, Footnote, Passage, Reference
from kamervragen.deadlines import SetStatus, answer_due, answer_status
from kamervragen.evidence import explain
from kamervragen.models import Link, LinkCandidate, LinkEvent, Question, QuestionSet
from kamervragen.set_filters import ministry_q, submitter_q

# Snippets are marked with control characters, not HTML: the text is escaped before the
# markers become <mark> elements (see the `marked` filter).
MARK_START, MARK_STOP = "\x02", "\x03"
HEADLINE_OPTIONS = {
    "max_words": 35,
    "min_words": 15,
    "max_fragments": 2,
    "start_sel": MARK_START,
    "stop_sel": MARK_STOP,
}
# "Mogelijk ook relevant" shows the best few: further down they are rarely right, and a long
# list under every question would bury the links above it.
CANDIDATES_SHOWN = 5


def document_question_set(document: Document) -> QuestionSet | None:
    """The question set the document belongs to (one at most), or None. Reads a prefetched
    `question_sets` when there is one."""
    return next(iter(document.question_sets.all()), None)


def search_query(text: str) -> SearchQuery:
    return SearchQuery(text, search_type="websearch", config="dutch")


def question_sets_with_deadlines() -> QuerySet[QuestionSet]:
    """Question sets with `has_answer`, `answered_on`, `has_notice`, `due` and
    `answer_status` (the rule of `kamervragen.deadlines`, in SQL to filter and count on)."""
    answers = Document.objects.filter(question_sets=OuterRef("pk"), kind=Document.Kind.ANSWERS)
    notices = Document.objects.filter(question_sets=OuterRef("pk"), kind=Document.Kind.NOTICE)
    return (
        QuestionSet.objects.annotate(
            has_answer=Exists(answers),
            answered_on=Subquery(answers.order_by("date").values("date")[:1]),
            has_notice=Exists(notices),
        )
        .annotate(due=answer_due())
        .annotate(answer_status=answer_status(today=timezone.localdate()))
    )


def question_sets_overview() -> QuerySet[QuestionSet]:
    """Question sets with their counts, due date and answer status
    (`question_sets_with_deadlines`)."""
    suggested = Link.objects.filter(
        question__question_set=OuterRef("pk"), status=Link.Status.SUGGESTED
    )
    return (
        question_sets_with_deadlines()
        .annotate(
            question_count=Count("questions", distinct=True),
            linked_question_count=Count(
                "questions",
                filter=Q(
                    questions__links__status__in=[Link.Status.SUGGESTED, Link.Status.CONFIRMED],
                    questions__links__passage__isnull=False,  # a footnote is no answer
                ),
                distinct=True,
            ),
            has_suggested=Exists(suggested),
        )
        .order_by("-submitted", "-created_at")
    )


@dataclass
class SetFilters:
    """What the question set list is narrowed by; all of it lives in the URL."""

    q: str = ""
    year: int | None = None
    ministry: str = ""
    submitter: str = ""
    status: str = ""
    suggested: bool = False
    errors: list[str] = field(default_factory=list)

    @classmethod
    def from_params(cls, params) -> "SetFilters":
        filters = cls(
            q=params.get("q", "").strip(),
            ministry=params.get("ministry", "").strip(),
            submitter=params.get("submitter", "").strip(),
            status=params.get("status", "").strip(),
            suggested=params.get("suggested") in {"1", "on", "true"},
        )
        year = params.get("year", "").strip()
        if year.isdigit():
            filters.year = int(year)
        if filters.status not in {"", SetStatus.OPEN, SetStatus.ANSWERED, SetStatus.OVERDUE}:
            filters.status = ""
        return filters


def question_sets_search(filters: SetFilters) -> QuerySet[QuestionSet]:
    """Question sets matching a websearch query (title, zaak number, submitters and parties,
    or any question) and the filters."""
    sets = question_sets_overview()
    if filters.q:
        query = search_query(filters.q)
        matching = Question.objects.filter(question_set=OuterRef("pk"), search_vector=query)
        best = (
            matching.annotate(
                snippet=SearchHeadline(
                    "text", query, config="dutch", **HEADLINE_OPTIONS, highlight_all=False
                )
            )
            .order_by("number")
            .values("snippet")[:1]
        )
        # The set's own vector (title, zaak number, submitters, parties), kept by the database.
        sets = (
            sets.filter(Q(search_vector=query) | Exists(matching))
            .annotate(
                title_headline=SearchHeadline(
                    "title",
                    query,
                    config="dutch",
                    highlight_all=True,
                    start_sel=MARK_START,
                    stop_sel=MARK_STOP,
                ),
                snippet=Subquery(best),
                rank=SearchRank(F("search_vector"), query),
            )
            .order_by("-rank", "-submitted", "-created_at")
        )
    if filters.year:
        sets = sets.filter(submitted__year=filters.year)
    # Whole names, parties and ministries (`SP` is not a member named Spies).
    if filters.ministry:
        sets = sets.filter(ministry_q(filters.ministry))
    if filters.submitter:
        sets = sets.filter(submitter_q(filters.submitter))
    if filters.status:
        sets = sets.filter(answer_status=filters.status)
    if filters.suggested:
        sets = sets.filter(has_suggested=True)
    return sets


def overdue_sets_by_ministry() -> list[tuple[str, list[QuestionSet]]]:
    """Overdue sets under each ministry they are addressed to, the longest-late first;
    the ministry with the most overdue sets first. A set addressed to two is under both."""
    overdue = question_sets_overview().filter(answer_status=SetStatus.OVERDUE).order_by("due")
    groups: dict[str, list[QuestionSet]] = {}
    for question_set in overdue:
        for ministry in question_set.addressed_to or [""]:
            groups.setdefault(ministry, []).append(question_set)
    return sorted(groups.items(), key=lambda item: (-len(item[1]), item[0] == "", item[0]))


def question_set_years() -> list[int]:
    return [
        d.year
        for d in QuestionSet.objects.filter(submitted__isnull=False).dates(
            "submitted", "year", order="DESC"
        )
    ]


def links_for_display() -> QuerySet[Link]:
    return Link.objects.select_related(
        "passage__document", "footnote__document", "curated_by"
    ).prefetch_related(
        Prefetch("events", queryset=LinkEvent.objects.select_related("actor").order_by("pk"))
    )


def questions_with_links() -> QuerySet[Question]:
    """Questions as the set page shows them: links (confirmed first, then by score), the best
    "Mogelijk ook relevant" candidates (`shown_candidates`) and footnotes."""
    candidates = LinkCandidate.objects.select_related("passage__document").order_by(
        "-probability", "pk"
    )
    return Question.objects.order_by("number").prefetch_related(
        Prefetch("links", queryset=links_for_display().order_by("status", "-score")),
        Prefetch("candidates", queryset=candidates[:CANDIDATES_SHOWN], to_attr="shown_candidates"),
        Prefetch("footnotes", queryset=Footnote.objects.order_by("order")),
    )


def _answer_order(link: Link) -> tuple:
    """Explicit answers first, then confirmed links, then the most probable."""
    return (link.method != Link.Method.EXPLICIT, link.status != Link.Status.CONFIRMED, -link.score)


def questions_arrange(questions: Iterable[Question]) -> None:
    """Sets, on questions of `questions_with_links`, `answer_links` (the passages that answer
    it: confirmed and suggested, explicit answers first; not its own footnotes, which are its
    sources) and `rejected_links` (for curators); each link's and candidate's evidence is
    spelled as its passage spells it (`kamervragen.evidence.explain`, one query)."""
    explained: list = []
    for question in questions:
        links = [link for link in question.links.all() if link.passage_id is not None]
        question.answer_links = sorted(
            (link for link in links if link.status != Link.Status.REJECTED), key=_answer_order
        )
        question.rejected_links = [link for link in links if link.status == Link.Status.REJECTED]
        explained += links + list(getattr(question, "shown_candidates", []))
    explain(explained)


def question_set_by_key(key: str | int) -> QuestionSet:
    """A question set by its database id or its zaak number ("2023Z11786"); 404 if none."""
    key = str(key).strip()
    if key.isdigit():
        return get_object_or_404(QuestionSet, pk=int(key))
    # Exact (the unique index), upper case as zaak numbers are written: iexact would scan.
    return get_object_or_404(QuestionSet, zaak_number=key.upper())


def question_set_with_links(pk: int) -> QuestionSet:
    question_set = get_object_or_404(
        question_sets_overview().prefetch_related(
            Prefetch("questions", queryset=questions_with_links()),
            Prefetch("documents", queryset=Document.objects.order_by("date", "pk")),
        ),
        pk=pk,
    )
    questions_arrange(question_set.questions.all())
    return question_set


def question_for_block(pk: int) -> Question:
    """One question as `questions_with_links`, for re-rendering its links after a change."""
    question = questions_with_links().select_related("question_set").get(pk=pk)
    questions_arrange([question])
    return question


def link_for_row(pk: int) -> Link:
    link = links_for_display().select_related("question__question_set").get(pk=pk)
    explain([link])
    return link


def links_review_queue(text: str = "") -> QuerySet[Link]:
    """Suggested links, most likely first: what a curator should look at next; `text`
    narrows them to a zaak number or words of the question. Certain links are left out: an
    answer numbered as the question (explicit) and the question's own footnote (source)."""
    links = (
        links_for_display()
        .select_related("question__question_set")
        .filter(status=Link.Status.SUGGESTED)
        .exclude(method__in=[Link.Method.EXPLICIT, Link.Method.SOURCE])
        .order_by("-score", "pk")
    )
    text = text.strip()
    if text:
        links = links.filter(
            Q(question__question_set__zaak_number__iexact=text)
            | Q(question__search_vector=search_query(text))
        )
    return links


def passages_search(text: str, *, question: Question, limit: int = 10) -> list[Passage]:
    """Passages matching a websearch query, best first, each with a highlighted snippet."""
    if not text.strip():
        return []
    query = search_query(text)
    linked = Link.objects.filter(question=question, passage=OuterRef("pk")).exclude(
        status=Link.Status.REJECTED
    )
    return list(
        Passage.objects.filter(search_vector=query, document__status=Document.Status.DONE)
        .select_related("document")
        .annotate(
            rank=SearchRank(F("search_vector"), query),
            snippet=SearchHeadline("text", query, config="dutch", **HEADLINE_OPTIONS),
            already_linked=Exists(linked),
        )
        .order_by("-rank", "pk")[:limit]
    )


def unanswered_questions(limit: int = 20) -> QuerySet[Question]:
    # A question's own footnote is its source, not an answer.
    answered = Q(
        links__status__in=[Link.Status.SUGGESTED, Link.Status.CONFIRMED],
        links__passage__isnull=False,
    )
    return (
        Question.objects.exclude(answered)
        .select_related("question_set")
        .order_by("-question_set__submitted", "question_set", "number")[:limit]
    )


def document_with_structure(pk: int) -> Document:
    """A document with its passages, footnotes and, per passage, the questions it addresses:
    `reading_passages`, `reading_footnotes`, the `superseded_` ones, and its structured
    references, each once (`reference_list`), and the `question_set` it belongs to."""
    links = (
        Link.objects.visible()
        .select_related("question__question_set")
        .order_by("question__question_set", "question__number")
    )
    passages = Passage.objects.order_by("order").prefetch_related(
        Prefetch("footnotes", queryset=Footnote.objects.order_by("order")),
        Prefetch("links", queryset=links),
    )
    document = get_object_or_404(
        Document.objects.select_related(
            "uploaded_by", "set_membership__question_set"
        ).prefetch_related(
            Prefetch("passages", queryset=passages, to_attr="all_passages"),
            Prefetch("footnotes", queryset=Footnote.objects.order_by("order"), to_attr="all_notes"),
            Prefetch(
                "references",
                queryset=Reference.objects.select_related("resolved_document").order_by("pk"),
                to_attr="all_references",
            ),
        ),
        pk=pk,
    )
    # No membership: the accessor raises an AttributeError (RelatedObjectDoesNotExist).
    membership = getattr(document, "set_membership", None)
    document.question_set = membership.question_set if membership else None
    # Rows that re-processing replaced, kept for a curated link, are shown apart.
    document.reading_passages = [p for p in document.all_passages if not p.superseded]
    document.superseded_passages = [p for p in document.all_passages if p.superseded]
    document.reading_footnotes = [f for f in document.all_notes if not f.superseded]
    document.superseded_footnotes = [f for f in document.all_notes if f.superseded]
    # A reference cited several times is listed once, where it is first cited.
    seen: set[tuple] = set()
    document.reference_list = []
    for reference in document.all_references:
        key = (reference.kind, reference.text, reference.resolved_document_id)
        if key not in seen:
            seen.add(key)
            document.reference_list.append(reference)
    return document
