from datetime import date

from django.db.models import F, QuerySet

from documents.models import Document


def documents_recent(limit: int = 50) -> QuerySet[Document]:
    return Document.objects.select_related("uploaded_by").order_by("-created_at")[:limit]


def documents_browse(
    *, kind: str = "", date_from: date | None = None, date_to: date | None = None
) -> QuerySet[Document]:
    """Documents of one kind (or all) within a date range, the newest first; documents
    without a date last, the latest added first."""
    documents = Document.objects.all()
    if kind in Document.Kind.values:
        documents = documents.filter(kind=kind)
    if date_from:
        documents = documents.filter(date__gte=date_from)
    if date_to:
        documents = documents.filter(date__lte=date_to)
    return documents.order_by(F("date").desc(nulls_last=True), "-pk")
