"""The read API's response schemas: they document, in the OpenAPI document, the records
`kamervragen.export` builds (`tests/test_api.py` holds the two equal)."""

import datetime
from typing import Any, Generic, TypeVar

from ninja import Schema
from pydantic import Field

# schemas: the records of kamervragen.export ------------------------------------------------

T = TypeVar("T")


class Page(Schema, Generic[T]):
    count: int
    page: int
    page_size: int
    items: list[T]


class Submitter(Schema):
    name: str | None = None
    party: str | None = None


class QuestionSetOut(Schema):
    id: int
    zaak: str | None
    title: str
    submitted: datetime.date | None
    submitters: list[Any]
    addressed_to: list[Any]
    status: str = Field(
        description="open, answered, overdue or awaiting (open, its questions not yet uploaded)"
    )
    due: datetime.date | None
    days_open: int | None
    days_overdue: int | None
    questions: int
    linked_questions: int
    url: str


class QuestionFootnoteOut(Schema):
    marker: str
    text: str
    urls: list[str]


class QuestionOut(Schema):
    id: int
    number: int
    text: str
    question_set_id: int
    footnotes: list[QuestionFootnoteOut]


class QuestionSetDetailOut(QuestionSetOut):
    question_list: list[QuestionOut]
    document_ids: list[int]
    # Documents of other sets, or of none, that answer this one: reply letters, and
    # documents answering several sets each numbered anew.
    answering_document_ids: list[int]


class DocumentOut(Schema):
    id: int
    kind: str
    title: str
    identifiers: dict[str, Any]
    date: datetime.date | None
    sha256: str
    status: str
    error: str
    filename: str
    page_count: int | None
    question_set_id: int | None
    answers_question_set_ids: list[int]
    metadata: dict[str, Any]


class PassageOut(Schema):
    id: int
    order: int
    heading: str
    text: str
    page: int | None
    role: str
    answer_numbers: list[int]
    refers_to_numbers: list[int]
    is_further_answer: bool
    superseded: bool


class DocumentPassageOut(PassageOut):
    document_id: int


class FootnoteOut(Schema):
    id: int
    marker: str
    text: str
    urls: list[str]
    passage_id: int | None
    question_id: int | None
    superseded: bool


class ReferenceOut(Schema):
    id: int
    kind: str
    text: str
    dossier: str
    numbers: list[Any]
    session: str
    date: datetime.date | None
    url: str
    passage_id: int | None
    footnote_id: int | None
    resolved_document_id: int | None


class DocumentDetailOut(DocumentOut):
    passages: list[PassageOut]
    questions: list[QuestionOut]
    footnotes: list[FootnoteOut]
    references: list[ReferenceOut]


class LinkOut(Schema):
    id: int
    question_id: int
    passage_id: int | None
    footnote_id: int | None
    score: float
    method: str
    status: str = Field(description="suggested, confirmed or rejected")
    evidence: dict[str, Any]
    curated_by: str | None


class RankedQuestionOut(QuestionOut):
    rank: float


class RankedPassageOut(DocumentPassageOut):
    rank: float


class SearchOut(Schema):
    q: str
    questions: list[RankedQuestionOut]
    passages: list[RankedPassageOut]
