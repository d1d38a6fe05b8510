"""The export schema kamervragen.export/1 (documented in the README). Add fields, never rename."""

from django.db.models import Prefetch

from documents.models import Document, Footnote, Passage, Reference
from kamervragen.models import Link, Question
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
                    {"marker": f.marker, "text": f.text, "urls": f.urls}
                    for f in footnotes
                    if _question_id(f) == question.pk
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
    }
