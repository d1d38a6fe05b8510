from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.urls import URLResolver, get_resolver, reverse

from documents.models import Document
from kamervragen.models import Link, LinkCandidate, Question, QuestionSet
from kamervragen.roles import POLICY_STAFF

pytestmark = pytest.mark.django_db


@pytest.fixture
def link(db):
    document = Document.objects.create(filename="brief.pdf", sha256="0" * 64, kind="letter")
    passage = document.passages.create(order=0, text="De Douane gebruikt scanners.", page=1)
    question_set = QuestionSet.objects.create(
        zaak_number="2023Z11786", submitters=[{"name": "Rajkowski", "party": "VVD"}]
    )
    question = Question.objects.create(
        question_set=question_set, document=document, number=1, text="Gebruikt de Douane scanners?"
    )
    return Link.objects.create(question=question, passage=passage, method="lexical", score=0.5)


@pytest.mark.parametrize("name", ["dashboard", "question_set_list", "documents:upload"])
def test_anonymous_users_are_sent_to_log_in(anonymous, name):
    response = anonymous.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_anonymous_users_cannot_curate(anonymous, link):
    response = anonymous.post(reverse("link_curate", args=[link.pk, "confirm"]))
    assert response.status_code == 302
    link.refresh_from_db()
    assert link.status == Link.Status.SUGGESTED


def test_policy_staff_can_browse(client_for, policy_staff, link):
    client = client_for(policy_staff)
    for url in [
        reverse("dashboard"),
        reverse("question_set_list"),
        reverse("question_set_detail", args=[link.question.question_set_id]),
        reverse("documents:detail", args=[link.passage.document_id]),
    ]:
        assert client.get(url).status_code == 200, url


def test_policy_staff_cannot_upload(client_for, policy_staff):
    client = client_for(policy_staff)
    assert client.get(reverse("documents:upload")).status_code == 403
    assert (
        client.post(reverse("documents:upload"), headers={"HX-Request": "true"}).status_code == 403
    )


def test_policy_staff_cannot_curate(client_for, policy_staff, link):
    response = client_for(policy_staff).post(reverse("link_curate", args=[link.pk, "confirm"]))
    assert response.status_code == 403
    link.refresh_from_db()
    assert link.status == Link.Status.SUGGESTED


def test_clerks_can_upload_but_not_curate(client_for, clerk, link):
    client = client_for(clerk)
    assert client.get(reverse("documents:upload")).status_code == 200
    response = client.post(reverse("link_curate", args=[link.pk, "reject"]))
    assert response.status_code == 403


def test_curators_confirm_a_link_and_the_row_is_rerendered(client_for, curator, link):
    response = client_for(curator).post(
        reverse("link_curate", args=[link.pk, "confirm"]), headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert f'id="link-{link.pk}"' in response.content.decode()
    link.refresh_from_db()
    assert link.status == Link.Status.CONFIRMED
    assert link.curated_by == curator
    assert [event.action for event in link.events.all()] == ["confirmed"]


def test_curation_rejects_unknown_actions(client_for, curator, link):
    response = client_for(curator).post(reverse("link_curate", args=[link.pk, "delete"]))
    assert response.status_code == 400


def test_curation_rejects_get(client_for, curator, link):
    response = client_for(curator).get(reverse("link_curate", args=[link.pk, "confirm"]))
    assert response.status_code == 405


@pytest.fixture
def candidate(link):
    passage = link.passage.document.passages.create(order=1, text="Ook over scanners.", page=1)
    return LinkCandidate.objects.create(question=link.question, passage=passage, probability=0.3)


def test_anonymous_users_cannot_promote_a_candidate(anonymous, candidate):
    response = anonymous.post(reverse("candidate_promote", args=[candidate.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert LinkCandidate.objects.filter(pk=candidate.pk).exists()


@pytest.mark.parametrize("persona", ["policy_staff", "clerk"])
def test_only_curators_promote_a_candidate(request, client_for, persona, candidate):
    client = client_for(request.getfixturevalue(persona))
    url = reverse("candidate_promote", args=[candidate.pk])
    assert client.post(url, headers={"HX-Request": "true"}).status_code == 403
    assert client.post(url).status_code == 403
    assert LinkCandidate.objects.filter(pk=candidate.pk).exists()
    assert not Link.objects.filter(passage=candidate.passage).exists()


def test_promoting_rejects_get(client_for, curator, candidate):
    response = client_for(curator).get(reverse("candidate_promote", args=[candidate.pk]))
    assert response.status_code == 405


@pytest.mark.parametrize(
    ("persona", "deletes"),
    [("policy_staff", False), ("clerk", True), ("curator", True), ("admin_user", True)],
)
def test_clerks_curators_and_admins_delete_a_document_policy_staff_cannot(
    request, client_for, link, persona, deletes
):
    """Any clerk, not only who uploaded it: documents come from the open data and
    `manage.py ingest` too. The link is the machine's: no curator's decision is lost."""
    document = link.passage.document
    Document.objects.filter(pk=document.pk).update(status=Document.Status.DONE)
    client = client_for(request.getfixturevalue(persona))
    page = client.get(reverse("documents:detail", args=[document.pk])).content.decode()
    url = reverse("documents:discard", args=[document.pk])
    assert (url in page) == deletes
    assert client.get(url).status_code == (200 if deletes else 403)
    response = client.post(url, {"bevestigd": "ja"})
    assert response.status_code == (302 if deletes else 403)
    assert Document.objects.filter(pk=document.pk).exists() != deletes


# The role matrix: every URL of the project, the admin's included, for every role. A URL
# whose name has no rule in RULES (or, in the admin, that `_admin_rule` cannot judge) fails
# `test_every_url_has_a_rule`, which names it.

ANONYMOUS, POLICY, CLERK, CURATOR, ADMIN = "anonymous", "policy_staff", "clerk", "curator", "admin"
NO_ROLE = "no_role"  # logged in, in no role group: an account nobody has given a role yet
ROLES = [ANONYMOUS, NO_ROLE, POLICY, CLERK, CURATOR, ADMIN]
PERSONAS = {ADMIN: "admin_user", NO_ROLE: "user_without_role"}  # the others are in conftest
EVERYONE = set(ROLES)
LOGGED_IN = EVERYONE - {ANONYMOUS}
BROWSE = {POLICY, CLERK, CURATOR, ADMIN}
UPLOAD = CORRECT = {CLERK, ADMIN}
CURATE = {CURATOR, ADMIN}
DELETE = {CLERK, CURATOR, ADMIN}  # a wrong upload, never over a curator's decision

# URL name: (its arguments, by the objects of the `matrix` fixture; who may use it, by method)
RULES = {
    "dashboard": (lambda o: {}, {"GET": BROWSE}),
    "question_set_list": (lambda o: {}, {"GET": BROWSE}),
    "question_set_list_export": (lambda o: {"fmt": "csv"}, {"GET": BROWSE}),
    "overdue_by_ministry": (lambda o: {}, {"GET": BROWSE}),
    "unanswered_questions": (lambda o: {}, {"GET": BROWSE}),
    "search": (lambda o: {}, {"GET": BROWSE}),
    "documents:list": (lambda o: {}, {"GET": BROWSE}),
    "question_set_detail": (lambda o: {"pk": o.question_set.pk}, {"GET": BROWSE}),
    "question_set_export": (
        lambda o: {"pk": o.question_set.pk, "fmt": "json"},
        {"GET": BROWSE},
    ),
    "question_set_by_key": (lambda o: {"key": "2023Z11786"}, {"GET": BROWSE}),
    "question_set_export_by_key": (
        lambda o: {"key": "2023Z11786", "fmt": "csv"},
        {"GET": BROWSE},
    ),
    "question_detail": (
        lambda o: {"key": "2023Z11786", "number": o.question.number},
        {"GET": BROWSE},
    ),
    "member_detail": (lambda o: {"name": "Rajkowski"}, {"GET": BROWSE}),
    "party_detail": (lambda o: {"party": "VVD"}, {"GET": BROWSE}),
    "link_search": (lambda o: {"question_pk": o.question.pk}, {"GET": CURATE}),
    "link_create": (lambda o: {"question_pk": o.question.pk}, {"POST": CURATE}),
    "review_queue": (lambda o: {}, {"GET": CURATE}),
    "link_curate": (lambda o: {"pk": o.link.pk, "action": "confirm"}, {"POST": CURATE}),
    "candidate_promote": (lambda o: {"pk": o.candidate.pk}, {"POST": CURATE}),
    "documents:upload": (lambda o: {}, {"GET": UPLOAD, "POST": UPLOAD}),
    "documents:detail": (lambda o: {"pk": o.document.pk}, {"GET": BROWSE}),
    "documents:status": (lambda o: {"pk": o.document.pk}, {"GET": BROWSE}),
    "documents:file": (lambda o: {"pk": o.document.pk}, {"GET": BROWSE}),
    "documents:reprocess": (lambda o: {"pk": o.document.pk}, {"POST": CORRECT}),
    "documents:correct": (lambda o: {"pk": o.document.pk}, {"POST": CORRECT}),
    # GET shows what goes (or why not); a POST without its confirmation shows that again.
    "documents:discard": (lambda o: {"pk": o.document.pk}, {"GET": DELETE, "POST": DELETE}),
    "login": (lambda o: {}, {"GET": EVERYONE, "POST": EVERYONE}),
    "logout": (lambda o: {}, {"POST": EVERYONE}),
    "password_change": (lambda o: {}, {"GET": LOGGED_IN}),
    "password_change_done": (lambda o: {}, {"GET": LOGGED_IN}),
    "healthz": (lambda o: {}, {"GET": EVERYONE}),  # for the load balancer: tells no secret
    "statistics": (lambda o: {}, {"GET": BROWSE}),
    "alerts:notifications": (lambda o: {}, {"GET": BROWSE}),
    "alerts:mark_read": (lambda o: {}, {"POST": BROWSE}),
    "alerts:preferences": (lambda o: {}, {"POST": BROWSE}),
    "alerts:follow": (lambda o: {}, {"POST": BROWSE}),
    "alerts:unfollow": (lambda o: {"pk": 1}, {"POST": BROWSE}),
    # No session: a signed token in the mail, a secret token in a feed's address.
    "alerts:unsubscribe": (lambda o: {"token": _follow(o)[1]}, {"GET": EVERYONE}),
    "alerts:feed": (lambda o: {"token": _follow(o)[0].feed_token}, {"GET": EVERYONE}),
    "alerts:follow_feed": (
        lambda o: {"token": _follow(o)[0].feed_token, "follow_id": _follow(o)[2].pk},
        {"GET": EVERYONE},
    ),
    "alerts:search_feed": (lambda o: {"token": _follow(o)[0].feed_token}, {"GET": EVERYONE}),
    "api_tokens": (lambda o: {}, {"GET": LOGGED_IN, "POST": LOGGED_IN}),  # one's own keys
    "api_token_revoke": (lambda o: {"pk": 1}, {"POST": LOGGED_IN}),
}
ADMIN_NAMESPACE = "admin"  # Django's admin: its own rule, `_admin_rule`
# The read API takes a token, not a session: tests/test_api.py has its matrix per role.
TOKEN_NAMESPACE = "api-v1"


def _follow(objects):
    """A policy officer's feed profile, a token to stop following, and the follow."""
    from alerts.models import Follow
    from alerts.services import profile_of, unsubscribe_url

    reader = get_user_model().objects.filter(username="feedlezer").first()
    if reader is None:
        reader = get_user_model().objects.create_user(username="feedlezer")
        reader.groups.add(Group.objects.get(name=POLICY_STAFF))
    follow, _created = Follow.objects.get_or_create(
        user=reader, kind=Follow.Kind.SET, value=str(objects.question_set.pk)
    )
    return profile_of(reader), unsubscribe_url(follow).rstrip("/").rsplit("/", 1)[1], follow


def _url_names(patterns, prefix: str = "") -> list[str]:
    names = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            names += _url_names(pattern.url_patterns, namespace)
        else:
            names.append(f"{prefix}{pattern.name or pattern.pattern}")
    return names


def _admin_rule(name: str) -> set[str] | None:
    """Who may open an admin page without arguments: its login page everyone, the rest the
    admin (a superuser) only. None for a name this rule does not know."""
    if not name.startswith(f"{ADMIN_NAMESPACE}:"):
        return None
    if name == "admin:login":
        return EVERYONE
    return {ADMIN}


def _without_rule(patterns) -> list[str]:
    return sorted(
        n
        for n in set(_url_names(patterns))
        if n not in RULES and _admin_rule(n) is None and not n.startswith(f"{TOKEN_NAMESPACE}:")
    )


def test_a_new_url_without_a_rule_is_named():
    from django.http import HttpResponse
    from django.urls import include, path

    def view(request):
        return HttpResponse()

    added = [
        path("api/v1/", include(([path("vragen/", view, name="sets")], "api"))),
        path("nieuw/", view, name="nieuwe_pagina"),
    ]
    assert _without_rule([*get_resolver().url_patterns, *added]) == ["api:sets", "nieuwe_pagina"]


def test_every_url_has_a_rule():
    names = set(_url_names(get_resolver().url_patterns))
    missing = _without_rule(get_resolver().url_patterns)
    assert missing == [], (
        f"URL names without a rule in RULES (tests/test_roles.py): {', '.join(missing)}; "
        "add one per URL name: who may GET (and POST) it"
    )
    gone = sorted(set(RULES) - names)
    assert gone == [], f"rules in RULES for URL names that no longer exist: {', '.join(gone)}"


@pytest.fixture
def user_without_role(db):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_user(username="zonderrol", password="x")


@pytest.fixture
def matrix(db, link, candidate):
    link.passage.document.file.save("brief.txt", ContentFile(b"De Douane gebruikt scanners."))
    link.passage.document.status = Document.Status.DONE
    link.passage.document.save()
    return SimpleNamespace(
        link=link,
        question=link.question,
        question_set=link.question.question_set,
        document=link.passage.document,
        candidate=candidate,
    )


def _refused(response) -> bool:
    """403, or sent to log in (a redirect to a login page, ours or the admin's, with ?next=)."""
    if response.status_code == 403:
        return True
    location = response.get("Location", "")
    return response.status_code == 302 and location.startswith(
        (reverse("login") + "?next=", reverse("admin:login") + "?next=")
    )


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_exactly_what_its_rules_allow(request, client, matrix, role):
    user = None if role == ANONYMOUS else request.getfixturevalue(PERSONAS.get(role, role))
    if user:
        client.force_login(user)
    wrong = []
    for name, (arguments, methods) in RULES.items():
        url = reverse(name, kwargs=arguments(matrix))
        for method, allowed in methods.items():
            response = client.get(url) if method == "GET" else client.post(url)
            if user and name == "logout":
                client.force_login(user)
            expected = "allowed" if role in allowed else "refused"
            got = "refused" if _refused(response) else "allowed"
            if got != expected or response.status_code >= 500 or response.status_code == 405:
                wrong.append(f"{method} {url}: {response.status_code}, expected {expected}")
            elif method == "GET" and expected == "allowed" and response.status_code != 200:
                wrong.append(f"GET {url}: {response.status_code}, expected 200")
    assert wrong == []


def _admin_pages() -> list[str]:
    """The admin's pages that need no arguments: its index, each app's index, each model's
    list and add page, and the rest of admin.site's own."""
    from django.contrib import admin
    from django.urls import URLPattern

    names = [
        f"admin:{pattern.name}"
        for pattern in admin.site.get_urls()
        if isinstance(pattern, URLPattern) and pattern.name and not pattern.pattern.regex.groups
    ]
    for model in admin.site._registry:
        info = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        names += [f"{info}_changelist", f"{info}_add"]
    return names


@pytest.mark.parametrize("role", ROLES)
def test_the_admin_is_the_admins_alone(request, client, role):
    from django.contrib import admin

    user = None if role == ANONYMOUS else request.getfixturevalue(PERSONAS.get(role, role))
    if user:
        client.force_login(user)
    history_add_pages = {  # nobody adds history, the admin neither (test_audit_trail)
        f"admin:{model._meta.app_label}_{model._meta.model_name}_add"
        for model, model_admin in admin.site._registry.items()
        if not model_admin.has_add_permission(
            SimpleNamespace(user=request.getfixturevalue("admin_user"))
        )
    }
    wrong = []
    for name in _admin_pages():
        allowed = _admin_rule(name)
        query = "?app_label=kamervragen&model_name=link&field_name=question"
        response = client.get(reverse(name) + (query if name == "admin:autocomplete" else ""))
        if name == "admin:logout":  # POST only; GET is 405 for all
            continue
        expected = "allowed" if role in allowed and name not in history_add_pages else "refused"
        got = "refused" if _refused(response) else "allowed"
        if got != expected or response.status_code not in (200, 302, 403):
            wrong.append(f"GET {name}: {response.status_code}, expected {expected}")
        if user and name == "admin:login" and response.status_code == 302:
            client.force_login(user)
    assert wrong == []


def test_an_original_is_served_only_through_the_guarded_view(request, client, matrix):
    """Not under MEDIA_URL (nothing serves media/): only `documents:file`, which checks the
    role, hands out the uploaded original."""
    media_url = matrix.document.file.url
    url = reverse("documents:file", args=[matrix.document.pk])
    for role in ROLES:
        user = None if role == ANONYMOUS else request.getfixturevalue(PERSONAS.get(role, role))
        client.logout()
        if user:
            client.force_login(user)
        assert client.get(media_url).status_code in (302, 404), (role, media_url)
        response = client.get(url)
        if role in BROWSE:
            assert response.status_code == 200, role
            assert b"".join(response.streaming_content) == b"De Douane gebruikt scanners."
        else:
            assert _refused(response), role
