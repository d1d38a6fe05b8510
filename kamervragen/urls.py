from django.contrib import admin
from django.urls import include, path

from kamervragen import health, views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("vragen/", views.question_set_list, name="question_set_list"),
    path(
        "vragen/export.<str:fmt>",
        views.question_set_list_export,
        name="question_set_list_export",
    ),
    path("vragen/te-laat/", views.overdue_by_ministry, name="overdue_by_ministry"),
    path("vragen/<int:pk>/", views.question_set_detail, name="question_set_detail"),
    path("vragen/<int:pk>/export.<str:fmt>", views.question_set_export, name="question_set_export"),
    path("vraag/<int:question_pk>/passages/", views.link_search, name="link_search"),
    path("vraag/<int:question_pk>/koppelen/", views.link_create, name="link_create"),
    path(
        "mogelijke-koppelingen/<int:pk>/koppelen/",
        views.candidate_promote_view,
        name="candidate_promote",
    ),
    path("beoordelen/", views.review_queue, name="review_queue"),
    path("koppelingen/<int:pk>/<str:action>/", views.link_curate, name="link_curate"),
    path("documenten/", include("kamervragen.document_urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("healthz", health.healthz, name="healthz"),
]
