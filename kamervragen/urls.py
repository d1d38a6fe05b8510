from django.contrib import admin
from django.urls import include, path

from kamervragen import views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("vragen/", views.question_set_list, name="question_set_list"),
    path("vragen/<int:pk>/", views.question_set_detail, name="question_set_detail"),
    path("koppelingen/<int:pk>/<str:action>/", views.link_curate, name="link_curate"),
    path("documenten/", include("documents.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
]
