"""Every export the app writes, in one place.

- `export_all`: the whole database as `kamervragen.export/1` (documented in the README; add
  fields, never rename), for `manage.py export`;
- `question_sets_json`/`question_sets_csv`: the question set list (`kamervragen.sets/1`);
- `question_set_json`/`question_set_csv`: one set with its questions and links
  (`kamervragen.set/1`; the JSON also lists each question's shown "Mogelijk ook relevant"
  candidates, apart from its links).

The JSON is for programs (stable field names); the CSV is for people opening it in Dutch
Excel (see `_CsvWriter`), with Dutch headers.
"""

import csv
from collections.abc import Callable, Iterable
from typing import Any, Protocol

from django.db.models import Prefetch, QuerySet
from django.urls import reverse

from documents.models import Document, Footnote, Passage, Reference
from kamervragen.deadlines import status_label
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


def passage_record(passage: Passage) -> dict:
    return {
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


def question_record(question: Question, footnotes: Iterable[Footnote]) -> dict:
    """`footnotes`: the question's own (those whose marker its text carries)."""
    return {
        "id": question.pk,
        "number": question.number,
        "text": question.text,
        "question_set_id": question.question_set_id,
        "footnotes": [_question_footnote(f) for f in footnotes],
    }


def link_record(link: Link) -> dict:
    """Needs `curated_by` selected."""
    return {
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


def document_fields(document: Document) -> dict:
    """A document's own fields, without its passages, questions, footnotes and references.
    Reads a prefetched `question_sets`, `answered_question_sets` and
    `run_answered_question_sets` (`DOCUMENT_SETS`)."""
    question_set = document_question_set(document)
    also = {s.pk for s in document.answered_question_sets.all()} | {
        s.pk for s in document.run_answered_question_sets.all()
    }
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
        # The sets it answers besides its own: as a reply letter, or in a run of its own
        # when it answers several sets (added later, still `kamervragen.export/1`).
        "answers_question_set_ids": sorted(also - {question_set.pk if question_set else None}),
        "metadata": document.metadata,
    }


# What `document_fields` reads, to prefetch.
DOCUMENT_SETS = ["question_sets", "answered_question_sets", "run_answered_question_sets"]


def document_record(document: Document) -> dict:
    """Needs the prefetches of `export_all`."""
    footnotes = list(document.footnotes.all())
    return document_fields(document) | {
        "passages": [passage_record(passage) for passage in document.passages.all()],
        "questions": [
            question_record(question, [f for f in footnotes if _question_id(f) == question.pk])
            for question in document.questions.all()
        ],
        "footnotes": [_footnote(footnote) for footnote in footnotes],
        "references": [_reference(reference) for reference in document.references.all()],
    }


def documents_for_export() -> QuerySet[Document]:
    """Documents with what `document_record` reads."""
    return Document.objects.order_by("pk").prefetch_related(
        *DOCUMENT_SETS,
        Prefetch("passages", queryset=Passage.objects.order_by("order")),
        Prefetch("questions", queryset=Question.objects.order_by("number")),
        Prefetch(
            "footnotes",
            queryset=Footnote.objects.select_related("question_membership").order_by("order"),
        ),
        Prefetch("references", queryset=Reference.objects.order_by("pk")),
    )


def export_all() -> dict:
    documents = documents_for_export()
    links = Link.objects.order_by("pk")
    return {
        "schema": SCHEMA,
        "documents": [document_record(document) for document in documents],
        "links": [link_record(link) for link in links.select_related("curated_by")],
        # "Mogelijk ook relevant": below the suggestion threshold, not links.
        "candidates": [
            {
                "id": candidate.pk,
                "question_id": candidate.question_id,
                "passage_id": candidate.passage_id,
                "probability": candidate.probability,
                "rank": candidate.rank,
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
    """Every CSV the app writes goes through here, so no cell can be a formula. They are
    written for Dutch Excel, which opens them with a double click: UTF-8 with a byte-order
    mark (or it reads "Ã«" for "ë"), ";" between cells (its list separator, as "," is its
    decimal sign) and decimal commas."""

    def __init__(self, out: Writable) -> None:
        out.write("\ufeff")
        self._writer = csv.writer(out, delimiter=";")

    def writerow(self, row: Iterable[Any]) -> None:
        self._writer.writerow([_text_cell(_dutch_number(value)) for value in row])


def _dutch_number(value: Any) -> Any:
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".").replace(".", ",")
    return value


def set_row(question_set: QuestionSet) -> dict:
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
        "question_sets": [set_row(question_set) for question_set in question_sets],
    }


# The CSV columns: the key in `set_row` and the Dutch header.
SET_COLUMNS = [
    ("id", "Id"),
    ("zaak", "Zaaknummer"),
    ("title", "Onderwerp"),
    ("submitted", "Ingezonden"),
    ("status", "Status"),
    ("due", "Uiterlijk"),
    ("days_open", "Dagen open"),
    ("days_overdue", "Dagen over de termijn"),
    ("questions", "Vragen"),
    ("linked_questions", "Vragen met koppeling"),
    ("submitters", "Indieners"),
    ("addressed_to", "Gericht aan"),
    ("url", "Adres"),
]


def _submitter_cell(submitter: dict) -> str:
    """'Rajkowski (VVD)', or the name alone when the party is unknown (as the pages show it)."""
    name, party = (submitter.get("name") or "").strip(), (submitter.get("party") or "").strip()
    return f"{name} ({party})" if party else name


def question_sets_csv(
    question_sets: Iterable[QuestionSet], out: Writable, *, absolute_url: Callable[[str], str]
) -> None:
    writer = _CsvWriter(out)
    writer.writerow([header for _key, header in SET_COLUMNS])
    for row in map(set_row, question_sets):
        row["submitters"] = "; ".join(map(_submitter_cell, row["submitters"]))
        row["addressed_to"] = "; ".join(row["addressed_to"])
        row["status"] = status_label(row["status"])  # as the pages name it
        row["url"] = absolute_url(row["url"])
        writer.writerow([row[key] for key, _header in SET_COLUMNS])


def _link_record(link: Link) -> dict:
    passage, footnote = link.passage, link.footnote
    shown = passage or footnote
    assert shown is not None  # a link holds a passage or a footnote (its check constraint)
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
        "rank": candidate.rank,
        "terms": candidate.evidence.get("terms", []),
        "words": getattr(candidate, "shown_words", []),
    }


def question_set_json(question_set: QuestionSet) -> dict:
    """Needs `kamervragen.selectors.question_set_with_links()`."""
    return set_row(question_set) | {
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


# The per-set CSV: one row per question and shown link (confirmed or suggested), one row
# with empty link cells for a question without one; rejected links are left out.
LINK_COLUMNS = [
    ("document", "Document"),
    ("heading", "Kop"),
    ("page", "Pagina"),
    ("status", "Status koppeling"),
    ("method", "Methode"),
    ("score", "Score"),
    ("terms", "Termen"),
    ("curated_by", "Beoordeeld door"),
    ("text", "Passage"),
    ("passage_id", "Passage-id"),
    ("footnote_id", "Voetnoot-id"),
    ("id", "Koppeling-id"),
]
LINK_STATUS_WORDS = dict(Link.Status.choices)


def question_set_csv(question_set: QuestionSet, out: Writable) -> None:
    """Needs `kamervragen.selectors.question_set_with_links()`."""
    writer = _CsvWriter(out)
    writer.writerow(["Vraag", "Vraagtekst", *(header for _key, header in LINK_COLUMNS)])
    for question in question_set.questions.all():
        links = [link for link in question.links.all() if link.status != Link.Status.REJECTED]
        if not links:
            writer.writerow([question.number, question.text, *([""] * len(LINK_COLUMNS))])
        for link in links:
            record = _link_record(link)
            record["terms"] = " ".join(record["words"])  # words people read, not stems
            record["status"] = str(LINK_STATUS_WORDS.get(record["status"], record["status"]))
            record["method"] = link.method_label  # as the pages name it
            writer.writerow(
                [question.number, question.text, *(record[key] for key, _h in LINK_COLUMNS)]
            )
