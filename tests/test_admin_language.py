"""The admin speaks Dutch: our models' column headers and values, the audit trail's
snapshots, the apps around them and their models (django-axes, django-pghistory), and the
admin's own texts that Django's Dutch lacks."""

import datetime
import re
from html import unescape

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from documents.models import Document, DocumentSnapshot
from kamervragen.curation import link_set_status
from kamervragen.models import (
    Link,
    LinkEvent,
    LinkSnapshot,
    Question,
    QuestionSet,
    QuestionSnapshot,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def link(admin_user):
    document = Document.objects.create(filename="brief.pdf", sha256="0" * 64, kind="letter")
    passage = document.passages.create(order=0, text="De Douane gebruikt scanners.", page=1)
    question_set = QuestionSet.objects.create(zaak_number="2023Z11786")
    question = Question.objects.create(
        question_set=question_set, document=document, number=1, text="Gebruikt de Douane scanners?"
    )
    link = Link.objects.create(question=question, passage=passage, method="lexical", score=0.5)
    link_set_status(link=link, curator=admin_user, status=Link.Status.CONFIRMED, note="klopt")
    return link


def _headers(html: str) -> list[str]:
    """The change list's column headers (not the navigation sidebar's)."""
    html = html[html.index('id="result_list"') :]
    html = html[: html.index("</thead>")]
    cells = re.findall(r'<th scope="col"[^>]*>(.*?)</th>', html, re.DOTALL)
    return [unescape(re.sub(r"<[^>]+>", "", cell)).strip() for cell in cells]


def test_the_link_history_has_dutch_column_headers(admin_client, link):
    page = admin_client.get(reverse("admin:kamervragen_linkevent_changelist"))
    headers = _headers(page.content.decode())
    assert {"Tijdstip", "Actie", "Door", "Toelichting"} <= set(headers), headers
    assert not {"Created at", "Action", "Actor", "Note"} & set(headers), headers


def test_a_snapshot_list_has_dutch_column_headers_and_values(admin_client, link):
    page = admin_client.get(reverse("admin:kamervragen_linksnapshot_changelist"))
    html = page.content.decode()
    headers = _headers(html)
    assert {"Tijdstip", "Wijziging", "Object (nummer)", "Vraag", "Passage"} <= set(headers)
    english = {"Pgh created at", "Pgh label", "Pgh obj id", "Question", "Passage id"}
    assert not english & set(headers), headers
    cells = [unescape(c) for c in re.findall(r'<td class="field-change">(.*?)</td>', html)]
    assert sorted(cells) == ["aangemaakt", "gewijzigd"]


def test_the_apps_around_the_audit_trail_have_dutch_names(admin_client):
    html = admin_client.get(reverse("admin:index")).content.decode()
    assert "Inlogpogingen" in html  # django-axes
    assert "Geschiedenis" in html  # django-pghistory
    assert ">Axes<" not in html and ">Pghistory<" not in html


def test_a_snapshot_list_filters_on_the_change_in_dutch(admin_client, link):
    html = admin_client.get(reverse("admin:kamervragen_linksnapshot_changelist")).content.decode()
    sidebar = unescape(html[html.index('id="changelist-filter"') :])
    assert "Op wijziging" in sidebar, sidebar[:500]
    options = re.findall(r'<a href="\?label=([a-z]+)"[^>]*>(.*?)</a>', sidebar)
    assert sorted(options) == [
        ("delete", "verwijderd"),
        ("insert", "aangemaakt"),
        ("update", "gewijzigd"),
    ], options
    assert "Op label" not in sidebar
    filtered = admin_client.get(
        reverse("admin:kamervragen_linksnapshot_changelist"), {"label": "update"}
    ).content.decode()
    cells = [unescape(c) for c in re.findall(r'<td class="field-change">(.*?)</td>', filtered)]
    assert cells == ["gewijzigd"]


def test_the_link_history_lists_the_newest_first(admin_client, admin_user, link):
    other = Link.objects.create(
        question=link.question,
        passage=link.passage.document.passages.create(order=1, text="Ook dit.", page=1),
        method="lexical",
        score=0.4,
    )
    link_set_status(link=other, curator=admin_user, status=Link.Status.REJECTED)
    link_set_status(link=link, curator=admin_user, status=Link.Status.REJECTED)  # the latest
    html = admin_client.get(reverse("admin:kamervragen_linkevent_changelist")).content.decode()
    shown = [int(pk) for pk in re.findall(r"/admin/kamervragen/linkevent/(\d+)/change/", html)]
    newest_first = list(
        LinkEvent.objects.order_by("-created_at", "-pk").values_list("pk", flat=True)
    )
    assert len(newest_first) == 3
    assert shown == newest_first


def test_the_dutch_app_names_leave_the_project_its_own_app_config():
    # kamervragen/apps.py also holds the third-party apps' configs: Django must still take
    # KamervragenConfig for "kamervragen", whose ready() connects the filter choices' signal
    # and registers the link model's check.
    from django.apps import apps
    from django.db.models.signals import post_save

    from kamervragen.apps import KamervragenConfig

    assert type(apps.get_app_config("kamervragen")) is KamervragenConfig
    assert any("choices_add" in str(key) for key in post_save.receivers), post_save.receivers


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def test_the_admin_index_and_sidebar_name_the_third_party_models_in_dutch(admin_client):
    for url in (reverse("admin:index"), reverse("admin:auth_user_changelist")):  # the sidebar
        text = _text(admin_client.get(url).content.decode())
        for dutch in ("Inlogpogingen", "Mislukte inlogpogingen", "Aanmeldingen", "Wijzigingen"):
            assert dutch in text, (url, dutch)
        assert "Modelnaam" in text  # the app lists' column headers, for screen readers
        for english in (
            "Access attempts",
            "Access failures",
            "Access logs",
            "Events",
            "Model name",
        ):
            assert english not in text, (url, english)
        assert "Add link" not in text and "Change or view list link" not in text


def test_the_login_attempts_have_dutch_columns_and_filters(admin_client):
    from axes.models import AccessAttempt

    AccessAttempt.objects.create(
        user_agent="Firefox",
        ip_address="192.0.2.1",
        username="x",
        http_accept="*/*",
        path_info="/accounts/login/",
        get_data="",
        post_data="",
        failures_since_start=2,
    )
    html = admin_client.get(reverse("admin:axes_accessattempt_changelist")).content.decode()
    headers = _headers(html)
    assert {"Tijdstip", "IP-adres", "Gebruikersnaam", "Pad", "Mislukte aanmeldingen"} <= set(
        headers
    ), headers
    text = _text(html)
    assert "Op tijdstip" in text and "Op geblokkeerd" in text and "1 inlogpoging" in text
    assert "Verlopen inlogpogingen opruimen" in text
    for english in ("Attempt Time", "IP Address", "Failed Logins", "Locked Out", "access attempt"):
        assert english not in text, english


def test_all_changes_have_dutch_columns_and_filters(admin_client, link):
    html = admin_client.get(
        reverse("admin:pghistory_events_changelist"), {"event_model": "kamervragen.linksnapshot"}
    ).content.decode()
    headers = _headers(html)
    assert headers[-5:] == [
        "Tijdstip",
        "Wijziging",
        "Gegevens",
        "Object (nummer)",
        "Verschil met de vorige versie",
    ], headers
    text = _text(html)
    assert "Op wijziging" in text and "Op geschiedenis van" in text and "Koppelingsversies" in text
    assert "2 wijzigingen" in text and "gewijzigd" in text
    for english in ("Pgh created at", "Events", "Op label", "event model", "kamervragen.Link "):
        assert english not in text, english


def test_the_projects_other_admin_lists_have_dutch_columns(admin_client):
    from alerts.models import Notification
    from opendata.models import ImportRun

    Notification.objects.create(
        user=get_user_model().objects.get(username="admin"),
        event=Notification.Event.ANSWER,
        key="answer:document:1",
        title="Antwoord",
        path="/",
    )
    ImportRun.objects.create(since="2026-01-01T00:00:00Z")
    html = admin_client.get(reverse("admin:alerts_notification_changelist")).content.decode()
    assert _headers(html)[-5:] == ["Aangemaakt", "Gebruiker", "Gebeurtenis", "Titel", "Mail"]
    assert "Op gebeurtenis" in _text(html)
    html = admin_client.get(reverse("admin:opendata_importrun_changelist")).content.decode()
    assert _headers(html)[-7:] == [
        "Begonnen",
        "Gewijzigd sinds",
        "Gezien",
        "Nieuw",
        "Overgeslagen",
        "Mislukt",
        "Fout",
    ]


def test_the_dutch_catalog_is_compiled():
    """locale/nl holds Dutch for English texts of Django's admin and django-axes; the .mo
    Django reads must say what the .po says (`manage.py compilemessages -l nl`)."""
    from django.conf import settings
    from django.utils import translation

    for domain in ("django", "djangojs"):
        po = (settings.BASE_DIR / "locale" / "nl" / "LC_MESSAGES" / f"{domain}.po").read_text()
        pairs = re.findall(r'^msgid "(.+)"\nmsgstr "(.*)"$', po, re.MULTILINE)
        assert len(pairs) > 5
        catalog = translation.trans_real.DjangoTranslation("nl", domain=domain)
        for msgid, msgstr in pairs:
            msgid, msgstr = (s.replace('\\"', '"') for s in (msgid, msgstr))
            assert catalog.gettext(msgid) == msgstr, (domain, msgid)


def test_the_permissions_to_give_a_user_or_group_are_named_in_dutch(admin_client, admin_user):
    """Django stores its built-in permissions' names in English when it creates them ("Can
    add user"): the rights chooser of a user's and a group's page listed ~150 English lines."""
    from django.contrib.auth.models import Group, Permission

    assert not Permission.objects.filter(name__startswith="Can ").exists()
    assert Permission.objects.get(codename="add_user").name == "Kan gebruiker toevoegen"
    assert Permission.objects.get(codename="change_link").name == "Kan koppeling wijzigen"
    assert Permission.objects.get(codename="view_logentry").name == (
        "Kan logboekvermelding bekijken"
    )
    for url in [
        reverse("admin:auth_user_change", args=[admin_user.pk]),
        reverse("admin:auth_group_change", args=[Group.objects.get(name="Curatoren").pk]),
    ]:
        html = admin_client.get(url).content.decode()
        assert "Kan vragenset bekijken" in html
        assert "Can add" not in html and "Can view" not in html


# The apps whose models and fields are ours to name.
OUR_APPS = ["documents", "kamervragen", "alerts", "opendata", "evaluation"]


def _named_by_django(field) -> bool:
    """Whether Django named the field from its code name ("feed token"): no verbose_name."""
    return field._verbose_name is None and field.verbose_name == field.name.replace("_", " ")


def test_every_model_and_field_of_ours_has_a_dutch_name():
    """A model or field without a verbose_name is named by Django from its English code name
    ("ingestion outbox", "feed token"): in the admin's forms, in a delete page's list of what
    goes with an object, and in the rights to give a user or group. django-pghistory's own
    fields of our history models ("pgh created at") are named in kamervragen.apps."""
    from django.apps import apps
    from django.utils.text import camel_case_to_spaces

    unnamed = []
    for app_label in OUR_APPS:
        for model in apps.get_app_config(app_label).get_models():
            if "verbose_name" not in model._meta.original_attrs:
                unnamed.append(f"{model._meta.label}: {camel_case_to_spaces(model.__name__)}")
            for field in model._meta.get_fields():
                if not field.concrete or field.auto_created:
                    continue
                if _named_by_django(field):
                    unnamed.append(f"{model._meta.label}.{field.name}: {field.verbose_name}")
    assert unnamed == [], "\n".join(unnamed)


def test_a_documents_delete_page_names_its_ingestion_in_dutch(admin_client, admin_user):
    from kamervragen.models import IngestionOutbox

    document = Document.objects.create(filename="brief.pdf", sha256="0" * 64, kind="letter")
    IngestionOutbox.objects.create(document=document, requested_by=admin_user)
    html = admin_client.get(reverse("admin:documents_document_delete", args=[document.pk]))
    text = _text(html.content.decode())
    assert f"Verwerkingsopdracht: document {document.pk} (nog niet verzonden)" in text, text
    assert "Verwerkingsopdrachten: 1" in text
    assert "outbox" not in text.lower() and "unsent" not in text


def test_the_login_records_have_dutch_titles(admin_client):
    """django-axes titles its records in English ("Access Log for x @ 2026-…+00:00"): the
    admin shows the title on the record's page, its delete and history pages and in the list."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    when = datetime.datetime(2023, 6, 23, 12, 5, tzinfo=datetime.UTC)
    record = {"user_agent": "Firefox", "ip_address": "192.0.2.1", "username": "beleid"}
    record |= {"http_accept": "*/*", "path_info": "/accounts/login/"}
    attempt = AccessAttempt.objects.create(
        **record, get_data="", post_data="", failures_since_start=2
    )
    failure = AccessFailureLog.objects.create(**record, locked_out=True)
    login = AccessLog.objects.create(**record)
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        model.objects.update(attempt_time=when)  # auto_now_add: set afterwards
    titles = {
        attempt: "Mislukte inlogpogingen van beleid vanaf 192.0.2.1, de laatste op 23 juni "
        "2023 14:05",
        failure: "Mislukte inlogpoging van beleid vanaf 192.0.2.1 op 23 juni 2023 14:05, "
        "geblokkeerd",
        login: "Aanmelding van beleid op 23 juni 2023 14:05",
    }
    for record, title in titles.items():
        info = f"admin:axes_{record._meta.model_name}"
        for page in ("change", "delete", "history"):
            text = _text(
                admin_client.get(reverse(f"{info}_{page}", args=[record.pk])).content.decode()
            )
            assert title in text, (page, text)
            for english in ("Attempted Access", "Failed access", "Access Log for", "+00:00"):
                assert english not in text, (page, english)
        html = unescape(admin_client.get(reverse(f"{info}_changelist")).content.decode())
        assert f'aria-label="Selecteer dit object voor een actie - {title}"' in html


def test_the_lists_of_an_objects_changes_say_whose_in_dutch(admin_client, link):
    """django-pghistory's lists of one object's or model's changes: its subtitle ("Tracks …",
    "References …", "kamervragen.Link"), link back ("Back") and object filter
    ("kamervragen.link:1") were English or code."""
    events = reverse("admin:pghistory_events_changelist")
    back = reverse("admin:kamervragen_link_change", args=[link.pk])
    question = link.question
    pages = {
        f"?method=tracks&obj=kamervragen.link:{link.pk}&back={back}": str(link),
        f"?method=references&obj=kamervragen.question:{question.pk}&back={back}": (
            f"Verwijzend naar {question}"
        ),
        f"?model=kamervragen.Link&back={back}": "Koppelingen",
    }
    snapshots = reverse("admin:kamervragen_linksnapshot_changelist")
    for url in [events + query for query in pages] + [
        f"{snapshots}?obj=kamervragen.link:{link.pk}&back={back}"
    ]:
        html = admin_client.get(url).content.decode()
        subtitle = pages.get(url.removeprefix(events), str(link))
        assert f"<h2>{subtitle}</h2>" in unescape(html), (url, html)
        assert f'<a href="{back}" class="back">Terug</a>' in html, url
        text = _text(html)
        for english in ("Tracks", "References", "kamervragen.Link", "kamervragen.link:", "Back"):
            assert english not in text, (url, english)
    html = admin_client.get(f"{events}?model=kamervragen.Link&back=javascript:alert(1)")
    assert 'class="back"' not in html.content.decode()  # only an address on this site


def test_a_recorded_changes_page_is_dutch(admin_client, link):
    """A snapshot's page and the list of all changes' page for one: titled by the object and
    the change, the fields as the lists' columns, not django-pghistory's ("Pgh label: insert",
    "DocumentSnapshot object (1)", "Events object (kamervragen.LinkSnapshot:1)")."""
    snapshot = LinkSnapshot.objects.filter(pgh_label="insert").get()
    for url in (
        reverse("admin:kamervragen_linksnapshot_change", args=[snapshot.pk]),
        reverse("admin:pghistory_events_change", args=[f"kamervragen.LinkSnapshot:{snapshot.pk}"]),
    ):
        text = _text(admin_client.get(url).content.decode())
        assert f"Koppeling {link.pk}, aangemaakt op " in text, text
        assert "Wijziging: aangemaakt" in text, text
        assert re.search(r"Tijdstip: \d+ \w+ \d{4} \d\d:\d\d ", text), text  # not 2026-…+00:00
        for english in ("Pgh", "pgh", "object (", "The event", "insert", "Events"):
            assert english not in text, (url, english)


def test_the_admins_texts_django_leaves_english_are_dutch(admin_client, admin_user, link):
    """Texts of Django's admin outside its catalog: the search icon's (alt="Search"), a yes/no
    icon's (alt="True"), read out by screen readers, and the warning on a user's password
    page ("If disabled, the current password for this user will be lost.")."""
    html = admin_client.get(reverse("admin:auth_user_changelist")).content.decode()
    assert 'alt="Zoeken"' in html and 'alt="Search"' not in html
    assert 'alt="Ja"' in html and 'alt="True"' not in html  # is_staff
    snapshot = DocumentSnapshot.objects.filter(pgh_label="insert").get()  # kind_set_by_user
    for url in (  # a list's column, a page's field (to read only)
        reverse("admin:documents_documentsnapshot_changelist"),
        reverse("admin:documents_documentsnapshot_change", args=[snapshot.pk]),
    ):
        html = admin_client.get(url).content.decode()
        assert re.search(r'alt="(Ja|Nee|Onbekend)"', html), url
        assert not re.search(r'alt="(True|False|None)"', html), url
    html = admin_client.get(reverse("admin:auth_user_password_change", args=[admin_user.pk]))
    text = _text(html.content.decode())
    assert "Als u dit uitschakelt, gaat het huidige wachtwoord van deze gebruiker verloren." in text
    assert 'id="id_unusable_warning"' in html.content.decode()  # Django's script shows it
    assert "If disabled" not in text


def test_a_delete_page_names_the_many_to_many_rows_in_dutch(admin_client, clerk):
    """The rows Django keeps for a many-to-many field (a user's groups, a group's rights), as
    a delete page lists them: "Group-permission-relatie: Group_permissions object (1)"."""
    from django.contrib.auth.models import Group

    group = Group.objects.get(name="Griffiers")
    right = group.permissions.order_by("pk").first()
    html = admin_client.get(reverse("admin:auth_group_delete", args=[group.pk]))
    text = _text(html.content.decode())
    assert f"Relatie groep – rechten: {right}" in text, text
    assert "Relaties groep – rechten: " in text  # the summary
    html = admin_client.get(reverse("admin:auth_user_delete", args=[clerk.pk]))
    text = _text(html.content.decode())
    assert "Relatie gebruiker – groepen: Griffiers" in text, text
    for english in ("object (", "Group-permission", "User-group", "_groups", "_permissions"):
        assert english not in text, english


def test_a_links_history_names_its_statuses_in_dutch(admin_client, link):
    """A link's history (its page's list of events, an event's page) showed the statuses as
    stored: "suggested", "confirmed"."""
    event = LinkEvent.objects.get(link=link)
    for url in (
        reverse("admin:kamervragen_link_change", args=[link.pk]),
        reverse("admin:kamervragen_linkevent_change", args=[event.pk]),
    ):
        html = admin_client.get(url).content.decode()
        text = _text(html)
        assert "Voorgesteld" in text and "Bevestigd" in text, (url, text)
        assert not re.search(r">\s*(suggested|confirmed)\s*<", html), url


def test_the_list_of_all_changes_says_what_changed_in_dutch(admin_client, link):
    """The difference with the previous version, as the object's page names fields and values,
    not django-pghistory's JSON of stored values ({"status": ["suggested", "confirmed"], …})."""
    question_set = link.question.question_set
    question_set.submitted = datetime.date(2023, 6, 23)
    question_set.save()
    html = admin_client.get(
        reverse("admin:pghistory_events_changelist"), {"event_model": "kamervragen.linksnapshot"}
    ).content.decode()
    cells = [_text(c).strip() for c in re.findall(r'<td class="field-diff">(.*?)</td>', html)]
    changed = next(c for c in cells if c != "—")
    assert changed.startswith("Status: Voorgesteld → Bevestigd; Versie: 1 → 2; "), changed
    assert re.search(r"Beoordeeld: — → \d+ \w+ \d{4} \d\d:\d\d", changed), changed
    html = admin_client.get(
        reverse("admin:pghistory_events_changelist"),
        {"event_model": "kamervragen.questionsetsnapshot"},
    ).content.decode()
    assert "Ingezonden: — → 23 juni 2023" in _text(html)
    for english in ("suggested", "confirmed", "curated", '"version"', "submitted"):
        assert english not in html.split('id="result_list"')[1], english


def test_an_objects_history_names_the_changed_fields_in_dutch(admin_client, clerk):
    """The admin keeps the names of the fields a change made in English ("Name", "First
    name") and translates them when it shows them; Django's Dutch lacks several of auth's."""
    from django.contrib.auth.models import Group

    group = Group.objects.get(name="Griffiers")
    url = reverse("admin:auth_group_change", args=[group.pk])
    admin_client.post(
        url, {"name": "Griffie", "permissions": [p.pk for p in group.permissions.all()]}
    )
    url = reverse("admin:auth_user_change", args=[clerk.pk])
    form = {
        "username": clerk.username,
        "first_name": "Gerrit",
        "last_name": "Griffier",
        "email": "",
        "is_staff": "on",
        "groups": [group.pk],
        "last_login_0": "",
        "last_login_1": "",
        "date_joined_0": "2026-01-02",
        "date_joined_1": "10:00:00",
    }
    response = admin_client.post(url, form)
    assert response.status_code == 302, response.content.decode()[:3000]
    history = _text(
        admin_client.get(reverse("admin:auth_group_history", args=[group.pk])).content.decode()
    )
    assert "Naam gewijzigd." in history, history
    history = _text(
        admin_client.get(reverse("admin:auth_user_history", args=[clerk.pk])).content.decode()
    )
    for dutch in ("Voornaam", "Achternaam", "Actief", "Stafstatus", "Datum toegetreden"):
        assert dutch in history, (dutch, history)
    for english in ("Name", "First name", "Active", "Staff status", "Date joined"):
        assert english not in history, english


def test_the_search_form_is_djangos_but_for_the_icons_text():
    """templates/admin/search_form.html is Django's with one change (the icon's alt text
    translated): a Django that changes its own must be copied again."""
    from pathlib import Path

    import django
    from django.conf import settings

    django_template = (
        Path(django.__file__).parent / "contrib/admin/templates/admin/search_form.html"
    )
    ours = (settings.BASE_DIR / "templates/admin/search_form.html").read_text()
    ours = re.sub(r"\{% comment %\}.*?\{% endcomment %\}", "", ours, flags=re.DOTALL)
    ours = ours.replace("alt=\"{% translate 'Search' %}\"", 'alt="Search"')
    assert ours == django_template.read_text()


def test_a_snapshot_list_cuts_a_long_text_and_its_page_shows_it_whole(admin_client):
    """A question's history listed its whole text in a column: each row hundreds of pixels
    high and the table screens wide. Cut in the list (as the site cuts titles), whole on the
    change's page."""
    document = Document.objects.create(filename="vragen.pdf", sha256="1" * 64, kind="questions")
    question_set = QuestionSet.objects.create(zaak_number="2023Z11786")
    text = "Bent u bekend met het bericht over scanners bij de Douane? " * 12 + "Slotwoord?"
    Question.objects.create(question_set=question_set, document=document, number=1, text=text)

    html = unescape(
        admin_client.get(reverse("admin:kamervragen_questionsnapshot_changelist")).content.decode()
    )
    headers = _headers(html)
    assert {"Tekst", "Vragenset", "Document"} <= set(headers), headers
    cells = re.findall(r'<td class="field-text">(.*?)</td>', html, re.DOTALL)
    assert len(cells) == 1, cells
    assert cells[0].startswith("Bent u bekend met het bericht") and cells[0].endswith("…")
    assert len(cells[0]) <= 100 and "Slotwoord" not in cells[0]
    assert "2023Z11786" in html  # the set, a related object, still named

    snapshot = QuestionSnapshot.objects.get()
    page = admin_client.get(
        reverse("admin:kamervragen_questionsnapshot_change", args=[snapshot.pk])
    )
    assert "Slotwoord?" in unescape(page.content.decode())


def test_a_links_history_row_is_named_with_the_sites_date_in_local_time(admin_client, link):
    """The admin's link page titled each history row "Bevestigd 2026-06-23 10:05": another
    date format than every other date there, and in UTC beside the local time of its row."""
    event = LinkEvent.objects.get(link=link)
    event.created_at = datetime.datetime(2026, 6, 23, 10, 5, tzinfo=datetime.UTC)
    assert str(event) == "Bevestigd 23 juni 2026 12:05"  # Amsterdam, summer time

    html = admin_client.get(reverse("admin:kamervragen_link_change", args=[link.pk]))
    assert not re.search(r"\d{4}-\d\d-\d\d \d\d:\d\d", _text(html.content.decode()))
