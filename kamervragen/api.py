"""The read API, `/api/v1/` (django-ninja), OpenAPI at `/api/v1/docs`.

Read-only (GET only), behind a per-user token (`kamervragen.tokens`) that acts as its user:
whoever may browse in the web app may read here. Every record is built by
`kamervragen.export`, so the field names are those of `kamervragen.export/1` (question sets:
`kamervragen.sets/1`); the schemas below only document them, and a test holds them equal."""

from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.contrib.postgres.search import SearchRank
from django.db.models import F, Prefetch, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import NinjaAPI, Query, Schema
from ninja.errors import HttpError
from ninja.security import HttpBearer
from ninja.throttling import SimpleRateThrottle
from pydantic import Field

from documents.models import Document, Footnote, Passage
from kamervragen import export
from kamervragen.api_schemas import (
    DocumentDetailOut,
    DocumentOut,
    DocumentPassageOut,
    LinkOut,
    Page,
    QuestionOut,
    QuestionSetDetailOut,
    QuestionSetOut,
    SearchOut,
)
from kamervragen.models import ApiToken, Link, Question
from kamervragen.roles import CAN_BROWSE
from kamervragen.selectors import (
    SetFilters,
    question_sets_overview,
    question_sets_search,
    question_sets_with_counts,
    search_query,
    set_answering_documents,
)
from kamervragen.set_filters import filter_choices, member_q
from kamervragen.tokens import token_for_key

PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
MAX_PAGE = 1_000_000  # far past any real page; keeps OFFSET a sane number


# authentication and rate limit ------------------------------------------------------------


class TokenAuth(HttpBearer):
    """`Authorization: Bearer kv_…`: an active token of an active user (else 401) who may
    browse (else 403)."""

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        api_token = token_for_key(token)
        if api_token is None:
            return None
        if not api_token.user.has_perm(CAN_BROWSE):
            raise HttpError(403, "This token's user may not read question sets.")
        request.user = api_token.user
        return api_token


class TokenRateThrottle(SimpleRateThrottle):
    """`API_RATE_LIMIT_PER_MINUTE` requests a minute per token, read per request (so a
    settings change applies at once)."""

    scope = "api-token"

    def __init__(self) -> None:  # the rate is read in allow_request
        pass

    def allow_request(self, request: HttpRequest) -> bool:
        self.rate = f"{settings.API_RATE_LIMIT_PER_MINUTE}/m"
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)

    def get_cache_key(self, request: HttpRequest) -> str | None:
        token = getattr(request, "auth", None)
        return f"api-throttle-{token.pk}" if token is not None else None


api = NinjaAPI(
    title="Kamervragen API",
    version="1",
    description=(
        "Read-only access to question sets, questions, documents, passages and links. "
        "Field names as in the `kamervragen.export/1` export. Send a personal API key "
        "(made on the page 'API-sleutels') as `Authorization: Bearer <key>`."
    ),
    urls_namespace="api-v1",
    auth=TokenAuth(),
    throttle=TokenRateThrottle(),
    docs_url="/docs",
)


# helpers -------------------------------------------------------------------------------------


class Paging(Schema):
    page: int = Field(1, ge=1, le=MAX_PAGE)
    page_size: int = Field(PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE)


def _page(
    queryset: QuerySet,
    paging: Paging,
    record: Callable[[Any], dict],
    rows: Callable[[Any], Iterable[Any]] = list,
) -> dict:
    """One page; `rows` completes the page's rows (counts for those rows only, say)."""
    start = (paging.page - 1) * paging.page_size
    items = rows(queryset[start : start + paging.page_size])
    return {
        "count": queryset.count(),
        "page": paging.page,
        "page_size": paging.page_size,
        "items": [record(item) for item in items],
    }


def _questions() -> QuerySet[Question]:
    return Question.objects.order_by("question_set", "number").prefetch_related(
        Prefetch("footnotes", queryset=Footnote.objects.order_by("order"))
    )


def _question(question: Question) -> dict:
    return export.question_record(question, question.footnotes.all())


def _passage(passage: Passage) -> dict:
    return export.passage_record(passage) | {"document_id": passage.document_id}


def search(text: str, *, limit: int) -> dict:
    """Questions and passages matching a websearch query, best first: the full-text search
    vectors of both, ranked by `ts_rank`. (Kept in this one function so a better search can
    replace it.)"""
    query = search_query(text)
    questions = (
        _questions()
        .filter(search_vector=query)
        .annotate(rank=SearchRank(F("search_vector"), query))
        .order_by("-rank", "pk")[:limit]
    )
    passages = (
        Passage.objects.filter(search_vector=query, document__status=Document.Status.DONE)
        .annotate(rank=SearchRank(F("search_vector"), query))
        .order_by("-rank", "pk")[:limit]
    )
    return {
        "q": text,
        "questions": [_question(q) | {"rank": q.rank} for q in questions],
        "passages": [_passage(p) | {"rank": p.rank} for p in passages],
    }


def _ids(values: Iterable[Any]) -> list[int]:
    return [int(v) for v in values]


# endpoints -------------------------------------------------------------------------------------


class SetFilterParams(Schema):
    q: str = Field("", description="Words in the title or a question (websearch syntax)")
    year: int | None = Field(None, ge=1800, le=9999, description="Year of submission")
    ministry: str = Field("", description="Part of the name of a ministry addressed")
    submitter: str = Field("", description="Part of a submitter's name or party")
    member: str = Field(
        "",
        description="A member of parliament by a whole name, without case, as the web list's "
        "member filter takes it: a bare surname and the one full name of that surname (of its "
        'party) are one member ("Verhoeven" also finds the sets of "Kees Verhoeven", and the '
        "reverse)",
    )
    party: str = Field("", description="A submitter's party, exactly")
    status: str = Field(
        "",
        pattern="^(|open|answered|overdue|awaiting)$",
        description="open (awaiting included), answered, overdue, or awaiting (open, its "
        "questions not yet uploaded)",
    )
    suggested: bool = Field(False, description="Only sets with links awaiting review")


@api.get("/question-sets", response=Page[QuestionSetOut], tags=["question sets"])
def question_set_list(
    request: HttpRequest, filters: Query[SetFilterParams], paging: Query[Paging]
) -> dict:
    """Question sets, newest first (best match first with `q`), filtered like the web list."""
    sets = question_sets_search(
        SetFilters(
            q=filters.q.strip(),
            year=filters.year,
            ministry=filters.ministry.strip(),
            submitter=filters.submitter.strip(),
            status=filters.status,
            suggested=filters.suggested,
        )
    )
    if filters.member.strip():
        choices = filter_choices()
        # A name no set writes (yet) is looked for as given.
        member = choices.member(filters.member) or filters.member.strip()
        sets = sets.filter(member_q(member, choices=choices))
    if filters.party.strip():
        sets = sets.filter(submitters__contains=[{"party": filters.party.strip()}])
    return _page(sets, paging, export.set_row, rows=question_sets_with_counts)


@api.get("/question-sets/{pk}", response=QuestionSetDetailOut, tags=["question sets"])
def question_set_detail(request: HttpRequest, pk: int) -> dict:
    """One question set with its questions and the ids of its documents."""
    (question_set,) = question_sets_with_counts(
        [
            get_object_or_404(
                question_sets_overview().prefetch_related(
                    Prefetch("questions", queryset=_questions())
                ),
                pk=pk,
            )
        ]
    )
    return export.set_row(question_set) | {
        "question_list": [_question(q) for q in question_set.questions.all()],
        "document_ids": _ids(question_set.documents.order_by("pk").values_list("pk", flat=True)),
        # reply letters, and documents answering it among other sets (each numbered anew)
        "answering_document_ids": sorted(d.pk for d in set_answering_documents(question_set)),
    }


@api.get("/questions", response=Page[QuestionOut], tags=["questions"])
def question_list(
    request: HttpRequest, paging: Query[Paging], question_set: int | None = None
) -> dict:
    questions = _questions()
    if question_set is not None:
        questions = questions.filter(question_set=question_set)
    return _page(questions, paging, _question)


@api.get("/questions/{pk}", response=QuestionOut, tags=["questions"])
def question_detail(request: HttpRequest, pk: int) -> dict:
    return _question(get_object_or_404(_questions(), pk=pk))


class DocumentFilterParams(Schema):
    kind: str = Field("", description="questions, answers, letter, notice or other")
    status: str = Field("", description="queued, processing, done or failed")
    question_set: int | None = None


@api.get("/documents", response=Page[DocumentOut], tags=["documents"])
def document_list(
    request: HttpRequest, filters: Query[DocumentFilterParams], paging: Query[Paging]
) -> dict:
    """Documents without their contents (see `/documents/{id}`), in upload order."""
    documents = Document.objects.order_by("pk").prefetch_related(*export.DOCUMENT_SETS)
    if filters.kind:
        documents = documents.filter(kind=filters.kind)
    if filters.status:
        documents = documents.filter(status=filters.status)
    if filters.question_set is not None:
        documents = documents.filter(question_sets=filters.question_set)
    return _page(documents, paging, export.document_fields)


@api.get("/documents/{pk}", response=DocumentDetailOut, tags=["documents"])
def document_detail(request: HttpRequest, pk: int) -> dict:
    """A document as in the export: passages, questions, footnotes and references."""
    return export.document_record(get_object_or_404(export.documents_for_export(), pk=pk))


@api.get("/passages", response=Page[DocumentPassageOut], tags=["passages"])
def passage_list(
    request: HttpRequest,
    paging: Query[Paging],
    document: int | None = None,
    role: str = "",
) -> dict:
    passages = Passage.objects.order_by("document", "order")
    if document is not None:
        passages = passages.filter(document=document)
    if role:
        passages = passages.filter(role=role)
    return _page(passages, paging, _passage)


@api.get("/passages/{pk}", response=DocumentPassageOut, tags=["passages"])
def passage_detail(request: HttpRequest, pk: int) -> dict:
    return _passage(get_object_or_404(Passage, pk=pk))


class LinkFilterParams(Schema):
    question: int | None = None
    question_set: int | None = None
    passage: int | None = None
    status: str = Field("", description="suggested, confirmed or rejected")
    method: str = Field("", description="explicit, lexical, reference, source or manual")


@api.get("/links", response=Page[LinkOut], tags=["links"])
def link_list(
    request: HttpRequest, filters: Query[LinkFilterParams], paging: Query[Paging]
) -> dict:
    """Links between questions and passages or footnotes, with the curators' decisions."""
    links = Link.objects.select_related("curated_by").order_by("pk")
    if filters.question is not None:
        links = links.filter(question=filters.question)
    if filters.question_set is not None:
        links = links.filter(question__question_set=filters.question_set)
    if filters.passage is not None:
        links = links.filter(passage=filters.passage)
    if filters.status:
        links = links.filter(status=filters.status)
    if filters.method:
        links = links.filter(method=filters.method)
    return _page(links, paging, export.link_record)


@api.get("/links/{pk}", response=LinkOut, tags=["links"])
def link_detail(request: HttpRequest, pk: int) -> dict:
    return export.link_record(get_object_or_404(Link.objects.select_related("curated_by"), pk=pk))


@api.get("/search", response=SearchOut, tags=["search"])
def search_endpoint(
    request: HttpRequest,
    q: str = Query(..., min_length=1, max_length=500),
    limit: int = Query(20, ge=1, le=100),
) -> dict:
    """Full-text search over questions and passages (websearch syntax: `"…"`, `or`, `-`)."""
    return search(q, limit=limit)
