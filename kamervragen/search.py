"""Search everything: question sets, questions, answers, letter passages and footnotes.

One entry point, plain and reusable (the web page and the API call it alike)::

    results = search(
        "scanners douane",
        kinds=["letters", "answers"],     # default: every kind in KINDS
        date_from=date(2023, 1, 1),       # the set's submission date or the document's date
        date_to=None,
        ministry="Financiën",             # a choice of `filter_choices().ministries`
        member="Rajkowski",               # a choice of `filter_choices().members`
        party="VVD",                      # a choice of `filter_choices().parties`
        sort="relevance",                 # or "date": newest first
        pages={"letters": 2},             # 1-based page per kind; 1 where not given
        per_page=10,
    )
    results.direct   # exact hits first: a zaak number's set, a Kamerstuk's documents, a member
    results.groups   # one KindResults per kind asked: count, page, hits
    hit.snippet      # the matched text in its own words; matches between MARK_START and
                     # MARK_STOP, the rest unescaped text: escape, then replace the marks
                     # (template filter `marked`)

Matching uses the search vectors the database keeps (GeneratedFields with the `dutch`
configuration, GIN-indexed) and `websearch_to_tsquery`, so `"nationale veiligheid" -België`
works; nothing is computed per row at query time except the rank and the snippets of the
rows shown. The member, party and ministry filters compare whole values through the JSON
columns' GIN index (`SP` never matches a member named Spies); a set asked by a member, or
addressed to a ministry, narrows every kind to that set's questions and documents: those in
the set and those answering it besides (reply letters, a later run of collected answers).

Counting stops at COUNT_LIMIT matches ("1000+"), and relevance is ranked among the matches
counted: a word with more than COUNT_LIMIT matches in a kind ranks the first the index
gives (a sample), which keeps any search fast on a large database; a rarer word is ranked
completely. Sorted by date, the newest come first however many match.
"""

import datetime
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TypedDict
from urllib.parse import quote_plus

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection
from django.db.models import F, Model, Q, QuerySet
from django.db.models.fields.json import KT
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from documents.identifiers import DOSSIER_NUMBER, dossier_number
from documents.models import Document, Footnote, Passage, Reference
from kamervragen.document_parts import footnote_url, passage_url
from kamervragen.models import Question, QuestionSet
from kamervragen.selectors import HEADLINE_OPTIONS, MARK_START, MARK_STOP
from kamervragen.set_filters import (
    FilterChoices,
    canonical,
    filter_choices,
    member_q,
    ministry_q,
)

KINDS = ("sets", "questions", "answers", "letters", "footnotes")
KIND_LABELS = {
    "sets": _("Vragensets"),
    "questions": _("Vragen"),
    "answers": _("Antwoorden"),
    "letters": _("Brieven en andere documenten"),
    "footnotes": _("Voetnoten"),
}
SORTS = ("relevance", "date")
COUNT_LIMIT = 1000
RANK_POOL = COUNT_LIMIT + 1  # a ranked search counts what it ranks
MAX_QUERY_LENGTH = 300
DOSSIER_HITS = 10  # a dossier's newest documents as exact hits
# Passages of these documents are "answers"; of the others but question documents (whose
# questions are searched as questions), "letters".
ANSWER_KINDS = [Document.Kind.ANSWERS]
LETTER_KINDS = [Document.Kind.LETTER, Document.Kind.NOTICE, Document.Kind.OTHER]

ZAAK = re.compile(r"\b(\d{4})\s?Z\s?(\d{5})\b", re.IGNORECASE)
# "31 934, nr. 65", "31934, nr 65", "31934-65", "31 934 nr. 65", "36 200-XII, nr. 9",
# "36 200 XII, nr. 9", "kst-36200-XII-9": a dossier number, part and all, spelt as
# documents.identifiers reads it, then the paper's number. "21501-02-3" is 21 501-02, nr. 3;
# "31934-65" is 31 934, nr. 65 (a part needs a number after it).
KAMERSTUK = re.compile(
    rf"\b(?P<dossier>{DOSSIER_NUMBER.pattern})"
    r"(?:\s*,\s*nr\.?\s*|\s*-\s*|\s+nr\.?\s*)(?P<number>\d+)\b",
    re.IGNORECASE,
)
# A query that is only a dossier ("31934", "Kamerstuk 36 200-XII") is one after this word.
KAMERSTUK_WORD = re.compile(r"^kamerstuk\s+", re.IGNORECASE)


@dataclass
class Hit:
    """One result: what it is, where it is, and its matching text."""

    kind: str
    object: Model
    title: str
    snippet: str
    url: str
    date: datetime.date | None
    rank: float | None = None
    context: str = ""  # the set or document it belongs to


@dataclass
class KindResults:
    kind: str
    label: str
    count: int  # at most COUNT_LIMIT
    more: bool  # more than COUNT_LIMIT matched
    page: int
    per_page: int
    hits: list[Hit] = field(default_factory=list)

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.count // self.per_page))

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.num_pages


@dataclass
class DirectHit:
    """An object the query names exactly: a zaak number's set, a Kamerstuk, a member."""

    kind: str  # "set", "document", "citation", "member", "party"
    label: str
    url: str
    description: str = ""


@dataclass
class SearchResults:
    query: str
    sort: str
    direct: list[DirectHit] = field(default_factory=list)
    groups: list[KindResults] = field(default_factory=list)
    shortened: bool = False  # the query was cut to MAX_QUERY_LENGTH
    only_common_words: bool = False  # nothing found: every word is a stop word of 'dutch'

    @property
    def total(self) -> int:
        return sum(group.count for group in self.groups)


@dataclass(frozen=True)
class _Filters:
    date_from: datetime.date | None
    date_to: datetime.date | None
    ministry: str
    member: str
    party: str

    @property
    def on_sets(self) -> bool:
        return bool(self.ministry or self.member or self.party)


class SearchCriteria(TypedDict):
    """The search page's filters, as `search` takes them."""

    date_from: datetime.date | None
    date_to: datetime.date | None
    ministry: str
    member: str
    party: str
    sort: str


def search(
    query: str,
    *,
    kinds: Iterable[str] | None = None,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    ministry: str = "",
    member: str = "",
    party: str = "",
    sort: str = "relevance",
    pages: Mapping[str, int] | None = None,
    per_page: int = 10,
) -> SearchResults:
    """Search every kind asked for; see the module docstring. Unknown kinds and sorts are
    ignored; without a query but with a filter, everything the filters keep is listed,
    newest first; without either, nothing."""
    typed = " ".join(query.split())
    query = _query_shortened(typed)
    kinds = [kind for kind in (kinds or KINDS) if kind in KINDS] or list(KINDS)
    sort = sort if sort in SORTS else "relevance"
    filters = _Filters(date_from, date_to, ministry.strip(), member.strip(), party.strip())
    results = SearchResults(query=query, sort=sort, shortened=query != typed)
    if not query and not (filters.on_sets or date_from or date_to):
        return results
    choices = filter_choices()
    results.direct = _direct_hits(query, choices) if query else []
    tsquery = SearchQuery(query, search_type="websearch", config="dutch") if query else None
    for kind in kinds:
        rows = _restricted(kind, _KIND_ROWS[kind](), filters, choices)
        page = max(1, int((pages or {}).get(kind, 1) or 1))
        results.groups.append(_kind_results(kind, rows, tsquery, sort, page, per_page))
    if query and not results.total and not results.direct:
        results.only_common_words = _only_stop_words(query)
    return results


def _only_stop_words(query: str) -> bool:
    """Whether the 'dutch' configuration leaves nothing of `query` to search for ("de het"):
    asked only when nothing was found, to say why."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT numnode(websearch_to_tsquery('dutch'::regconfig, %s)) = 0 "
            "AND %s ~ '[[:alnum:]]'",
            [query, query],
        )
        return bool(cursor.fetchone()[0])


def _query_shortened(query: str) -> str:
    """At most MAX_QUERY_LENGTH characters, cut at the last space before the limit: a word
    cut in two would be searched as another word and, with the others, find nothing."""
    if len(query) <= MAX_QUERY_LENGTH:
        return query
    head = query[: MAX_QUERY_LENGTH + 1]
    return (head.rsplit(" ", 1)[0] if " " in head else head)[:MAX_QUERY_LENGTH]


def _sets() -> QuerySet:
    return QuestionSet.objects.all()


def _questions() -> QuerySet:
    return Question.objects.all()


def _passages(document_kinds: Sequence[str]) -> QuerySet:
    return Passage.objects.filter(
        superseded=False,
        document__kind__in=document_kinds,
        document__status=Document.Status.DONE,
    )


def _footnotes() -> QuerySet:
    return Footnote.objects.filter(superseded=False, document__status=Document.Status.DONE)


_KIND_ROWS = {
    "sets": _sets,
    "questions": _questions,
    "answers": lambda: _passages(ANSWER_KINDS),
    "letters": lambda: _passages(LETTER_KINDS),
    "footnotes": _footnotes,
}
# The path from a row to its question set, and the date it is sorted and filtered by.
_SET_PATH = {
    "sets": "",
    "questions": "question_set__",
    "answers": "document__set_membership__question_set__",
    "letters": "document__set_membership__question_set__",
    "footnotes": "document__set_membership__question_set__",
}
_DATE = {
    "sets": "submitted",
    "questions": "question_set__submitted",
    "answers": "document__date",
    "letters": "document__date",
    "footnotes": "document__date",
}
# Newest first, in the order of the indexes on the set's or the document's date (so
# PostgreSQL can walk them in order rather than sort every match of a common word).
_DATE_ORDER = {
    "sets": [F("submitted").desc(nulls_last=True), F("id").desc()],
    "questions": [
        F("question_set__submitted").desc(nulls_last=True),
        F("question_set_id").desc(),
        F("number").asc(),
    ],
    "answers": [
        F("document__date").desc(nulls_last=True),
        F("document_id").desc(),
        F("order").asc(),
    ],
    "footnotes": [
        F("document__date").desc(nulls_last=True),
        F("document_id").desc(),
        F("order").asc(),
    ],
}
_DATE_ORDER["letters"] = _DATE_ORDER["answers"]
# The same order as (date, group, position) of each row, for sorting a few in Python.
_DATE_KEY = {
    "sets": ("submitted", "id", "id"),
    "questions": ("question_set__submitted", "question_set_id", "number"),
    "answers": ("document__date", "document_id", "order"),
    "letters": ("document__date", "document_id", "order"),
    "footnotes": ("document__date", "document_id", "order"),
}


def _newest_matches(kind: str, rows: QuerySet, wanted: int) -> list[int]:
    """The first `wanted` of many matches, newest first, without sorting them all: the sets
    (or documents) they belong to are read newest first from the date index, a growing batch
    at a time, until their matches make up the page. (PostgreSQL itself would join every
    match to sort it.)"""
    if kind == "sets":
        return list(rows.order_by(*_DATE_ORDER[kind]).values_list("pk", flat=True)[:wanted])
    groups: QuerySet
    if kind == "questions":
        groups, group_field = QuestionSet.objects.all(), "question_set_id"
        order = [F("submitted").desc(nulls_last=True), F("id").desc()]
    else:
        groups, group_field = Document.objects.all(), "document_id"
        order = [F("date").desc(nulls_last=True), F("id").desc()]
    group_ids = groups.order_by(*order).values_list("id", flat=True)
    found: list[int] = []
    offset, size = 0, 50
    while len(found) < wanted:
        batch = list(group_ids[offset : offset + size])
        if not batch:
            break
        keyed = list(
            rows.filter(**{f"{group_field}__in": batch}).values_list("pk", *_DATE_KEY[kind])
        )
        found += [row[0] for row in sorted(keyed, key=_newest_first)]
        offset, size = offset + size, size * 4
    return found[:wanted]


def _newest_first(row: tuple) -> tuple:
    _pk, date, group, position = row
    return (date is None, -date.toordinal() if date else 0, -group, position)


def _restricted(kind: str, rows: QuerySet, filters: _Filters, choices: FilterChoices) -> QuerySet:
    date = _DATE[kind]
    if filters.date_from:
        rows = rows.filter(**{f"{date}__gte": filters.date_from})
    if filters.date_to:
        rows = rows.filter(**{f"{date}__lte": filters.date_to})
    if filters.ministry:
        ministry = filters.ministry
        rows = rows.filter(
            _of_sets(kind, lambda p: ministry_q(ministry, prefix=p, choices=choices))
        )
    if filters.member:
        # The member under each of its written names ("Verhoeven", "Kees Verhoeven").
        member = choices.member(filters.member)
        if member is None:
            return rows.none()
        rows = rows.filter(_of_sets(kind, lambda p: member_q(member, prefix=p, choices=choices)))
    if filters.party:
        party = canonical(filters.party, choices.parties)
        if party is None:
            return rows.none()
        rows = rows.filter(
            _of_sets(kind, lambda p: Q(**{f"{p}submitters__contains": [{"party": party}]}))
        )
    return rows


# A document's sets: the one it belongs to, those it answers as a reply letter, and those a
# later run of its answers answers (a document answering several sets).
_DOCUMENT_SET_PATHS = (
    "set_membership__question_set__",
    "answered_question_sets__",
    "run_answered_question_sets__",
)


def _of_sets(kind: str, condition: Callable[[str], Q]) -> Q:
    """Rows of this kind whose set meets the condition (a Q given the path to a set); for a
    document's rows, any set the document answers (through the documents that do, so no
    row is counted twice)."""
    if kind not in {"answers", "letters", "footnotes"}:
        return condition(_SET_PATH[kind])
    either = Q(pk__in=[])
    for path in _DOCUMENT_SET_PATHS:
        either |= condition(path)
    return Q(document__in=Document.objects.filter(either).values("pk"))


def _kind_results(
    kind: str,
    rows: QuerySet,
    tsquery: SearchQuery | None,
    sort: str,
    page: int,
    per_page: int,
) -> KindResults:
    if tsquery is not None:
        rows = rows.filter(search_vector=tsquery)
    # Unordered (the models' default ordering would sort every match): the first matches
    # the index gives, counted as they come.
    rows = rows.order_by()
    ranked = sort == "relevance" and tsquery is not None
    if ranked and tsquery is not None:
        # Each ranked once, sorted here: all matches of any but a very common word, of that
        # the first RANK_POOL (a sample: PostgreSQL would rank every match to sort them).
        fetched = list(
            rows.annotate(rank=SearchRank(F("search_vector"), tsquery)).values_list("pk", "rank")[
                :RANK_POOL
            ]
        )
        fetched.sort(key=lambda row: (-row[1], row[0]))
    else:
        fetched = list(rows.values_list("pk", *_DATE_KEY[kind])[: COUNT_LIMIT + 1])
        fetched.sort(key=_newest_first)
    results = KindResults(
        kind=kind,
        label=str(KIND_LABELS[kind]),
        count=min(len(fetched), COUNT_LIMIT),
        more=len(fetched) > COUNT_LIMIT,
        page=1,
        per_page=per_page,
    )
    if not fetched:
        return results
    results.page = min(page, results.num_pages)
    start = (results.page - 1) * per_page
    page_rows: list[tuple[int, float | None]]
    if ranked:
        page_rows = fetched[start : start + per_page]
    elif not results.more:
        page_rows = [(row[0], None) for row in fetched[start : start + per_page]]
    else:
        page_rows = [(pk, None) for pk in _newest_matches(kind, rows, start + per_page)[start:]]
    ranks = dict(page_rows)
    objects = _HITS[kind](list(ranks), tsquery)
    results.hits = [objects[pk] for pk in ranks if pk in objects]
    for hit in results.hits:
        hit.rank = ranks[hit.object.pk] if tsquery is not None else None
    return results


def _headline(
    expression: str, tsquery: SearchQuery | None, *, whole: bool = False
) -> SearchHeadline | F:
    """The text's best fragments with the query's words marked; `whole`: all of a short text
    (a title, a footnote) with its words marked."""
    if tsquery is None:
        return F(expression)
    if whole:
        # Only without MaxFragments (and MaxWords/MinWords) does PostgreSQL honour HighlightAll;
        # with them it still cut fragments, dropping a title's first short word ("Het") and
        # its closing quote.
        return SearchHeadline(
            expression,
            tsquery,
            config="dutch",
            start_sel=MARK_START,
            stop_sel=MARK_STOP,
            highlight_all=True,
        )
    return SearchHeadline(expression, tsquery, config="dutch", **HEADLINE_OPTIONS)


def _set_hits(pks: list[int], tsquery: SearchQuery | None) -> dict[int, Hit]:
    sets = QuestionSet.objects.filter(pk__in=pks).annotate(
        marked_title=_headline("title", tsquery, whole=True)
    )
    hits = {}
    for question_set in sets:
        names = ", ".join(
            f"{s.get('name', '')} ({s['party']})" if s.get("party") else s.get("name", "")
            for s in question_set.submitters or []
            if isinstance(s, dict)
        )
        hits[question_set.pk] = Hit(
            kind="sets",
            object=question_set,
            title=question_set.zaak_number or str(_("Vragenset zonder zaaknummer")),
            snippet=question_set.marked_title or "",
            url=reverse("question_set_detail", args=[question_set.pk]),
            date=question_set.submitted,
            context=names,
        )
    return hits


def _question_hits(pks: list[int], tsquery: SearchQuery | None) -> dict[int, Hit]:
    questions = (
        Question.objects.filter(pk__in=pks)
        .select_related("question_set")
        .annotate(marked=_headline("text", tsquery))
    )
    hits = {}
    for question in questions:
        question_set = question.question_set
        url = reverse("question_set_detail", args=[question_set.pk])
        hits[question.pk] = Hit(
            kind="questions",
            object=question,
            title=str(_("Vraag %(number)s") % {"number": question.number}),
            snippet=question.marked or "",
            url=f"{url}#vraag-{question.number}",
            date=question_set.submitted,
            context=f"{question_set.zaak_number or ''} {question_set.title}".strip(),
        )
    return hits


def _passage_hits(pks: list[int], tsquery: SearchQuery | None) -> dict[int, Hit]:
    passages = (
        Passage.objects.filter(pk__in=pks)
        .select_related("document")
        .annotate(marked=_headline("text", tsquery))
    )
    hits = {}
    for passage in passages:
        document = passage.document
        kind = "answers" if document.kind in ANSWER_KINDS else "letters"
        hits[passage.pk] = Hit(
            kind=kind,
            object=passage,
            title=passage.heading or str(document),
            snippet=passage.marked or "",
            url=passage_url(document.pk, passage.pk),
            date=document.date,
            # beside a section's heading; not the title a second time when there is none
            context=str(document) if passage.heading and passage.heading != str(document) else "",
        )
    return hits


def _footnote_hits(pks: list[int], tsquery: SearchQuery | None) -> dict[int, Hit]:
    footnotes = (
        Footnote.objects.filter(pk__in=pks)
        .select_related("document")
        .annotate(marked=_headline("text", tsquery, whole=True))
    )
    hits = {}
    for footnote in footnotes:
        document = footnote.document
        hits[footnote.pk] = Hit(
            kind="footnotes",
            object=footnote,
            title=str(_("Voetnoot %(marker)s") % {"marker": footnote.marker}),
            snippet=footnote.marked or "",
            url=footnote_url(document.pk, footnote.pk),
            date=document.date,
            context=str(document),
        )
    return hits


_HITS = {
    "sets": _set_hits,
    "questions": _question_hits,
    "answers": _passage_hits,
    "letters": _passage_hits,
    "footnotes": _footnote_hits,
}


def _direct_hits(query: str, choices: FilterChoices) -> list[DirectHit]:
    """What the query names exactly, in the order: zaak numbers, Kamerstukken, members,
    parties."""
    hits: list[DirectHit] = []
    zaken = [f"{year}Z{number}" for year, number in ZAAK.findall(query)]
    for question_set in QuestionSet.objects.filter(zaak_number__in=zaken).order_by("zaak_number"):
        hits.append(
            DirectHit(
                kind="set",
                label=question_set.zaak_number or "",
                url=reverse("question_set_detail", args=[question_set.pk]),
                description=question_set.title,
            )
        )
    # A dossier's part is a dossier of its own (36 200-XII numbers its papers apart from
    # 36 200-VII and from 36 200): a number without a part finds only the dossier without one.
    for kamerstuk in KAMERSTUK.finditer(query):
        if dossier := dossier_number(kamerstuk["dossier"]):
            hits += _kamerstuk_hits(dossier, str(int(kamerstuk["number"])))
    if dossier := dossier_number(KAMERSTUK_WORD.sub("", query)):
        hits += _dossier_hits(dossier)
    search_url = reverse("search")
    member = choices.member(query)
    if member:
        hits.append(
            DirectHit(
                kind="member",
                label=member,
                url=f"{search_url}?member={quote_plus(member)}&kind=sets&sort=date",
                description=str(_("Kamerlid: alle vragensets")),
            )
        )
    party = canonical(query, choices.parties)
    if party:
        hits.append(
            DirectHit(
                kind="party",
                label=party,
                url=f"{search_url}?party={quote_plus(party)}&kind=sets&sort=date",
                description=str(_("Partij: alle vragensets")),
            )
        )
    return hits


def _dossier_hits(dossier: str) -> list[DirectHit]:
    """The documents of dossier `dossier` ("31 934", "36 200-XII"), the newest first."""
    documents = (
        Document.objects.alias(dossier=KT("identifiers__kamerstuk_dossier"))
        .filter(dossier=dossier)
        .order_by(F("date").desc(nulls_last=True), "-pk")[:DOSSIER_HITS]
    )
    hits = []
    for document in documents:
        number = document.identifiers.get("kamerstuk_number")
        hits.append(
            DirectHit(
                kind="document",
                label=f"Kamerstuk {dossier}, nr. {number}" if number else f"Kamerstuk {dossier}",
                url=reverse("documents:detail", args=[document.pk]),
                description=str(document),
            )
        )
    return hits


def _kamerstuk_hits(dossier: str, number: str) -> list[DirectHit]:
    """The document that is Kamerstuk `dossier`, nr. `number`, else the documents that cite
    it."""
    label = f"Kamerstuk {dossier}, nr. {number}"
    documents = (
        Document.objects.alias(
            dossier=KT("identifiers__kamerstuk_dossier"),
            number=KT("identifiers__kamerstuk_number"),
        )
        .filter(dossier=dossier, number=number)
        .order_by("pk")[:5]
    )
    hits = [
        DirectHit(
            kind="document",
            label=label,
            url=reverse("documents:detail", args=[document.pk]),
            description=str(document),
        )
        for document in documents
    ]
    if hits:
        return hits
    citing = (
        Reference.objects.filter(
            kind=Reference.Kind.KAMERSTUK,
            dossier__in=[dossier, dossier.replace(" ", "")],
            numbers__contains=[int(number)],
        )
        .select_related("document")
        .order_by("document_id")
        .distinct("document_id")[:5]
    )
    return [
        DirectHit(
            kind="citation",
            label=label,
            url=reverse("documents:detail", args=[reference.document_id]),
            description=str(_("Genoemd in: %(document)s") % {"document": reference.document}),
        )
        for reference in citing
    ]


def kinds_from(values: Iterable[str]) -> list[str]:
    """The known kinds among these (a URL's `kind` parameters)."""
    return [value for value in values if value in KINDS]


def date_or_none(value: str | None) -> datetime.date | None:
    """An ISO date from a form field, or None for anything else."""
    try:
        return datetime.date.fromisoformat((value or "").strip())
    except ValueError:
        return None
