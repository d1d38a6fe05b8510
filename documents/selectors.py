from django.db.models import Count, Prefetch, QuerySet

from documents.models import Document, Footnote, Passage


def documents_recent(limit: int = 50) -> QuerySet[Document]:
    return Document.objects.select_related("uploaded_by").order_by("-created_at")[:limit]


def document_with_structure(pk: int) -> Document:
    from django.shortcuts import get_object_or_404

    passages = Passage.objects.order_by("order").prefetch_related(
        Prefetch("footnotes", queryset=Footnote.objects.order_by("order"))
    )
    return get_object_or_404(
        Document.objects.annotate(passage_count=Count("passages")).prefetch_related(
            Prefetch("passages", queryset=passages),
            Prefetch("footnotes", queryset=Footnote.objects.order_by("order")),
        ),
        pk=pk,
    )
