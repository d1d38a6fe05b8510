from django.db.models import QuerySet

from documents.models import Document


def documents_recent(limit: int = 50) -> QuerySet[Document]:
    return Document.objects.select_related("uploaded_by").order_by("-created_at")[:limit]
