from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from documents.models import Document, Footnote, Passage, Reference


def documents_recent(limit: int = 50) -> QuerySet[Document]:
    return Document.objects.select_related("uploaded_by").order_by("-created_at")[:limit]


def document_with_structure(pk: int) -> Document:
    """A document with its passages, footnotes and, per passage, the questions it addresses:
    `reading_passages`, `reading_footnotes`, the `superseded_` ones, and its structured
    references, each once (`reference_list`)."""
    from kamervragen.models import Link

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
        Document.objects.select_related("question_set", "uploaded_by").prefetch_related(
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
