from django.urls import path

from documents import views

app_name = "documents"
urlpatterns = [
    path("upload/", views.upload, name="upload"),
    path("<int:pk>/", views.document_detail, name="detail"),
    path("<int:pk>/status/", views.document_status, name="status"),
    path("<int:pk>/bestand/", views.document_file, name="file"),
]
