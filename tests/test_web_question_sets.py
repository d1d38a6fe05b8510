"""The question set list: full-text search, filters, status, pagination, export."""

import csv
import io
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from documents.models import Document
from kamervragen.ingestion.question_sets import question_set_status_refresh
from kamervragen.models import Link, Question, QuestionSet

pytestmark = pytest.mark.django_db


def _set(zaak, *, title, texts, submitted=None, submitters=(), addressed_to=(), kinds=()):
    question_set = QuestionSet.objects.create(
        zaak_number=zaak,
        title=title,
        submitted=submitted,
        submitters=list(submitters),
        addressed_to=list(addressed_to),
    )
    document = Document.objects.create(
        filename=f"{zaak}.pdf", sha256=zaak.ljust(64, "0"), kind="questions"
    )
    question_set.documents.add(document)
    for number, text in enumerate(texts, start=1):
        Question.objects.create(
            question_set=question_set, document=document, number=number, text=text
        )
    for index, kind in enumerate(kinds):
        question_set.documents.add(
            Document.objects.create(
                filename=f"{zaak}-{kind}.pdf",
                sha256=f"{zaak}{kind}{index}".ljust(64, "1"),
                kind=kind,
            )
        )
    question_set_status_refresh([question_set.pk])  # what ingestion does after a change
    question_set.refresh_from_db()
    return question_set


@pytest.fixture
def sets(db):
    today = timezone.localdate()
    scanners = _set(
        "2023Z11786",
        title="Chinese scanners bij de douane",
        texts=["Hoeveel scanners gebruikt de Douane?", "Is de haven veilig?"],
        submitted=today - timedelta(days=60),
        submitters=[{"name": "Rajkowski", "party": "VVD"}],
        addressed_to=["Staatssecretaris van Financiën"],
    )
    answered = _set(
        "2024Z00001",
        title="Stikstof en boeren",
        texts=["Wanneer komt het stikstofplan?"],
        submitted=today - timedelta(days=60),
        submitters=[{"name": "Van der Plas", "party": "BBB"}],
        addressed_to=["Minister van Landbouw"],
        kinds=["answers"],
    )
    postponed = _set(
        "2024Z00002",
        title="Windparken op zee",
        texts=["Hoeveel windmolens komen er bij?"],
        submitted=today - timedelta(days=30),
        addressed_to=["Minister van Klimaat"],
        kinds=["notice"],
    )
    fresh = _set(
        "2024Z00003",
        title="Treinen naar Groningen",
        texts=["Waarom rijden de treinen niet?"],
        submitted=today - timedelta(days=3),
    )
    return {"scanners": scanners, "answered": answered, "postponed": postponed, "fresh": fresh}


def _listed(client, **params) -> list[str]:
    response = client.get(reverse("question_set_list"), params)
    assert response.status_code == 200
    return [s.zaak_number for s in response.context["question_sets"]]


def test_search_uses_dutch_stems_and_highlights_the_match(client_for, policy_staff, sets):
    response = client_for(policy_staff).get(reverse("question_set_list"), {"q": "scanner"})
    html = response.content.decode()
    assert [s.zaak_number for s in response.context["question_sets"]] == ["2023Z11786"]
    assert "<mark>scanners</mark>" in html


def test_search_takes_websearch_syntax(client_for, policy_staff, sets):
    client = client_for(policy_staff)
    assert _listed(client, q="scanners -douane") == []
    assert sorted(_listed(client, q="stikstof or windmolens")) == ["2024Z00001", "2024Z00002"]


def test_snippets_escape_the_text_around_the_marks(client_for, policy_staff, sets):
    _set("2024Z00009", title="<script>alert(1)</script> scanners", texts=["x"])
    html = client_for(policy_staff).get(reverse("question_set_list"), {"q": "scanners"})
    assert "<script>alert" not in html.content.decode()


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"status": "answered"}, ["2024Z00001"]),
        ({"status": "overdue"}, ["2023Z11786"]),
        ({"status": "open"}, ["2024Z00003", "2024Z00002"]),
        ({"ministry": "financiën"}, ["2023Z11786"]),
        ({"submitter": "BBB"}, ["2024Z00001"]),
        ({"submitter": "rajkowski"}, ["2023Z11786"]),
        ({"year": "1999"}, []),
    ],
)
def test_filters_narrow_the_list(client_for, policy_staff, sets, params, expected):
    assert sorted(_listed(client_for(policy_staff), **params)) == sorted(expected)


def test_a_bare_title_is_no_ministry_in_the_filter(client_for, policy_staff, sets):
    """Questions headed "… aan de Minister over …" name no ministry: their addressee
    "Minister" was offered as one in the list's ministry filter."""
    from django.core.cache import cache

    from kamervragen.set_filters import CHOICES_CACHE_KEY

    _set(
        "2022Z20802",
        title="Chinese politiebureaus",
        texts=["Kent u het bericht?"],
        addressed_to=["Minister", "Staatssecretaris"],
    )
    for cached in (False, True):  # the choices read from the sets, and added on a save
        if not cached:
            cache.delete(CHOICES_CACHE_KEY)
        else:
            _set("2022Z20803", title="Nog een", texts=["En nu?"], addressed_to=["de Minister."])
        html = client_for(policy_staff).get(reverse("question_set_list")).content.decode()
        select = html[html.index('id="id_ministry"') :]
        options = re.findall(r"<option[^>]*>([^<]*)</option>", select[: select.index("</select>")])
        assert options == ["Alle", "Financiën", "Klimaat", "Landbouw"], options
    assert _listed(client_for(policy_staff), ministry="Minister") == []
    assert _listed(client_for(policy_staff), ministry="Minister van Financiën") == ["2023Z11786"]


def test_a_postponement_notice_moves_the_due_date_by_three_weeks(client_for, policy_staff, sets):
    response = client_for(policy_staff).get(reverse("question_set_list"), {"q": "windmolens"})
    (postponed,) = response.context["question_sets"]
    assert postponed.due == postponed.submitted + timedelta(weeks=6)
    assert postponed.answer_status == "open"


def test_the_suggested_links_filter(client_for, policy_staff, sets):
    question = sets["fresh"].questions.get()
    document = Document.objects.create(filename="b.pdf", sha256="b" * 64, kind="letter")
    passage = document.passages.create(order=0, text="De treinen rijden weer.")
    Link.objects.create(question=question, passage=passage, method="lexical", score=0.3)
    assert _listed(client_for(policy_staff), suggested="1") == ["2024Z00003"]


def test_a_set_s_own_footnote_is_no_suggestion_to_review(client_for, policy_staff, sets):
    """A question's own footnote (its source) is never shown as a link to decide on: a set
    whose only suggested link is one was marked "(voorstellen)" and listed under "Met
    voorgestelde koppelingen", and the curator found nothing to review on its page."""
    from documents.models import Footnote

    question = sets["fresh"].questions.get()
    source = Footnote.objects.create(
        document=question.document, order=0, marker="1", text="NOS, 3 maart 2024"
    )
    Link.objects.create(question=question, footnote=source, method="source", score=1.0)
    client = client_for(policy_staff)

    assert _listed(client, suggested="1") == []
    (listed,) = client.get(reverse("question_set_list"), {"q": "treinen"}).context["question_sets"]
    assert not listed.has_suggested


def test_htmx_requests_get_only_the_results(client_for, policy_staff, sets):
    response = client_for(policy_staff).get(
        reverse("question_set_list"), {"q": "scanners"}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert html.startswith('<div id="results"')
    assert "<html" not in html
    assert "HX-Request" in response["Vary"]


def test_the_list_is_paginated_and_pages_keep_the_filters(client_for, policy_staff, db):
    for number in range(30):
        _set(f"2020Z{number:05}", title=f"Dijken {number}", texts=["Zijn de dijken hoog?"])
    response = client_for(policy_staff).get(reverse("question_set_list"), {"q": "dijken"})
    assert len(response.context["question_sets"]) == 25
    assert "?q=dijken&amp;page=2" in response.content.decode()


def test_the_search_result_exports_as_csv_and_json(client_for, policy_staff, sets):
    client = client_for(policy_staff)
    url = reverse("question_set_list_export", args=["csv"])
    body = client.get(url, {"q": "scanners"}).content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(body), delimiter=";"))  # for Dutch Excel
    assert [row["Zaaknummer"] for row in rows] == ["2023Z11786"]
    assert rows[0]["Status"] == "Open na de termijn"  # as the pages say
    data = client.get(reverse("question_set_list_export", args=["json"]), {"status": "answered"})
    assert [s["zaak"] for s in data.json()["question_sets"]] == ["2024Z00001"]
    assert client.get(reverse("question_set_list_export", args=["xml"])).status_code == 404


def test_the_list_needs_few_queries(client_for, policy_staff, sets, django_assert_max_num_queries):
    client = client_for(policy_staff)
    with django_assert_max_num_queries(9):
        client.get(reverse("question_set_list"), {"q": "scanners", "status": "overdue"})
    with django_assert_max_num_queries(10):
        client.get(reverse("dashboard"))


def test_an_unknown_status_is_ignored(client_for, policy_staff, sets):
    assert len(_listed(client_for(policy_staff), status="nonsense")) == 4


def test_the_overview_gives_each_set_its_status_and_due_date(sets):
    from kamervragen.selectors import question_sets_overview

    found = {s.zaak_number: (s.answer_status, s.due) for s in question_sets_overview()}
    term = timedelta(weeks=3)
    assert found == {
        "2023Z11786": ("overdue", sets["scanners"].submitted + term),
        "2024Z00001": ("answered", sets["answered"].submitted + term),
        "2024Z00002": ("open", sets["postponed"].submitted + 2 * term),
        "2024Z00003": ("open", sets["fresh"].submitted + term),
    }


def test_the_list_shows_days_open_and_days_over_the_term(client_for, policy_staff, sets):
    html = client_for(policy_staff).get(reverse("question_set_list")).content.decode()
    assert "39 dagen over de termijn · 60 dagen open" in html  # 60 days after submission
    assert "30 dagen open" in html  # postponed: due after six weeks
    assert "3 dagen open" in html


def test_the_set_page_shows_its_deadline(client_for, policy_staff, sets):
    url = reverse("question_set_detail", args=[sets["scanners"].pk])
    html = client_for(policy_staff).get(url).content.decode()
    assert 'data-status="overdue"' in html
    assert "39 dagen over de termijn" in html


def test_overdue_sets_are_listed_per_ministry_they_are_addressed_to(client_for, policy_staff, sets):
    today = timezone.localdate()
    both = _set(
        "2024Z00009",
        title="Export van scanners",
        texts=["Wie controleert de export?"],
        submitted=today - timedelta(days=40),
        addressed_to=["Minister van Buitenlandse Zaken", "Staatssecretaris van Financiën"],
    )
    _set("2024Z00010", title="Onbekend", texts=["Vraag?"], submitted=today - timedelta(days=25))
    response = client_for(policy_staff).get(reverse("overdue_by_ministry"))
    ministries = [
        (group.ministry, [s.zaak_number for s in group.question_sets])
        for group in response.context["ministries"]
    ]
    assert ministries == [
        ("Financiën", ["2023Z11786", both.zaak_number]),
        ("Buitenlandse Zaken", [both.zaak_number]),
        ("", ["2024Z00010"]),
    ]
    html = response.content.decode()
    # Under "Zonder ministerie": "Onbekende geadresseerde" contradicted its rows' "Gericht
    # aan: Minister" (a bare title names an addressee, only not the ministry).
    assert "Zonder ministerie" in html and "Onbekende geadresseerde" not in html
    assert "Stikstof" not in html and "Windparken" not in html  # answered, postponed
    unknown = html[html.index("2024Z00010") :]
    unknown = unknown[: unknown.index("</tr>")]
    # the addressee cell says it is not known, not nothing beneath its label on a phone
    assert '<td data-label="Gericht aan">–</td>' in unknown


def test_a_submitter_without_a_party_is_shown_without_empty_brackets(client_for, policy_staff):
    question_set = _set(
        "2009Z00001",
        title="Gehandicapteninstellingen",
        texts=["Wat is de stand van zaken?"],
        submitters=[{"name": "Leijten", "party": ""}, {"name": "Kant", "party": "SP"}],
    )
    client = client_for(policy_staff)
    for url in (
        reverse("question_set_list"),
        reverse("question_set_detail", args=[question_set.pk]),
    ):
        html = re.sub(r"<[^>]+>", "", client.get(url).content.decode())  # the text, links too
        assert "Leijten" in html and "Kant (SP)" in html
        assert "Leijten ()" not in html


def test_a_searched_list_pages_own_matches_first_then_by_question_newest_first(
    client_for, policy_staff, db, monkeypatch
):
    """The set's own vector (title) ranks first; sets that match by a question only follow,
    newest first; a word in very many sets is counted up to a limit (issue #15: counting
    and ranking every match of a common word took a second at 100,000 sets)."""
    from kamervragen import selectors

    today = timezone.localdate()
    for n in range(4):
        _set(f"2024Z0010{n}", title="Over de haven", texts=["x"], submitted=today - timedelta(n))
    for n in range(5):
        _set(f"2024Z0020{n}", title="Iets", texts=["De haven?"], submitted=today - timedelta(n))
    _set("2024Z00300", title="Niets", texts=["Nee"], submitted=today)
    monkeypatch.setattr(selectors, "SEARCH_COUNT_LIMIT", 3)
    monkeypatch.setattr("kamervragen.views.PAGE_SIZE", 3)
    client = client_for(policy_staff)
    pages = [
        client.get(reverse("question_set_list"), {"q": "haven", "page": page}) for page in (1, 2, 3)
    ]
    listed = [[s.zaak_number for s in page.context["question_sets"]] for page in pages]
    assert listed == [
        ["2024Z00100", "2024Z00101", "2024Z00102"],
        ["2024Z00103", "2024Z00200", "2024Z00201"],  # a page across both parts
        ["2024Z00202"],  # the second part counted up to the limit (3)
    ]
    assert "Meer dan 7 vragensets gevonden" in pages[0].content.decode()


def test_a_set_without_a_zaak_number_is_linked_by_words_not_a_dash(client_for, policy_staff):
    """An answer document names no zaak number: its set's only link in the list was "–", a
    target of one character."""
    question_set = QuestionSet.objects.create(zaak_number="", title="Het bericht over chips")
    html = client_for(policy_staff).get(reverse("question_set_list")).content.decode()
    row = html[html.index(f'id="set-{question_set.pk}"') :]
    link = re.search(r"<th scope=\"row\"><a href=\"([^\"]+)\">([^<]+)</a></th>", row)
    assert link is not None
    assert link.group(1) == reverse("question_set_detail", args=[question_set.pk])
    assert link.group(2) == "zonder zaaknummer"


def test_documents_of_one_kind_and_date_are_told_apart_on_the_set_s_page(
    client_for, policy_staff, sets
):
    """The questions uploaded as a PDF and as text: the set's page listed 'Kamervragen 23
    juni 2023, Kamervragen 23 juni 2023', two links a reader could not tell apart."""
    scanners = sets["scanners"]
    first = scanners.documents.get()
    first.date = scanners.submitted
    first.save(update_fields=["date"])
    scanners.documents.add(
        Document.objects.create(
            filename="2023Z11786.txt",
            sha256="txt".ljust(64, "2"),
            kind="questions",
            date=scanners.submitted,
        ),
        Document.objects.create(filename="antwoord.pdf", sha256="a".ljust(64, "3"), kind="answers"),
    )
    html = client_for(policy_staff).get(f"/vragen/{scanners.pk}/").content.decode()
    line = re.search(r"Documenten:(.*?)Exporteren", html, re.S).group(1)
    labels = [re.sub(r"\s+", " ", text).strip() for text in re.findall(r">([^<]+)</a>", line)]
    assert len(labels) == 3
    assert len(set(labels)) == 3, labels
    assert "Antwoorden" in labels  # a label of its own needs no file name
