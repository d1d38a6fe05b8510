from django.db.models import Count, Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from documents.models import Document, Footnote, Passage


def documents_recent(limit: int = 50) -> QuerySet[Document]:
    return Document.objects.select_related("uploaded_by").order_by("-created_at")[:limit]


def document_with_structure(pk: int) -> Document:
    """A document with its passages, footnotes and, per passage, the questions it addresses."""
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
    return get_object_or_404(
        Document.objects.select_related("question_set")
        .annotate(passage_count=Count("passages"))
        .prefetch_related(
            Prefetch("passages", queryset=passages),
            Prefetch("footnotes", queryset=Footnote.objects.order_by("order")),
        ),
        pk=pk,
    )
