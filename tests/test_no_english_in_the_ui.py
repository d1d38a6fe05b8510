"""No English where a user can read it. Every admin page (the index, each app's, and for each
registered model its list, searched list, add page, an object's change, delete and history
page, an empty add form's errors, the delete-selected confirmation; with one object of every
model) for a superuser, and every site page (with and without htmx, and forms sent empty or
wrong) for each role, is searched for words of the English texts of Django and the packages
around it ("Add", "Search", "Tracks", "Back", "records", alt="True", …), Django's English
names for rows and tables ("Group_permissions object (1)"), raw UTC times and stored codes
("suggested"). Only what a reader sees or hears counts: text outside scripts, and the title,
placeholder, aria-label, alt and button texts. Set DUTCH_DUMP to a folder to read the pages.

Dutch, though they look English: Django's own Dutch for "Filter" is "Filter", and the site
calls a news feed a feed ("Atom-feed"); neither is in the list."""

import os
import re
from collections.abc import Iterable
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.urls import reverse

from documents.models import Document, Footnote, Passage, Reference
from kamervragen.curation import link_set_status
from kamervragen.models import (
    ApiToken,
    IngestionOutbox,
    Link,
    LinkCandidate,
    LinkSnapshot,
    Question,
    QuestionSet,
)

pytestmark = pytest.mark.django_db

# Words of the English texts of Django, its admin and the packages around it, as whole words
# (case-sensitive: "Add" but not "Addendum", "records" but not a Dutch word).
ENGLISH = re.compile(
    r"\b(?:"
    r"Add|Change|Delete|Select|Search|Tracks?|References|records?|entries|Save|History|Home|"
    r"Log ?out|Log ?in|Log|Events?|Back|Show|Hide|Clear|Close|Cancel|Remove|View|Yes|No|"
    r"Unknown|Today|Now|Date|Time|Password|Username|Action|Go|Run|True|False|None|If|"
    r"Access|Attempted|Failed|Outbox|outboxs?|unsent|sent|Pgh|pgh|Submit|Choose|Required|"
    r"suggested|confirmed|rejected|insert|update|Name|Groups|Active|Staff|Superuser|"
    r"the|and|with|this|that|these|from|your|you|are|not|will|be|to|by|for|at|or|on"
    r")\b"
    # Django's name for a row of a model without one ("Group_permissions object (1)")
    r"|\b[A-Z]\w* object \([^)]*\)"
    # Django's name for a many-to-many table ("Group-permission-relatie"), a raw UTC time
    r"|\b[A-Z]\w*-\w+-relatie|\d\d:\d\d:\d\d(?:\.\d+)?\+00:00"
)


class VisibleText(HTMLParser):
    """The text a reader sees or hears: text outside <script> and <style>, and the attributes
    that are shown or read out (title, placeholder, aria-label, alt, a button's value)."""

    SHOWN = {"title", "placeholder", "aria-label", "alt"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs) -> None:
        if tag in ("script", "style", "template"):
            self._hidden += 1
        attributes = dict(attrs)
        for name, value in attrs:
            if value and (
                name in self.SHOWN
                or (
                    name == "value"
                    and tag in ("input", "button")
                    and attributes.get("type") in ("submit", "button", "reset")
                )
            ):
                self.parts.append(value)

    def handle_endtag(self, tag) -> None:
        if tag in ("script", "style", "template") and self._hidden:
            self._hidden -= 1

    def handle_data(self, data) -> None:
        if not self._hidden and data.strip():
            self.parts.append(data.strip())


def visible_text(html: str) -> list[str]:
    parser = VisibleText()
    parser.feed(html)
    return parser.parts


URL = re.compile(r"https?://\S+")


def english_in(html: str, content: Iterable[str] = ()) -> list[str]:
    """The pieces of visible text holding an English word, leaving out web addresses and the
    documents' own words (`content`: a footnote may cite "The Record")."""
    return sorted(
        {
            part
            for part in visible_text(html)
            if ENGLISH.search(URL.sub("", part)) and not any(part in text for text in content)
        }
    )


DUMP = os.environ.get("DUTCH_DUMP")  # a folder to write every page to, to read them


def _check(response, found: dict[str, list[str]], key: str, content: Iterable[str] = ()) -> None:
    """Note the English on a page (an HTML response of any status but a redirect)."""
    assert response.status_code < 500, (key, response.status_code)
    kind = response.get("Content-Type", "")
    if response.status_code in (301, 302) or not ("html" in kind or "xml" in kind):
        return  # a redirect, a download (CSV, JSON, the original file)
    html = response.content.decode()
    if "xml" in kind:  # a feed: its times and ids are for the feed reader, not for reading
        html = re.sub(r"<(updated|published|id)>.*?</\1>", "", html)
    if DUMP:
        name = re.sub(r"[^A-Za-z0-9]+", "_", key).strip("_") or "index"
        Path(DUMP).mkdir(parents=True, exist_ok=True)
        (Path(DUMP) / f"{name}.html").write_text(html)
    english = english_in(html, content)
    if english:
        found[key] = english


def _report(found: dict[str, list[str]]) -> str:
    return "English on these pages:\n" + "\n".join(
        f"{page}: {' | '.join(texts)}" for page, texts in found.items()
    )


@pytest.fixture
def everything(admin_user, policy_staff):
    """One object of every model the admin shows or names (delete pages list related ones)."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    from alerts.models import Follow, Notification
    from alerts.services import profile_of
    from opendata.models import ImportedDocument, ImportRun

    document = Document.objects.create(
        filename="brief.pdf", sha256="0" * 64, kind="letter", status=Document.Status.DONE
    )
    document.file.save("brief.txt", ContentFile(b"De Douane gebruikt scanners."))
    passage = document.passages.create(order=0, text="De Douane gebruikt scanners.", page=1)
    footnote = Footnote.objects.create(
        document=document, order=0, marker="1", text="Zie de brief.", passage=passage
    )
    Reference.objects.create(document=document, passage=passage, kind="kamerstuk", text="31934")
    question_set = QuestionSet.objects.create(
        zaak_number="2023Z11786",
        title="Vragen over scanners",
        submitters=[{"name": "Rajkowski", "party": "VVD"}],
    )
    question = Question.objects.create(
        question_set=question_set, document=document, number=1, text="Gebruikt de Douane scanners?"
    )
    link = Link.objects.create(question=question, passage=passage, method="lexical", score=0.5)
    link_set_status(link=link, curator=admin_user, status=Link.Status.CONFIRMED, note="klopt")
    other = document.passages.create(order=1, text="Ook over scanners.", page=1)
    candidate = LinkCandidate.objects.create(question=question, passage=other, probability=0.3)
    IngestionOutbox.objects.create(document=document, requested_by=admin_user)
    ApiToken.objects.create(user=admin_user, name="script", key_hash="1" * 64, prefix="kv_1")
    follow = Follow.objects.create(
        user=admin_user, kind=Follow.Kind.SET, value=str(question_set.pk)
    )
    profile_of(admin_user)
    profile_of(policy_staff)
    Notification.objects.create(
        user=admin_user,
        follow=follow,
        event=Notification.Event.ANSWER,
        key="answer:document:1",
        title="Antwoord",
        path="/",
        question_set=question_set,
    )
    ImportRun.objects.create(since="2026-01-01T00:00:00Z")
    ImportedDocument.objects.create(
        tk_id="abc", document=document, soort="Schriftelijke vragen", changed_at="2026-01-01T00:00Z"
    )
    attempt = {
        "user_agent": "Firefox",
        "ip_address": "192.0.2.1",
        "username": "x",
        "http_accept": "*/*",
        "path_info": "/accounts/login/",
    }
    AccessAttempt.objects.create(**attempt, get_data="", post_data="", failures_since_start=2)
    AccessLog.objects.create(**attempt)
    AccessFailureLog.objects.create(**attempt, locked_out=False)
    return SimpleNamespace(
        document=document,
        passage=passage,
        footnote=footnote,
        question_set=question_set,
        question=question,
        link=link,
        candidate=candidate,
        follow=follow,
    )


def _admin_urls() -> list[str]:
    """The admin's pages to GET: its index and password page, each app's, and for each
    registered model its list (also searched), add page, and an object's change, delete and
    history page."""
    urls = [reverse("admin:index"), reverse("admin:password_change")]
    for app_label in {model._meta.app_label for model in admin.site._registry}:
        urls.append(reverse("admin:app_list", args=[app_label]))
    for model, model_admin in admin.site._registry.items():
        info = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        changelist = reverse(f"{info}_changelist")
        urls += [changelist, f"{changelist}?q=xyz"]
        if model_admin.has_add_permission(
            SimpleNamespace(user=get_user_model()(is_superuser=True))
        ):
            urls.append(reverse(f"{info}_add"))
        if model._meta.label == "pghistory.Events":  # keyed by an event's model and number
            snapshot = LinkSnapshot.objects.order_by("pk").first()
            pk = f"{LinkSnapshot._meta.label}:{snapshot.pk}"
        else:
            obj = model._default_manager.order_by("pk").first()
            if obj is None:
                continue
            pk = obj.pk
        urls += [reverse(f"{info}_change", args=[pk]), reverse(f"{info}_history", args=[pk])]
        urls.append(reverse(f"{info}_delete", args=[pk]))
    return urls


def test_every_admin_page_is_dutch(admin_client, admin_user, everything):
    found: dict[str, list[str]] = {}
    # An admin's change first: its message in the object's history and "Recente acties".
    group = Group.objects.order_by("pk").first()
    url = reverse("admin:auth_group_change", args=[group.pk])
    data = {"name": f"{group.name} (nieuw)", "permissions": [group.permissions.first().pk]}
    response = admin_client.post(url, data, follow=True)
    _check(response, found, f"POST {url}")
    events = reverse("admin:pghistory_events_changelist")
    extra = [
        reverse("admin:auth_user_password_change", args=[admin_user.pk]),
        # django-pghistory's lists of an object's or a model's changes.
        f"{events}?method=tracks&obj=kamervragen.link:{everything.link.pk}&back=/admin/",
        f"{events}?method=references&obj=kamervragen.question:{everything.question.pk}",
        f"{events}?model=kamervragen.Link&back=/admin/",
        reverse("admin:kamervragen_linksnapshot_changelist")
        + f"?obj=kamervragen.link:{everything.link.pk}&back=/admin/",
    ]
    for url in _admin_urls() + extra:
        _check(admin_client.get(url), found, url)
    superuser = SimpleNamespace(user=admin_user)
    for model, model_admin in admin.site._registry.items():
        info = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        if model_admin.has_add_permission(superuser):  # an empty form's errors
            url = reverse(f"{info}_add")
            _check(admin_client.post(url, {}), found, f"POST {url}")
        obj = model._default_manager.order_by("pk").first()
        if obj is not None and model_admin.has_delete_permission(superuser):
            url = reverse(f"{info}_changelist")
            data = {"action": "delete_selected", "_selected_action": [obj.pk]}
            _check(admin_client.post(url, data), found, f"POST {url} delete_selected")
    admin_client.logout()
    url = reverse("admin:login")
    _check(admin_client.get(url), found, url)
    wrong = {"username": "admin", "password": "fout"}
    _check(admin_client.post(url, wrong), found, f"POST {url}")
    assert found == {}, _report(found)


def test_every_site_page_is_dutch_for_each_role(client, policy_staff, clerk, curator, everything):
    from tests.test_roles import RULES

    found: dict[str, list[str]] = {}
    for user in (None, policy_staff, clerk, curator):
        client.logout()
        if user:
            client.force_login(user)
        role = user.username if user else "anoniem"
        for name, (arguments, methods) in RULES.items():
            if "GET" not in methods:
                continue
            url = reverse(name, kwargs=arguments(everything))
            _check(client.get(url), found, f"{role} {url}")
            fragment = client.get(url, headers={"HX-Request": "true"})
            _check(fragment, found, f"{role} {url} (htmx)")
        for name, data in {  # forms sent empty or wrong: their errors
            "documents:upload": {},
            "password_change": {"old_password": "fout"},
            "alerts:follow": {"kind": "onbekend"},
            "link_create": {},
        }.items():
            url = reverse(name, kwargs=RULES[name][0](everything))
            _check(client.post(url, data), found, f"{role} POST {url}")
    client.logout()
    url = reverse("login")
    _check(client.post(url, {"username": "beleid", "password": "fout"}), found, f"POST {url}")
    _check(client.get("/bestaat-niet/"), found, "404")
    assert found == {}, _report(found)


def test_every_page_about_real_documents_is_dutch(
    client, admin_user, policy_staff, clerk, curator, suggesting_model
):
    """The seed questions and their answer letter ingested: the pages with real links,
    evidence, candidates, references and footnotes, for each role and the admin (linked with
    the model at threshold 0.1, so that the pair has suggestions: `suggesting_model`)."""
    from django.core.management import call_command

    from tests.conftest import SEED_LETTER_PDF, SEED_QUESTIONS_PDF
    from tests.test_roles import RULES

    call_command("ingest", str(SEED_QUESTIONS_PDF), str(SEED_LETTER_PDF), sync=True)
    link = Link.objects.filter(passage__isnull=False).order_by("-score", "pk").first()
    candidate = LinkCandidate.objects.order_by("pk").first() or LinkCandidate.objects.create(
        question=link.question, passage=link.passage, probability=0.3
    )
    objects = SimpleNamespace(
        link=link,
        question=link.question,
        question_set=link.question.question_set,
        document=link.passage.document,
        candidate=candidate,
    )
    content = [
        *Passage.objects.values_list("text", flat=True),
        *Footnote.objects.values_list("text", flat=True),
    ]
    found: dict[str, list[str]] = {}
    feed = reverse("alerts:search_feed", kwargs=RULES["alerts:search_feed"][0](objects))
    searches = [
        f"{reverse('search')}?q=scanners",
        f"{reverse('question_set_list')}?q=douane",
        f"{feed}?q=douane",
    ]
    for user in (policy_staff, clerk, curator):
        client.force_login(user)
        for name, (arguments, methods) in RULES.items():
            if "GET" in methods:
                url = reverse(name, kwargs=arguments(objects))
                _check(client.get(url), found, f"{user.username} {url}", content)
        for url in searches + [
            reverse("documents:detail", args=[document.pk]) for document in Document.objects.all()
        ]:
            _check(client.get(url), found, f"{user.username} {url}", content)
    client.force_login(admin_user)
    for url in _admin_urls():
        _check(client.get(url), found, f"admin {url}", content)
    assert found == {}, _report(found)
