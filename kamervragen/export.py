"""Every export the app writes, in one place.

- `export_all`: the whole database as `kamervragen.export/1` (documented in the README; add
  fields, never rename), for `manage.py export`;
- `question_sets_json`/`question_sets_csv`: the question set list (`kamervragen.sets/1`);
- `question_set_json`/`question_set_csv`: one set with its questions and links
  (`kamervragen.set/1`; the JSON also lists each question's shown "Mogelijk ook relevant"
  candidates, apart from its links).
"""

import csv
from collections.abc import Callable, Iterable
from typing import Any, Protocol

from django.db.models import Prefetch
from django.urls import reverse

from documents.models import Document, Footnote, Passage, Reference
from kamervragen.models import Link, LinkCandidate, Question, QuestionSet
from kamervragen.selectors import document_question_set

SCHEMA = "kamervragen.export/1"


def _footnote(footnote: Footnote) -> dict:
    return {
        "id": footnote.pk,
        "marker": footnote.marker,
        "text": footnote.text,
        "urls": footnote.urls,
        "passage_id": footnote.passage_id,
        "question_id": _question_id(footnote),
        "superseded": footnote.superseded,
    }


def _question_footnote(footnote: Footnote) -> dict:
    return {"marker": footnote.marker, "text": footnote.text, "urls": footnote.urls}


def _question_id(footnote: Footnote) -> int | None:
    # A footnote that belongs to no question has no membership (the accessor's error is an
    # AttributeError); select_related in `export_all` read it with the footnote.
    membership = getattr(footnote, "question_membership", None)
    return membership.question_id if membership else None


def _reference(reference: Reference) -> dict:
    return {
        "id": reference.pk,
        "kind": reference.kind,
        "text": reference.text,
        "dossier": reference.dossier,
        "numbers": reference.numbers,
        "session": reference.session,
        "date": reference.date.isoformat() if reference.date else None,
        "url": reference.url,
        "passage_id": reference.passage_id,
        "footnote_id": reference.footnote_id,
        "resolved_document_id": reference.resolved_document_id,
    }


def _document(document: Document) -> dict:
    footnotes = list(document.footnotes.all())
    question_set = document_question_set(document)
    return {
        "id": document.pk,
        "kind": document.kind,
        "title": document.title,
        "identifiers": document.identifiers,
        "date": document.date.isoformat() if document.date else None,
        "sha256": document.sha256,
        "status": document.status,
        "error": document.error,
        "filename": document.filename,
        "page_count": document.page_count,
        "question_set_id": question_set.pk if question_set else None,
        "metadata": document.metadata,
        "passages": [
            {
                "id": passage.pk,
                "order": passage.order,
                "heading": passage.heading,
                "text": passage.text,
                "page": passage.page,
                "role": passage.role,
                "answer_numbers": passage.answer_numbers,
                "refers_to_numbers": passage.refers_to_numbers,
                "is_further_answer": passage.is_further_answer,
                "superseded": passage.superseded,
            }
            for passage in document.passages.all()
        ],
        "questions": [
            {
                "id": question.pk,
                "number": question.number,
                "text": question.text,
                "question_set_id": question.question_set_id,
                "footnotes": [
                    _question_footnote(f) for f in footnotes if _question_id(f) == question.pk
                ],
            }
            for question in document.questions.all()
        ],
        "footnotes": [_footnote(footnote) for footnote in footnotes],
        "references": [_reference(reference) for reference in document.references.all()],
    }


def export_all() -> dict:
    documents = Document.objects.order_by("pk").prefetch_related(
        "question_sets",
        Prefetch("passages", queryset=Passage.objects.order_by("order")),
        Prefetch("questions", queryset=Question.objects.order_by("number")),
        Prefetch(
            "footnotes",
            queryset=Footnote.objects.select_related("question_membership").order_by("order"),
        ),
        Prefetch("references", queryset=Reference.objects.order_by("pk")),
    )
    links = Link.objects.order_by("pk")
    return {
        "schema": SCHEMA,
        "documents": [_document(document) for document in documents],
        "links": [
            {
                "id": link.pk,
                "question_id": link.question_id,
                "passage_id": link.passage_id,
                "footnote_id": link.footnote_id,
                "score": link.score,
                "method": link.method,
                "status": link.status,
                "evidence": link.evidence,
                "curated_by": link.curated_by.get_username() if link.curated_by else None,
            }
            for link in links.select_related("curated_by")
        ],
        # "Mogelijk ook relevant": below the suggestion threshold, not links.
        "candidates": [
            {
                "id": candidate.pk,
                "question_id": candidate.question_id,
                "passage_id": candidate.passage_id,
                "probability": candidate.probability,
                "evidence": candidate.evidence,
            }
            for candidate in LinkCandidate.objects.order_by("pk")
        ],
    }


# the question set list and one set -------------------------------------------------------


class Writable(Protocol):
    def write(self, text: str, /) -> Any: ...


# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _text_cell(value: Any) -> Any:
    """A leading quote makes a spreadsheet show the cell as text; numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class _CsvWriter:
    """Every CSV the app writes goes through here, so no cell can be a formula."""

    def __init__(self, out: Writable) -> None:
        self._writer = csv.writer(out)

    def writerow(self, row: Iterable[Any]) -> None:
        self._writer.writerow([_text_cell(value) for value in row])


def _set_row(question_set: QuestionSet) -> dict:
    """Needs the annotations of `kamervragen.selectors.question_sets_overview()`."""
    return {
        "id": question_set.pk,
        "zaak": question_set.zaak_number,
        "title": question_set.title,
        "submitted": question_set.submitted.isoformat() if question_set.submitted else None,
        "submitters": question_set.submitters,
        "addressed_to": question_set.addressed_to,
        "status": question_set.answer_status,
        "due": question_set.due.isoformat() if question_set.due else None,
        "days_open": question_set.deadline.days_open,
        "days_overdue": question_set.deadline.days_overdue,
        "questions": question_set.question_count,
        "linked_questions": question_set.linked_question_count,
        "url": reverse("question_set_detail", args=[question_set.pk]),
    }


def question_sets_json(question_sets: Iterable[QuestionSet]) -> dict:
    return {
        "schema": "kamervragen.sets/1",
        "question_sets": [_set_row(question_set) for question_set in question_sets],
    }


def question_sets_csv(
    question_sets: Iterable[QuestionSet], out: Writable, *, absolute_url: Callable[[str], str]
) -> None:
    writer = _CsvWriter(out)
    columns = ["id", "zaak", "title", "submitted", "status", "due", "days_open", "days_overdue"]
    columns += ["questions"]
    writer.writerow([*columns, "linked_questions", "submitters", "addressed_to", "url"])
    for row in map(_set_row, question_sets):
        submitters = "; ".join(
            f"{item.get('name', '')} ({item.get('party', '')})" for item in row["submitters"]
        )
        writer.writerow(
            [
                *(row[c] for c in columns),
                row["linked_questions"],
                submitters,
                "; ".join(row["addressed_to"]),
                absolute_url(row["url"]),
            ]
        )


def _link_record(link: Link) -> dict:
    passage, footnote = link.passage, link.footnote
    shown = passage or footnote
    return {
        "id": link.pk,
        "question_number": link.question.number,
        "passage_id": link.passage_id,
        "footnote_id": link.footnote_id,
        "document_id": shown.document_id,
        "document": str(shown.document),
        "heading": passage.heading if passage else "",
        "page": shown.page,
        "text": shown.text,
        "score": round(link.score, 4),
        "method": link.method,
        "status": link.status,
        "terms": link.evidence.get("terms", []),
        # The terms as the passage spells them (`kamervragen.evidence.explain`).
        "words": getattr(link, "shown_words", []),
        "curated_by": link.curated_by.get_username() if link.curated_by else None,
    }


def _candidate_record(candidate: LinkCandidate) -> dict:
    passage = candidate.passage
    return {
        "id": candidate.pk,
        "passage_id": passage.pk,
        "document_id": passage.document_id,
        "document": str(passage.document),
        "heading": passage.heading,
        "page": passage.page,
        "text": passage.text,
        "probability": round(candidate.probability, 4),
        "terms": candidate.evidence.get("terms", []),
        "words": getattr(candidate, "shown_words", []),
    }


def question_set_json(question_set: QuestionSet) -> dict:
    """Needs `kamervragen.selectors.question_set_with_links()`."""
    return _set_row(question_set) | {
        "schema": "kamervragen.set/1",
        "questions": [
            {
                "id": question.pk,
                "number": question.number,
                "text": question.text,
                "footnotes": [_question_footnote(f) for f in question.footnotes.all()],
                "links": [_link_record(link) for link in question.links.all()],
                "candidates": [_candidate_record(c) for c in question.shown_candidates],
            }
            for question in question_set.questions.all()
        ],
    }


def question_set_csv(question_set: QuestionSet, out: Writable) -> None:
    """Needs `kamervragen.selectors.question_set_with_links()`."""
    writer = _CsvWriter(out)
    fields = ["id", "passage_id", "footnote_id", "document", "heading", "page", "score"]
    fields += ["method", "status", "terms", "curated_by", "text"]
    writer.writerow(["question_number", "question", *fields])
    for question in question_set.questions.all():
        for link in question.links.all():
            record = _link_record(link)
            record["terms"] = " ".join(record["words"])  # words people read, not stems
            writer.writerow([question.number, question.text, *(record[f] for f in fields)])
