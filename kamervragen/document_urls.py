"""The URLs of the document pages, in the `documents` namespace."""

from django.urls import path

from kamervragen import document_views as views

app_name = "documents"
urlpatterns = [
    path("", views.document_list, name="list"),
    path("upload/", views.upload, name="upload"),
    path("<int:pk>/", views.document_detail, name="detail"),
    path("<int:pk>/status/", views.document_status, name="status"),
    path("<int:pk>/bestand/", views.document_file, name="file"),
    path("<int:pk>/opnieuw-verwerken/", views.document_reprocess_view, name="reprocess"),
    path("<int:pk>/corrigeren/", views.document_correct, name="correct"),
    path("<int:pk>/verwijderen/", views.document_discard_view, name="discard"),
]
