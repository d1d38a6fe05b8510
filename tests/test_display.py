"""One way to show dates ("23 juni 2023") and to shorten titles (at a word, with "…"), and a
favicon on every page."""

import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone, translation

from documents.models import Document
from kamervragen.templatetags.display import title_cut

TEMPLATES = Path(settings.BASE_DIR) / "templates"
# The locale's own formats (nl: "j F Y" and "j F Y H:i"), or that same date format spelled
# out, or ISO 8601 for machines (<time datetime="…">, a date field's value).
DATE_FORMATS = {"DATE_FORMAT", "DATETIME_FORMAT", "j F Y", "c", "Y-m-d"}  # ISO: <input type="date">


def test_every_template_shows_dates_in_the_one_format():
    used = {
        (path.name, match)
        for path in TEMPLATES.rglob("*.html")
        for match in re.findall(r"""\|date:["']([^"']*)["']""", path.read_text())
    }
    assert {(name, fmt) for name, fmt in used if fmt not in DATE_FORMATS} == set()


def test_dates_read_as_dutch_words():
    assert settings.LANGUAGE_CODE == "nl" and settings.USE_I18N
    template = Template('{{ day|date:"DATE_FORMAT" }} · {{ moment|date:"DATETIME_FORMAT" }}')
    moment = datetime.datetime(2023, 6, 23, 14, 5)
    with translation.override("nl"):
        shown = template.render(Context({"day": moment.date(), "moment": moment}))
    assert shown == "23 juni 2023 · 23 juni 2023 14:05"


@pytest.mark.parametrize(
    ("text", "length", "shown"),
    [
        ("Kort", 20, "Kort"),
        ("Vragen over de douanescanners van Nuctech", 30, "Vragen over de douanescanners…"),
        ("Vragen over de, scanners", 16, "Vragen over de…"),
        ("Stikstofdepositieberekeningen", 10, "Stikstofde…"),
        ("  twee\nregels  ", 20, "twee regels"),
        (None, 20, ""),
    ],
)
def test_titles_are_cut_at_a_word_with_an_ellipsis(text, length, shown):
    assert title_cut(text, length) == shown


@pytest.mark.django_db
def test_the_document_list_cuts_long_titles_and_dates_its_uploads(client_for, clerk):
    title = "Antwoord op vragen van het lid Jansen " * 10
    Document.objects.create(filename="a.pdf", sha256="a" * 64, title=title, status="done")
    Document.objects.filter(sha256="a" * 64).update(
        created_at=timezone.make_aware(datetime.datetime(2023, 6, 23, 14, 5))
    )
    html = client_for(clerk).get(reverse("documents:upload")).content.decode()
    assert (
        ">"
        + "Antwoord op vragen van het lid Jansen " * 2
        + "Antwoord op vragen van het lid Jansen…<"
        in html
    )
    assert "23 juni 2023 14:05" in html


@pytest.mark.django_db
def test_every_page_has_a_favicon(client_for, policy_staff):
    html = client_for(policy_staff).get(reverse("dashboard")).content.decode()
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in html
    assert finders.find("favicon.svg")


def test_a_set_without_a_zaak_number_is_named_by_its_title_cut_at_a_word():
    """Its name in the review queue and the dashboard was its title's first 80 characters,
    cut mid-word without a sign ("… gedaan van het · vraag 1")."""
    from kamervragen.models import QuestionSet

    title = (
        "Het bericht dat ziekenhuizen dit jaar al 304 keer melding hebben gedaan van het "
        "verlies van privacygevoelige informatie"
    )
    name = str(QuestionSet(zaak_number="", title=title))
    assert name.endswith("…") and len(name) <= 81
    assert title.startswith(name[:-1].rstrip())
    assert str(QuestionSet(zaak_number="", title="Kort")) == "Kort"
    assert str(QuestionSet(zaak_number="2023Z11786", title=title)) == "2023Z11786"


@pytest.mark.django_db
def test_the_document_list_says_why_a_document_failed_and_gives_it_no_kind(
    client_for, policy_staff
):
    """A document that could not be read has no kind: the list called it 'Overig' and said
    only 'Mislukt', where the upload page and the dashboard say '–' and why."""
    Document.objects.create(
        filename="scan.pdf",
        sha256="s" * 64,
        status="failed",
        error="Dit document heeft geen tekstlaag (een scan).",
    )
    html = client_for(policy_staff).get(reverse("documents:list")).content.decode()
    row = html[html.index("scan.pdf") :]
    row = row[: row.index("</tr>")]
    assert "Overig" not in row
    assert re.search(r'data-label="Soort">\s*–\s*<', row)
    assert "Mislukt" in row and "geen tekstlaag (een scan)" in row
