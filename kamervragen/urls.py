from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, register_converter

from kamervragen import account_views, health, statistics_views, views
from kamervragen.api import api
from kamervragen.models import ZAAK_NUMBER


class SetKeyConverter:
    """A question set's id or zaak number ("2023Z11786", any case)."""

    regex = rf"[0-9]+|{ZAAK_NUMBER.pattern}"

    def to_python(self, value: str) -> str:
        return value.upper()

    def to_url(self, value) -> str:
        return str(value)


register_converter(SetKeyConverter, "setkey")

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("vragen/", views.question_set_list, name="question_set_list"),
    path(
        "vragen/export.<str:fmt>",
        views.question_set_list_export,
        name="question_set_list_export",
    ),
    path("vragen/te-laat/", views.overdue_by_ministry, name="overdue_by_ministry"),
    path("vragen/zonder-antwoord/", views.unanswered_questions_page, name="unanswered_questions"),
    path("vragen/<int:pk>/", views.question_set_detail, name="question_set_detail"),
    path("vragen/<int:pk>/export.<str:fmt>", views.question_set_export, name="question_set_export"),
    path("vragen/<setkey:key>/", views.question_set_detail_by_key, name="question_set_by_key"),
    path(
        "vragen/<setkey:key>/export.<str:fmt>",
        views.question_set_export_by_key,
        name="question_set_export_by_key",
    ),
    path("vragen/<setkey:key>/<int:number>/", views.question_detail, name="question_detail"),
    # <path:…>: a name is never refused a link for a "/" in it.
    path("leden/<path:name>/", views.member_detail, name="member_detail"),
    path("partijen/<path:party>/", views.party_detail, name="party_detail"),
    path("vraag/<int:question_pk>/passages/", views.link_search, name="link_search"),
    path("vraag/<int:question_pk>/koppelen/", views.link_create, name="link_create"),
    path(
        "mogelijke-koppelingen/<int:pk>/koppelen/",
        views.candidate_promote_view,
        name="candidate_promote",
    ),
    path("beoordelen/", views.review_queue, name="review_queue"),
    path("zoeken/", views.search_page, name="search"),
    path("koppelingen/<int:pk>/<str:action>/", views.link_curate, name="link_curate"),
    path("documenten/", include("kamervragen.document_urls")),
    path("", include("alerts.urls")),
    # Of django.contrib.auth's pages only these: no mail is configured, so a password-reset
    # page would say "sent" and send nothing. Admins set passwords in the admin.
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", account_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password_change/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password_change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("admin/", admin.site.urls),
    path("healthz", health.healthz, name="healthz"),
    path("api/v1/", api.urls),
    path("account/api-sleutels/", account_views.api_tokens, name="api_tokens"),
    path(
        "account/api-sleutels/<int:pk>/intrekken/",
        account_views.api_token_revoke,
        name="api_token_revoke",
    ),
    path("statistieken/", statistics_views.statistics, name="statistics"),
]
