import datetime
import heapq
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import TypedDict

from django.contrib.postgres.aggregates import ArrayAgg
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.expressions import Combinable
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone

from documents.models import Document, Footnote, Passage, Reference
from kamervragen.deadlines import SetStatus, answer_status, status_filter
from kamervragen.document_parts import OutlineRow, part_page, parts_paginate, sections
from kamervragen.evidence import explain
from kamervragen.ministries import ministries_of
from kamervragen.models import (
    Link,
    LinkCandidate,
    LinkEvent,
    Question,
    QuestionSet,
    SetDocument,
)
from kamervragen.set_filters import ministry_q, submitter_q

# Snippets are marked with control characters, not HTML: the text is escaped before the
# markers become <mark> elements (see the `marked` filter).
MARK_START, MARK_STOP = "\x02", "\x03"


class HeadlineOptions(TypedDict):
    max_words: int
    min_words: int
    max_fragments: int
    start_sel: str
    stop_sel: str


HEADLINE_OPTIONS = HeadlineOptions(
    max_words=35, min_words=15, max_fragments=2, start_sel=MARK_START, stop_sel=MARK_STOP
)
# "Mogelijk ook relevant" shows the best few: further down they are rarely right, and a long
# list under every question would bury the links above it.
CANDIDATES_SHOWN = 5
# The kinds a reply letter is of (`kamervragen.ingestion.question_sets.reply_letters_refresh`).
REPLY_KINDS = {Document.Kind.LETTER, Document.Kind.OTHER}
SET_STATUSES = {
    SetStatus.OPEN,
    SetStatus.ANSWERED,
    SetStatus.OVERDUE,
    SetStatus.AWAITING_QUESTIONS,
}


def document_question_set(document: Document) -> QuestionSet | None:
    """The question set the document belongs to (one at most), or None. Reads a prefetched
    `question_sets` when there is one."""
    return next(iter(document.question_sets.all()), None)


def search_query(text: str) -> SearchQuery:
    return SearchQuery(text, search_type="websearch", config="dutch")


def question_sets_with_deadlines() -> QuerySet[QuestionSet]:
    """`question_sets_overview` with `has_notice` (the statistics' name for `postponed`)."""
    return question_sets_overview().annotate(has_notice=F("postponed"))


def question_sets_overview() -> QuerySet[QuestionSet]:
    """Question sets with their status (the rule of `kamervragen.deadlines`, on the stored
    columns), newest first. The counts are added by `question_sets_with_counts`, for the rows
    a page shows: counting for every row before paging is what made the list slow."""
    return QuestionSet.objects.annotate(  # type: ignore[no-redef]  # declared on the model
        answer_status=answer_status(today=timezone.localdate())
    ).order_by("-submitted", "-created_at")


def _count(rows: QuerySet, outer: str) -> Coalesce:
    counted = rows.order_by().values(outer).annotate(n=Count("pk", distinct=True)).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _suggested_links() -> QuerySet[Link]:
    """The outer set's suggested links a curator decides on: not a question's own footnote,
    which its page shows as a source."""
    return Link.objects.filter(
        question__question_set=OuterRef("pk"),
        status=Link.Status.SUGGESTED,
        passage__isnull=False,
    )


def _counted(question_sets: QuerySet[QuestionSet]) -> QuerySet[QuestionSet]:
    return question_sets.annotate(
        question_count=_count(Question.objects.filter(question_set=OuterRef("pk")), "question_set"),
        linked_question_count=_count(
            Question.objects.filter(
                question_set=OuterRef("pk"),
                links__status__in=[Link.Status.SUGGESTED, Link.Status.CONFIRMED],
                links__passage__isnull=False,  # a footnote is no answer
            ),
            "question_set",
        ),
        has_suggested=Exists(_suggested_links()),
    )


def question_sets_with_counts(question_sets) -> list[QuestionSet]:
    """These sets (a page of them) with `question_count`, `linked_question_count` and
    `has_suggested`, counted for these rows only (one query)."""
    question_sets = list(question_sets)
    counted = _counted(QuestionSet.objects.filter(pk__in=[s.pk for s in question_sets]))
    counts = {
        row["pk"]: row
        for row in counted.values(  # type: ignore[misc]  # the annotations of `_counted`
            "pk", "question_count", "linked_question_count", "has_suggested"
        )
    }
    for question_set in question_sets:
        row = counts.get(question_set.pk, {})
        question_set.question_count = row.get("question_count", 0)
        question_set.linked_question_count = row.get("linked_question_count", 0)
        question_set.has_suggested = row.get("has_suggested", False)
    return question_sets


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
        if filters.status not in {"", *SET_STATUSES}:
            filters.status = ""
        return filters


def set_matches(query: SearchQuery) -> Combinable:
    """A set matches a websearch query by its own vector (title, zaak number, submitters,
    parties; kept by the database) or by any of its questions."""
    questions = Question.objects.filter(question_set=OuterRef("pk"), search_vector=query)
    return Q(search_vector=query) | Exists(questions)


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
        sets = (
            sets.filter(set_matches(query))
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
        sets = sets.filter(status_filter(filters.status, today=timezone.localdate()))
    if filters.suggested:
        sets = sets.filter(Exists(_suggested_links()))
    return sets


@dataclass
class MinistryOverdue:
    ministry: str  # "" when the set names no addressee
    count: int
    set_ids: list[int]  # longest overdue first
    question_sets: list[QuestionSet] = field(default_factory=list)


def overdue_by_ministry(*, shown: int | None = None) -> list[MinistryOverdue]:
    """Sets open past their deadline under each ministry they are addressed to (Minister and
    Staatssecretaris of one ministry together), the ministry with the most first; each with
    the `shown` longest overdue (all when None). A set addressed to two is under both.

    One query groups the overdue sets by their list of addressees (a few hundred distinct
    lists in decades of sets), each list's ids in order; the lists are merged per ministry
    here. (Reading every overdue set's row to group it in Python took hundreds of
    milliseconds at 100,000 sets.)"""
    order = ("due", "pk")
    overdue = (
        QuestionSet.objects.filter(status_filter(SetStatus.OVERDUE, today=timezone.localdate()))
        .order_by()
        .values("addressed_to")
        .annotate(dues=ArrayAgg("due", order_by=order), ids=ArrayAgg("pk", order_by=order))
        .values_list("addressed_to", "dues", "ids")
    )
    groups: dict[str, list[list[tuple]]] = {}
    for addressed_to, dues, ids in overdue:
        for ministry in ministries_of(addressed_to) or [""]:
            groups.setdefault(ministry, []).append(list(zip(dues, ids, strict=True)))
    result = []
    for ministry, parts in groups.items():
        count = sum(len(part) for part in parts)
        firsts = heapq.merge(*(part[:shown] if shown is not None else part for part in parts))
        ids = [pk for _due, pk in firsts]
        result.append(MinistryOverdue(ministry, count, ids[:shown] if shown is not None else ids))
    result.sort(key=lambda group: (-group.count, group.ministry == "", group.ministry))
    return result


def overdue_sets_fill(groups: list[MinistryOverdue]) -> list[MinistryOverdue]:
    """Reads the sets of these groups' `set_ids` (one query)."""
    wanted = {pk for group in groups for pk in group.set_ids}
    by_pk = question_sets_overview().in_bulk(wanted)
    for group in groups:
        group.question_sets = [by_pk[pk] for pk in group.set_ids if pk in by_pk]
    return groups


YEARS_SQL = """
    SELECT year FROM generate_series(
        (SELECT EXTRACT(YEAR FROM MIN(submitted))::int FROM kamervragen_questionset),
        (SELECT EXTRACT(YEAR FROM MAX(submitted))::int FROM kamervragen_questionset)
    ) AS year
    WHERE EXISTS (
        SELECT 1 FROM kamervragen_questionset
        WHERE submitted >= make_date(year, 1, 1) AND submitted < make_date(year + 1, 1, 1)
    )
    ORDER BY year DESC
"""


def question_set_years() -> list[int]:
    """The years sets were submitted in, newest first: one index probe per year between the
    first and the last (a DISTINCT over every set's date read them all)."""
    with connection.cursor() as cursor:
        cursor.execute(YEARS_SQL)
        return [year for (year,) in cursor.fetchall()]


def question_sets_page(question_sets: QuerySet[QuestionSet], number, size: int) -> Page:
    """A page of these sets with their counts: the page's ids first, then only those rows
    (far down the list, the offset is walked on the narrow index, not on whole rows)."""
    page = Paginator(question_sets.values_list("pk", flat=True), size).get_page(number)
    ids = list(page.object_list)
    by_pk = {s.pk: s for s in _counted(question_sets.filter(pk__in=ids))}
    return Page([by_pk[pk] for pk in ids if pk in by_pk], page.number, page.paginator)


# A word in many sets' questions ("mensen": 40,000 of 100,000 sets) is counted up to here.
SEARCH_COUNT_LIMIT = 1000


class _SearchResultIds:
    """The ids of a searched set list, in its order (rank of the set's own vector, then
    newest first), for a Paginator: first the sets whose own vector matches (title, zaak
    number, submitters: ranked, counted exactly through the GIN index), then the sets that
    match by a question only (rank 0 for all of them, so newest first: read in the order of
    the date index and stopped at the page). The second part is counted up to
    SEARCH_COUNT_LIMIT (`more` when there are more): counting or ranking every set a common
    word's questions match took a second at 100,000 sets."""

    def __init__(self, sets: QuerySet[QuestionSet], query: SearchQuery) -> None:
        self.own = (
            sets.filter(search_vector=query)
            .annotate(own_rank=SearchRank(F("search_vector"), query))
            .order_by("-own_rank", "-submitted", "-created_at", "pk")
            .values_list("pk", flat=True)
        )
        questions = Question.objects.filter(question_set=OuterRef("pk"), search_vector=query)
        self.by_question = (
            sets.filter(~Q(search_vector=query), Exists(questions))
            .order_by("-submitted", "-created_at", "pk")
            .values_list("pk", flat=True)
        )
        # Both counts in one query (the page's queries stay as few as without a search).
        own_sql, own_params = self.own.order_by().query.sql_with_params()
        by_sql, by_params = self.by_question.order_by().query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT (SELECT COUNT(*) FROM ({own_sql}) AS own), "
                f"(SELECT COUNT(*) FROM ({by_sql} LIMIT %s) AS by_question)",
                [*own_params, *by_params, SEARCH_COUNT_LIMIT + 1],
            )
            self.own_count, by_question = cursor.fetchone()
        self.more = by_question > SEARCH_COUNT_LIMIT
        self.total = self.own_count + min(by_question, SEARCH_COUNT_LIMIT)

    def count(self) -> int:
        return self.total

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, index: slice) -> list[int]:
        """The ids of the rows `index` (a page), in one query."""
        start, stop = index.start or 0, min(index.stop or self.total, self.total)
        parts: list[QuerySet] = []
        if start < self.own_count:
            parts.append(self.own[start:stop])
        if stop > self.own_count:
            first = max(start - self.own_count, 0)
            parts.append(self.by_question[first : stop - self.own_count])
        if len(parts) < 2:
            return list(parts[0]) if parts else []
        own, by_question = parts
        sql = [own.query.sql_with_params(), by_question.query.sql_with_params()]
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT 0, * FROM ({sql[0][0]}) AS own "
                f"UNION ALL SELECT 1, * FROM ({sql[1][0]}) AS by_question",
                [*sql[0][1], *sql[1][1]],
            )
            rows = cursor.fetchall()
        # Each part keeps its order inside its subquery; the parts one after the other.
        return [pk for _part, pk in sorted(rows, key=lambda row: row[0])]


def question_sets_search_page(filters: SetFilters, number, size: int) -> Page:
    """`question_sets_page` of `question_sets_search(filters)`; with a query, paged as
    `_SearchResultIds` orders and counts it (`page.paginator.more`: counted up to a
    limit), in the order `question_sets_search` gives."""
    if not filters.q:
        return question_sets_page(question_sets_search(filters), number, size)
    unsearched = question_sets_search(replace(filters, q=""))
    ids = _SearchResultIds(unsearched, search_query(filters.q))
    paginator: Paginator = Paginator(ids, size)  # type: ignore[arg-type]  # count() and slices
    paginator.more = ids.more  # "Meer dan …" in the template
    page = paginator.get_page(number)
    wanted = list(page.object_list)
    by_pk = {s.pk: s for s in _counted(question_sets_search(filters).filter(pk__in=wanted))}
    page.object_list = [by_pk[pk] for pk in wanted if pk in by_pk]
    return page


def links_for_display() -> QuerySet[Link]:
    return Link.objects.select_related(
        "passage__document", "footnote__document", "curated_by"
    ).prefetch_related(
        Prefetch("events", queryset=LinkEvent.objects.select_related("actor").order_by("pk"))
    )


def candidates_for_display() -> QuerySet[LinkCandidate]:
    """A question's "Mogelijk ook relevant" in the order shown: document by document, the one
    with the most probable candidate first, each in its own order (`rank`, the fused order
    the linking chose). `rank` is a place within one document only: ordered by it across
    documents, every loosely related document's first came before the best document's
    second and third."""
    best_in_document = (
        LinkCandidate.objects.filter(
            question=OuterRef("question"), passage__document=OuterRef("passage__document")
        )
        .order_by("-probability")
        .values("probability")[:1]
    )
    return (
        LinkCandidate.objects.select_related("passage__document")
        .annotate(document_best=Subquery(best_in_document))
        .order_by("-document_best", "passage__document_id", "rank", "-probability", "pk")
    )


def questions_with_links() -> QuerySet[Question]:
    """Questions as the set page shows them: links (confirmed first, then by score), the best
    "Mogelijk ook relevant" candidates (`shown_candidates`, `candidates_for_display`) and
    footnotes."""
    candidates = candidates_for_display()
    return Question.objects.order_by("number").prefetch_related(
        Prefetch("links", queryset=links_for_display().order_by("status", "-score")),
        Prefetch("candidates", queryset=candidates[:CANDIDATES_SHOWN], to_attr="shown_candidates"),
        # Document by document: the questions' own first, a reprint of them after.
        Prefetch("footnotes", queryset=Footnote.objects.order_by("document_id", "order")),
    )


def _answer_order(link: Link) -> tuple:
    """Explicit answers first, then confirmed links, then the most probable."""
    return (link.method != Link.Method.EXPLICIT, link.status != Link.Status.CONFIRMED, -link.score)


def sources_distinct(footnotes: Iterable[Footnote]) -> list[Footnote]:
    """A question's footnotes as its sources ("Bronnen"), each once: the Aanhangsel that
    answers reprints the questions with their footnotes, tied to the same question. A text
    another document already gave is left out (whitespace and case aside); a document's own
    footnotes all stay."""
    first_in: dict[str, int] = {}
    sources = []
    for footnote in footnotes:
        key = " ".join(footnote.text.split()).casefold()
        if first_in.setdefault(key, footnote.document_id) == footnote.document_id:
            sources.append(footnote)
    return sources


def questions_arrange(questions: Iterable[Question]) -> None:
    """Sets, on questions of `questions_with_links`, `answer_links` (the passages that answer
    it: confirmed and suggested, explicit answers first; not its own footnotes, which are its
    sources), `rejected_links` (for curators) and `sources` (`sources_distinct`); each link's
    and candidate's evidence is spelled as its passage spells it
    (`kamervragen.evidence.explain`, one query)."""
    explained: list = []
    for question in questions:
        links = [link for link in question.links.all() if link.passage_id is not None]
        question.answer_links = sorted(
            (link for link in links if link.status != Link.Status.REJECTED), key=_answer_order
        )
        question.rejected_links = [link for link in links if link.status == Link.Status.REJECTED]
        question.sources = sources_distinct(question.footnotes.all())
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
    """A set with its questions and links, counts, and `document_line`: its documents and
    those that answer it besides (`set_answering_documents`), by date."""
    question_set = get_object_or_404(
        _counted(question_sets_overview()).prefetch_related(
            Prefetch("questions", queryset=questions_with_links()),
            Prefetch("documents", queryset=Document.objects.order_by("date", "pk")),
        ),
        pk=pk,
    )
    questions_arrange(question_set.questions.all())
    question_set.document_line = sorted(
        [*question_set.documents.all(), *set_answering_documents(question_set)],
        key=lambda d: (d.date or datetime.date.max, d.pk),
    )
    # Shown by kind and date; documents alike in both (the questions uploaded as a PDF and as
    # text) also by file name, or their links read the same.
    shown_as = Counter(map(_shown_as, question_set.document_line))
    for document in question_set.document_line:
        document.line_twin = shown_as[_shown_as(document)] > 1
    return question_set


def _shown_as(document: Document) -> tuple:
    """What a set's page names a document by: reply letter or its kind, and its date."""
    return (getattr(document, "reply_letter", False), document.kind, document.date)


def set_answering_documents(question_set: QuestionSet) -> list[Document]:
    """The documents that answer the set but are not its own (one query): the letters that
    declare they do (`reply_letter` True on them), and the documents answering several
    sets that answer it in a run (`QuestionSet.run_answers`)."""
    letters = QuestionSet.reply_letters.through.objects.filter(
        questionset=question_set.pk, document=OuterRef("pk")
    )
    return list(
        Document.objects.filter(
            Q(answered_question_sets=question_set.pk)
            | Q(run_answered_question_sets=question_set.pk)
        )
        .exclude(question_sets=question_set.pk)
        .annotate(reply_letter=Exists(letters))
        .distinct()
    )


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
    """Passages matching a websearch query, best first, each with a highlighted snippet;
    none of a document of questions (it asks, never answers)."""
    if not text.strip():
        return []
    query = search_query(text)
    linked = Link.objects.filter(question=question, passage=OuterRef("pk")).exclude(
        status=Link.Status.REJECTED
    )
    return list(
        Passage.objects.filter(search_vector=query, document__status=Document.Status.DONE)
        .exclude(document__kind=Document.Kind.QUESTIONS)
        .select_related("document")
        .annotate(
            rank=SearchRank(F("search_vector"), query),
            snippet=SearchHeadline("text", query, config="dutch", **HEADLINE_OPTIONS),
            already_linked=Exists(linked),
        )
        .order_by("-rank", "pk")[:limit]
    )


def unanswered_questions() -> QuerySet[Question]:
    """Questions no passage answers (no suggested or confirmed link to a passage), the newest
    sets first. A question's own footnote is its source, not an answer."""
    answered = Q(
        links__status__in=[Link.Status.SUGGESTED, Link.Status.CONFIRMED],
        links__passage__isnull=False,
    )
    return (
        Question.objects.exclude(answered)
        .select_related("question_set")
        .order_by("-question_set__submitted", "question_set", "number")
    )


def documents_findings(documents: QuerySet[Document]) -> QuerySet[Document]:
    """Annotates `nothing_found` on each processed document in which nothing of Kamervragen
    was found: "no_text" when it has no text at all; when its text holds no questions,
    answers none (no link to its passages, none of them "Mogelijk ook relevant" for a
    question) and belongs to no question set, not even as a
    reply letter, "no_links" for a letter (its questions may come later: they are linked to
    it then) and "no_questions" for anything else; None otherwise and while it is processed.
    Shown in Dutch with its status (`documents/_document_findings.html`): "Verwerkt · Overig"
    said no more. Also after a slice (the newest few)."""
    document = OuterRef("pk")
    found = (
        Q(Exists(Question.objects.filter(document=document)))
        | Q(Exists(Link.objects.visible().filter(passage__document=document)))
        | Q(Exists(LinkCandidate.objects.filter(passage__document=document)))
        | Q(Exists(SetDocument.objects.filter(document=document)))
        | Q(Exists(QuestionSet.reply_letters.through.objects.filter(document=document)))
    )
    text = Exists(Passage.objects.filter(document=document, superseded=False))
    return documents.annotate(
        nothing_found=Case(
            When(~Q(status=Document.Status.DONE) | found, then=Value(None)),
            When(~Q(text), then=Value("no_text")),
            When(kind=Document.Kind.LETTER, then=Value("no_links")),
            default=Value("no_questions"),
            output_field=CharField(null=True),
        )
    )


# How long a letter linked to no question yet keeps asking whether it is now: its questions,
# uploaded in the same batch, are processed and linked to it within this time.
FINDING_WATCHED_FOR = datetime.timedelta(minutes=10)


def document_finding_may_change(document: Document) -> bool:
    """A letter linked to no question yet (`documents_findings`: "no_links"), finished so
    recently that the questions uploaded with it may still be linked to it."""
    return (
        document.is_finished
        and getattr(document, "nothing_found", None) == "no_links"
        and timezone.now() - document.updated_at < FINDING_WATCHED_FOR
    )


def document_with_structure(
    pk: int,
    *,
    part: str | None = None,
    passage_id: int | None = None,
    footnote_id: int | None = None,
) -> Document:
    """A document with one part of its passages (`document_parts`: all of them for a
    document of up to a few hundred), the part's footnotes and, per passage, the questions it
    addresses: `reading_passages`, `reading_footnotes`, `part` (a Page), `sections` (the table
    of contents, for more than one part); on the last part the `superseded_` ones; and its
    structured references, each once (`reference_list`), the `question_set` it belongs
    to and the `answered_sets` it answers besides. The part
    is the one holding `passage_id` or `footnote_id` if given, else `part`. The same few
    queries however long the document is."""
    document = get_object_or_404(
        documents_findings(Document.objects.all())
        .select_related("uploaded_by", "set_membership__question_set")
        .prefetch_related(
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
    # The sets it answers besides its own: as a reply letter (a letter), or in a run of its
    # answers (a document answering several sets).
    document.answered_sets = []
    if document.kind in REPLY_KINDS or (document.metadata or {}).get("answer_runs"):
        answered = QuestionSet.objects.filter(Q(reply_letters=document) | Q(run_answers=document))
        if document.question_set:
            answered = answered.exclude(pk=document.question_set.pk)
        document.answered_sets = list(answered.distinct().order_by("zaak_number", "pk"))
    # Rows that re-processing replaced, kept for a curated link, are shown apart (last part).
    rows = Passage.objects.filter(document=document).order_by("order")
    outline, superseded_ids = [], []
    for row_pk, heading, superseded in rows.values_list("pk", "heading", "superseded"):
        if superseded:
            superseded_ids.append(row_pk)
        else:
            outline.append(OutlineRow(row_pk, heading))
    paginator = parts_paginate(outline)
    footnote_passage_id, elsewhere = None, passage_id in superseded_ids
    if footnote_id is not None:
        note = Footnote.objects.filter(document=document, pk=footnote_id).first()
        if note is not None:
            footnote_passage_id = note.passage_id
            elsewhere = elsewhere or note.superseded or note.passage_id is None
    page = part_page(
        paginator,
        part=part,
        passage_pk=passage_id,
        footnote_passage_pk=footnote_passage_id,
        elsewhere=elsewhere,
    )
    is_last = page.number == paginator.num_pages
    shown_ids = [row.pk for row in page.object_list]
    links = (
        Link.objects.visible()
        .select_related("question__question_set")
        .order_by("question__question_set", "question__number")
    )
    passages = (
        Passage.objects.filter(pk__in=shown_ids + (superseded_ids if is_last else []))
        .order_by("order")
        .prefetch_related(Prefetch("links", queryset=links))
    )
    # The part's footnotes: those of its passages; the last part also lists the ones of no
    # reading passage, and the superseded ones.
    at_end = Q(superseded=True) | Q(passage__isnull=True) | Q(passage__superseded=True)
    notes_shown = Q(passage__in=shown_ids, superseded=False) | (at_end if is_last else Q(pk__in=[]))
    notes = list(Footnote.objects.filter(notes_shown, document=document).order_by("order"))
    by_passage: dict[int, list[Footnote]] = {}
    for note in notes:
        if note.passage_id is not None:
            by_passage.setdefault(note.passage_id, []).append(note)
    all_passages = list(passages)
    for passage in all_passages:
        passage.notes = by_passage.get(passage.pk, [])
    document.part = page
    document.sections = sections(paginator) if paginator.num_pages > 1 else []
    document.reading_passages = [p for p in all_passages if not p.superseded]
    document.superseded_passages = [p for p in all_passages if p.superseded]
    document.reading_footnotes = [
        f for f in notes if not f.superseded and (f.passage_id in shown_ids or is_last)
    ]
    document.superseded_footnotes = [f for f in notes if f.superseded]
    # A reference cited several times is listed once, where it is first cited.
    seen: set[tuple] = set()
    document.reference_list = []
    for reference in document.all_references:
        key = (reference.kind, reference.text, reference.resolved_document_id)
        if key not in seen:
            seen.add(key)
            document.reference_list.append(reference)
    return document
