"""One member for the written variants of a name: "Verhoeven" is "Kees Verhoeven" where the
archive has no other Verhoeven, in the statistics, the member filters and the alerts."""

import datetime
import re
import uuid

import pytest
from django.core.cache import cache
from django.urls import reverse

from kamervragen.members import members_by_name, surname


def test_a_names_surname_takes_its_particles():
    assert surname("Kees Verhoeven") == ("verhoeven", False)
    assert surname("K. Verhoeven") == ("verhoeven", False)
    assert surname("Verhoeven") == ("verhoeven", True)
    assert surname("Van der Plas") == ("van der plas", True)
    assert surname("Caroline van der Plas") == ("van der plas", False)
    assert surname("C.A.M. van der Plas") == ("van der plas", False)
    assert surname("de Roon") == ("de roon", True)
    assert surname("Jan Jacob van Dijk") == ("van dijk", False)
    assert surname("dr. Omtzigt") == ("omtzigt", True)
    assert surname("Van Dijk-Kroon") == ("van dijk-kroon", True)


def test_a_bare_surname_belongs_to_the_one_full_name_of_that_surname():
    members = members_by_name(
        [
            ("Kees Verhoeven", "D66"),
            ("Verhoeven", "D66"),
            ("Gerard Schouw", "D66"),
            ("Schouw", ""),  # a party known on one side only
            ("Van der Plas", "BBB"),
            ("Caroline van der Plas", "BBB"),
            ("Bontenbal", None),
            ("Henri Bontenbal", "CDA"),
            ("K. Omtzigt", "CDA"),
            ("Omtzigt", "CDA"),
            (" Omtzigt ", None),
        ]
    )
    assert members["Verhoeven"] == "Kees Verhoeven"
    assert members["Schouw"] == "Gerard Schouw"
    assert members["Van der Plas"] == "Caroline van der Plas"
    assert members["Bontenbal"] == "Henri Bontenbal"
    assert members["Omtzigt"] == members[" Omtzigt "] == "K. Omtzigt"  # initials are a name too
    # The full names are their own members.
    assert members["Kees Verhoeven"] == "Kees Verhoeven"
    assert members["Henri Bontenbal"] == "Henri Bontenbal"


def test_two_people_of_one_surname_are_never_merged():
    members = members_by_name(
        [("Kees Verhoeven", "D66"), ("Jan Verhoeven", "VVD"), ("Verhoeven", "D66")]
    )
    assert members == {
        "Kees Verhoeven": "Kees Verhoeven",
        "Jan Verhoeven": "Jan Verhoeven",
        "Verhoeven": "Verhoeven",  # which of the two: not known, so as written
    }
    # Two full names of one surname stay two, even with one initial alike.
    members = members_by_name([("Kees Verhoeven", "D66"), ("K. Verhoeven", "D66")])
    assert set(members.values()) == {"Kees Verhoeven", "K. Verhoeven"}


def test_a_bare_surname_of_another_party_stays_as_written():
    members = members_by_name([("Agnes Mulder", "CDA"), ("Mulder", "PVV")])
    assert members["Mulder"] == "Mulder"
    members = members_by_name([("Agnes Mulder", "CDA"), ("Mulder", "CDA"), ("Mulder", "PVV")])
    assert members["Mulder"] == "Mulder"  # one of its parties is not hers


def test_other_names_are_not_taken_for_a_surname():
    members = members_by_name(
        [
            ("Plas", "BBB"),  # not "van der Plas"
            ("Caroline van der Plas", "BBB"),
            ("Van Dijk", "SP"),  # not "Dijk"
            ("Inge van Dijk", "CDA"),
            ("Dijk", "SP"),
            ("Jasper van Dijk", "SP"),
        ]
    )
    assert members["Plas"] == "Plas"
    assert members["Van Dijk"] == "Van Dijk"  # Inge and Jasper van Dijk
    assert members["Dijk"] == "Dijk"
    assert members_by_name([("Verhoeven", "D66")]) == {"Verhoeven": "Verhoeven"}
    assert members_by_name([("", "D66"), (None, None), ("  ", "SP")]) == {}


# in the app ---------------------------------------------------------------------------------

KEES = {"name": "Kees Verhoeven", "party": "D66"}
BARE = {"name": "Verhoeven", "party": "D66"}


def _set(zaak: str, *, submitters, submitted=datetime.date(2024, 1, 10), answered_after=None):
    from documents.models import Document
    from kamervragen.ingestion.question_sets import question_set_status_refresh
    from kamervragen.models import QuestionSet

    question_set = QuestionSet.objects.create(
        zaak_number=zaak,
        title=f"Vragen {zaak}",
        submitted=submitted,
        submitters=submitters,
        addressed_to=["Minister van Financiën"],
    )
    if answered_after is not None:
        question_set.documents.add(
            Document.objects.create(
                filename=f"{zaak}-a.pdf",
                sha256=uuid.uuid4().hex * 2,
                kind="answers",
                date=submitted + datetime.timedelta(days=answered_after),
            )
        )
    question_set_status_refresh([question_set.pk])
    return question_set


@pytest.fixture
def verhoeven(db):
    """Kees Verhoeven's sets under two names, answered in 10, 20 and 30 days, one open; and
    Schouw's under one."""
    from kamervragen.statistics import answer_times_refresh

    cache.clear()
    _set("2024Z00001", submitters=[KEES], answered_after=10)
    _set("2024Z00002", submitters=[BARE], answered_after=20)
    _set("2024Z00003", submitters=[BARE, {"name": "Schouw", "party": "D66"}], answered_after=30)
    _set("2024Z00004", submitters=[BARE], submitted=datetime.date.today())
    answer_times_refresh()
    yield
    cache.clear()


@pytest.mark.django_db
def test_the_statistics_count_a_member_under_one_name(verhoeven):
    from kamervragen.statistics import (
        GROUPINGS,
        answer_times,
        answer_times_by,
        answer_times_computed,
    )

    rows = {row.key: row for row in answer_times("member")}
    assert sorted(rows) == ["Kees Verhoeven", "Schouw"]
    kees = rows["Kees Verhoeven"]
    assert (kees.sets, kees.answered, kees.median_days, kees.open) == (4, 3, 20, 1)
    assert answer_times_by(GROUPINGS) == answer_times_computed(GROUPINGS)
    for year in [2024, datetime.date.today().year]:
        assert answer_times_by(GROUPINGS, year=year) == answer_times_computed(GROUPINGS, year=year)


@pytest.mark.django_db
def test_a_set_naming_a_member_in_two_spellings_counts_once(verhoeven):
    """ "Verhoeven" and "Kees Verhoeven" both among one set's submitters: one of Kees
    Verhoeven's sets, answered or open, in the view's figures as in those computed per
    request (the view counted the answered one under each name, so twice)."""
    from kamervragen.statistics import (
        GROUPINGS,
        answer_times,
        answer_times_by,
        answer_times_computed,
        answer_times_refresh,
    )

    _set("2024Z00005", submitters=[KEES, BARE], answered_after=40)
    _set("2024Z00006", submitters=[BARE, KEES], submitted=datetime.date.today())
    answer_times_refresh()
    kees = {row.key: row for row in answer_times("member")}["Kees Verhoeven"]
    assert (kees.sets, kees.answered, kees.median_days, kees.open) == (6, 4, 25, 2)
    assert answer_times_by(GROUPINGS) == answer_times_computed(GROUPINGS)
    assert answer_times_by(GROUPINGS, year=2024) == answer_times_computed(GROUPINGS, year=2024)


@pytest.mark.django_db
def test_the_statistics_page_shows_one_row_per_member(client_for, policy_staff, verhoeven):
    html = client_for(policy_staff).get(reverse("statistics")).content.decode()
    table = html[html.index('data-grouping="kamerlid"') :]
    assert re.findall(r'<tr data-key="([^"]*)"', table) == ["Kees Verhoeven", "Schouw"]


# The statistics page computed per request (no cached page), as many as before names were
# merged: the session, the user, permissions, the two statistics queries in their
# transaction, the refresh time, the years.
STATISTICS_QUERIES = 11


@pytest.mark.django_db
def test_the_statistics_page_keeps_its_queries(
    settings, client_for, policy_staff, verhoeven, django_assert_num_queries
):
    """Merging names reads the filter choices: one query when they are not cached (they are
    kept for an hour, and shared with the set list), none when they are; none per member."""
    settings.STATISTICS_CACHE_SECONDS = 0
    client = client_for(policy_staff)
    client.get(reverse("statistics"))
    with django_assert_num_queries(STATISTICS_QUERIES):
        client.get(reverse("statistics"))
    for n in range(5):
        _set(f"2024Z0001{n}", submitters=[{"name": f"Lid{n}"}, {"name": f"Jan Lid{n}"}])
    cache.delete("kamervragen.set_filters.choices.v2")
    with django_assert_num_queries(STATISTICS_QUERIES + 1):
        client.get(reverse("statistics"))
    with django_assert_num_queries(STATISTICS_QUERIES):
        client.get(reverse("statistics"))


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["Verhoeven", "kees verhoeven"])
def test_the_member_filter_finds_every_written_name(client_for, policy_staff, verhoeven, value):
    html = client_for(policy_staff).get(reverse("question_set_list"), {"submitter": value})
    listed = set(re.findall(r"2024Z0000\d", html.content.decode()))
    assert listed == {"2024Z00001", "2024Z00002", "2024Z00003", "2024Z00004"}


@pytest.mark.django_db
def test_search_by_member_finds_every_written_name(verhoeven):
    from kamervragen.search import search

    results = search("", kinds=["sets"], member="Kees Verhoeven")
    assert results.groups[0].count == 4
    assert [hit.label for hit in search("verhoeven", kinds=["sets"]).direct] == ["Kees Verhoeven"]


@pytest.mark.django_db
def test_two_verhoevens_stay_two_in_the_filter(client_for, policy_staff, verhoeven):
    _set("2024Z00005", submitters=[{"name": "Jan Verhoeven", "party": "VVD"}])
    cache.clear()
    client = client_for(policy_staff)
    html = client.get(reverse("question_set_list"), {"submitter": "Kees Verhoeven"})
    assert set(re.findall(r"2024Z0000\d", html.content.decode())) == {"2024Z00001"}


@pytest.mark.django_db
def test_a_followed_member_is_news_under_either_name(policy_staff, verhoeven):
    from alerts.models import Follow
    from alerts.services import _followers_of, follow_add
    from kamervragen.models import QuestionSet

    follow_add(user=policy_staff, kind=Follow.Kind.MEMBER, value="Kees Verhoeven")
    bare = QuestionSet.objects.get(zaak_number="2024Z00002")
    assert list(_followers_of(bare, only_sets=False)) == [policy_staff.pk]
    Follow.objects.all().delete()
    follow_add(user=policy_staff, kind=Follow.Kind.MEMBER, value="Verhoeven")
    full = QuestionSet.objects.get(zaak_number="2024Z00001")
    assert list(_followers_of(full, only_sets=False)) == [policy_staff.pk]


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["Verhoeven", "Kees Verhoeven", "kees verhoeven"])
def test_the_member_page_lists_every_written_name(client_for, policy_staff, verhoeven, name):
    response = client_for(policy_staff).get(reverse("member_detail", args=[name]))
    assert response.context["name"] == "Kees Verhoeven"
    assert response.context["summary"].total == 4
    assert response.context["parties"] == ["D66"]


@pytest.mark.django_db
def test_a_followed_member_is_news_in_any_case(policy_staff, verhoeven):
    from alerts.models import Follow
    from alerts.services import _followers_of, follow_add
    from kamervragen.models import QuestionSet

    follow_add(user=policy_staff, kind=Follow.Kind.MEMBER, value="kees verhoeven")
    bare = QuestionSet.objects.get(zaak_number="2024Z00002")
    assert list(_followers_of(bare, only_sets=False)) == [policy_staff.pk]


def _api_sets(client, user, member: str) -> set[str]:
    from kamervragen.tokens import token_create

    key = token_create(user=user, name="test")[1]
    response = client.get(
        "/api/v1/question-sets", {"member": member}, headers={"Authorization": f"Bearer {key}"}
    )
    assert response.status_code == 200
    return {item["zaak"] for item in response.json()["items"]}


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["Kees Verhoeven", "Verhoeven", "kees verhoeven "])
def test_the_api_member_parameter_finds_every_written_name(client, policy_staff, verhoeven, value):
    """As the web list's member filter: `member=Kees Verhoeven` also finds the sets
    submitted as "Verhoeven", and the reverse (before: the name exactly as written)."""
    assert _api_sets(client, policy_staff, value) == {
        "2024Z00001",
        "2024Z00002",
        "2024Z00003",
        "2024Z00004",
    }


@pytest.mark.django_db
def test_the_api_member_parameter_keeps_two_verhoevens_apart(client, policy_staff, verhoeven):
    _set("2024Z00005", submitters=[{"name": "Jan Verhoeven", "party": "VVD"}])
    cache.clear()
    assert _api_sets(client, policy_staff, "Kees Verhoeven") == {"2024Z00001"}
    assert _api_sets(client, policy_staff, "Verhoeven") == {
        "2024Z00002",
        "2024Z00003",
        "2024Z00004",
    }
    assert _api_sets(client, policy_staff, "Nobody Here") == set()


@pytest.mark.django_db
def test_the_member_filter_offers_and_keeps_the_member(client_for, policy_staff, verhoeven):
    """The list offers "Kees Verhoeven" once, and keeps it chosen for "Verhoeven"."""
    client = client_for(policy_staff)
    html = client.get(reverse("question_set_list"), {"submitter": "Verhoeven"}).content.decode()
    assert "<option selected>Kees Verhoeven</option>" in html
    assert "<option>Verhoeven</option>" not in html
    html = client.get(reverse("search"), {"member": "verhoeven", "kind": "sets"}).content.decode()
    assert "<option selected>Kees Verhoeven</option>" in html


@pytest.mark.django_db
def test_a_saved_set_merges_its_names_into_the_cached_choices():
    from kamervragen.set_filters import filter_choices

    cache.clear()
    _set("2024Z00001", submitters=[KEES])
    assert filter_choices().member("Verhoeven") is None  # read, and cached
    _set("2024Z00002", submitters=[BARE])  # added to the cached choices on save
    choices = filter_choices()
    assert choices.member("Verhoeven") == "Kees Verhoeven"
    assert choices.members == ["Kees Verhoeven"]
    _set("2024Z00003", submitters=[{"name": "Jan Verhoeven", "party": "VVD"}])
    choices = filter_choices()
    assert choices.member("Verhoeven") == "Verhoeven"  # two Verhoevens now: as written
    assert choices.members == ["Jan Verhoeven", "Kees Verhoeven", "Verhoeven"]
    cache.clear()
