"""The statistics page: answer times per ministry, year, member and party, with SVG charts."""

import io
import re
from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from documents.models import Document
from kamervragen.ingestion.question_sets import question_set_status_refresh
from kamervragen.statistics import (
    GROUPINGS,
    answer_times,
    answer_times_by,
    answer_times_computed,
    answer_times_refresh,
    statistics_page,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_cached_statistics():
    cache.clear()
    # A flush after a transactional (browser) test empties the tables, not the view.
    answer_times_refresh()
    yield
    cache.clear()


TODAY = timezone.localdate()


def _set(zaak, *, submitted, answered_after=None, notice=False, submitters=(), ministries=()):
    from kamervragen.models import QuestionSet

    question_set = QuestionSet.objects.create(
        zaak_number=zaak,
        submitted=submitted,
        submitters=list(submitters),
        addressed_to=list(ministries),
    )
    if answered_after is not None:
        question_set.documents.add(
            Document.objects.create(
                filename=f"{zaak}-a.pdf",
                sha256=f"{zaak}a".ljust(64, "0"),
                kind="answers",
                date=submitted + timedelta(days=answered_after),
            )
        )
    if notice:
        question_set.documents.add(
            Document.objects.create(
                filename=f"{zaak}-n.pdf", sha256=f"{zaak}n".ljust(64, "0"), kind="notice"
            )
        )
    question_set_status_refresh([question_set.pk])  # as ingestion does
    answer_times_refresh()  # as Celery beat does every five minutes
    return question_set


VVD = {"name": "Jansen", "party": "VVD"}
VVD2 = {"name": "De Vries", "party": "VVD"}
SP = {"name": "Bakker", "party": "SP"}
FIN, JUS = "Minister van Financiën", "Minister van Justitie en Veiligheid"
# The statistics count per ministry (`kamervragen.ministries`), not per addressee's title.
FINANCIEN, JUSTITIE = "Financiën", "Justitie en Veiligheid"


@pytest.fixture
def known(db):
    """Six sets with known answer times: Financiën 10, 20 and 30 days (one postponed) and
    one overdue; Justitie 40 days and one open. 2023 and 2024."""
    old = date(2023, 3, 1)
    _set("A", submitted=old, answered_after=10, submitters=[VVD, VVD2], ministries=[FIN])
    _set("B", submitted=old, answered_after=20, submitters=[VVD], ministries=[FIN])
    _set(
        "C",
        submitted=date(2024, 1, 10),
        answered_after=30,
        notice=True,
        submitters=[SP],
        ministries=[FIN, JUS],
    )
    _set("D", submitted=date(2024, 2, 1), answered_after=40, submitters=[SP], ministries=[JUS])
    _set("E", submitted=TODAY - timedelta(days=30), submitters=[VVD], ministries=[FIN])
    _set("F", submitted=TODAY - timedelta(days=5), submitters=[SP], ministries=[JUS])


def _rows(by, **kwargs):
    return {row.key: row for row in answer_times(by, **kwargs)}


def test_answer_times_per_ministry(known):
    rows = _rows("ministry")
    fin, jus = rows[FINANCIEN], rows[JUSTITIE]
    assert (fin.sets, fin.answered, fin.timed) == (4, 3, 3)
    assert fin.median_days == 20
    # In time: by the due date, as the set pages count it: set C's 30 days after a
    # postponement notice (due after six weeks) too. Within three weeks: 10 and 20 days.
    assert fin.within_term == 3 and fin.within_term_pct == 100
    assert fin.within_three_weeks == 2 and fin.within_three_weeks_pct == 67
    assert (fin.postponed, fin.open, fin.overdue) == (1, 0, 1)
    assert (jus.sets, jus.answered, jus.median_days) == (3, 2, 35)  # median of 30 and 40
    assert (jus.within_term, jus.within_three_weeks, jus.open, jus.overdue) == (1, 0, 1, 0)
    assert list(rows) == [FINANCIEN, JUSTITIE]  # the most sets first


def test_answer_times_per_year_member_party_and_total(known):
    years = _rows("year")
    assert list(years) == sorted(years, reverse=True)  # the newest year first
    assert years["2023"].median_days == 15 and years["2023"].within_term_pct == 100
    assert years["2024"].median_days == 35 and years["2024"].postponed == 1
    parties = _rows("party")
    # Set A has two VVD members: it counts once for the VVD.
    assert (parties["VVD"].sets, parties["VVD"].median_days) == (3, 15)
    assert (parties["SP"].sets, parties["SP"].median_days, parties["SP"].open) == (3, 35, 1)
    members = _rows("member")
    assert members["Jansen"].sets == 3 and members["De Vries"].median_days == 10
    (total,) = answer_times("total")
    assert (total.sets, total.answered, total.median_days) == (6, 4, 25)
    assert (total.within_term_pct, total.postponed, total.open, total.overdue) == (75, 1, 1, 1)
    assert total.within_three_weeks_pct == 50


def test_a_year_narrows_every_table(known):
    rows = _rows("ministry", year=2023)
    assert list(rows) == [FINANCIEN]
    assert rows[FINANCIEN].sets == 2 and rows[FINANCIEN].median_days == 15


def test_bad_json_in_a_set_is_skipped_not_an_error(known):
    from kamervragen.models import QuestionSet

    QuestionSet.objects.create(zaak_number="X", submitters={"name": "x"}, addressed_to="Fin")
    assert _rows("ministry")[FINANCIEN].sets == 4
    assert answer_times("total")[0].sets == 7


def test_charts_have_a_bar_per_group_and_the_term_line(known):
    page = statistics_page()
    ministry = page["sections"][0]
    time_chart, open_chart = ministry.charts
    assert [bar.full_label for bar in time_chart.bars] == [FINANCIEN, JUSTITIE]
    widths = [bar.segments[0].width for bar in time_chart.bars]
    assert widths[1] > widths[0] > 0  # 35 days against 20
    assert time_chart.marker is not None
    assert [bar.value_text for bar in open_chart.bars] == ["0 + 1", "1 + 0"]


def test_the_page_shows_tables_and_svg_charts(client_for, policy_staff, known):
    response = client_for(policy_staff).get(reverse("statistics"))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('<svg class="bar-chart"') >= 4
    assert "Antwoordtijd per ministerie" in html and "Statistieken" in html
    assert 'data-grouping="ministerie"' in html and "termijn: 21 dagen" in html
    assert " style=" not in html and "<script>" not in html  # the CSP allows neither
    # Coordinates are numbers as SVG reads them (12.5), not localised for Dutch (12,5).
    assert re.search(r' (x|y|width)="[0-9]+\.[0-9]', html)
    assert not re.search(r' (x|y|x1|x2|width)="[0-9]+,', html)
    row = re.search(r'<tr data-key="Financi[^"]*">(.*?)</tr>', html, re.S)
    assert row and ">20<" in row.group(1) and "100%" in row.group(1) and "67%" in row.group(1)


def test_the_page_takes_a_year_and_ignores_a_bad_one(client_for, policy_staff, known):
    client = client_for(policy_staff)
    html = client.get(reverse("statistics"), {"jaar": "2023"}).content.decode()
    assert 'data-key="Justitie en Veiligheid"' not in html.split("Per jaar")[0]
    for bad in ["abc", "99999999999999999999", "1999"]:
        assert client.get(reverse("statistics"), {"jaar": bad}).status_code == 200


def test_each_id_on_the_page_is_unique(client_for, policy_staff, known):
    """The year filter's <select id="jaar"> shared its id with the section "Per jaar": its
    label and a link to #jaar could reach the other one."""
    html = client_for(policy_staff).get(reverse("statistics")).content.decode()
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert ids and len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    assert '<label for="jaar-filter">' in html


def test_an_empty_database_renders(client_for, policy_staff):
    response = client_for(policy_staff).get(reverse("statistics"))
    assert response.status_code == 200
    assert "Nog geen vragensets" in response.content.decode()


def test_the_navigation_links_to_the_statistics(client_for, policy_staff):
    html = client_for(policy_staff).get(reverse("dashboard")).content.decode()
    assert f'href="{reverse("statistics")}"' in html


def _total_sets(client) -> str:
    html = client.get(reverse("statistics")).content.decode()
    return re.search(r'data-stat="sets">(\d+)<', html).group(1)


def test_the_figures_are_cached_until_the_next_refresh(settings, client_for, policy_staff, known):
    from kamervragen.models import QuestionSet

    client = client_for(policy_staff)
    settings.STATISTICS_CACHE_SECONDS = 600
    assert _total_sets(client) == "6"
    open_set = QuestionSet.objects.create(zaak_number="G", submitted=TODAY, addressed_to=[FIN])
    question_set_status_refresh([open_set.pk])
    assert _total_sets(client) == "6"  # from the cache
    # Celery beat's refresh (every five minutes) ends the cached figures' time, in every
    # process: the page lags a change by one refresh interval at most, not by the cache's.
    answer_times_refresh()
    assert _total_sets(client) == "7"
    settings.STATISTICS_CACHE_SECONDS = 0
    assert _total_sets(client) == "7"


# the answered sets' figures from the materialized view ---------------------------------------


@pytest.fixture
def varied(known):
    """`known` and more: several ministries, members, parties and years, sets without a date,
    answered without an answer date, postponed, open, overdue, awaiting their questions."""
    from kamervragen.models import QuestionSet

    members = [VVD, VVD2, SP, {"name": "Smit", "party": "D66"}, {"name": " Smit ", "party": ""}]
    ministries = [FIN, JUS, "Minister van Defensie", " Minister van Defensie", ""]
    for n in range(40):
        _set(
            f"V{n}",
            submitted=date(2021 + n % 4, 1 + n % 12, 1 + n % 27),
            answered_after=None if n % 5 == 0 else (n * 7) % 50,
            notice=n % 3 == 0,
            submitters=members[n % 5 : n % 5 + 1 + n % 2],
            ministries=ministries[n % 4 : n % 4 + 1 + n % 3],
        )
    for n, days_ago in enumerate([1, 15, 25, 60, 90]):
        _set(f"O{n}", submitted=TODAY - timedelta(days=days_ago), notice=n == 3, ministries=[FIN])
    undated = QuestionSet.objects.create(zaak_number="U", submitters=[SP], addressed_to=[JUS])
    undated.documents.add(
        Document.objects.create(filename="u.pdf", sha256="u".ljust(64, "0"), kind="answers")
    )
    question_set_status_refresh([undated.pk])
    answer_times_refresh()


def test_the_view_gives_the_figures_computed_per_request(varied):
    years = [None, 2021, 2023, 2024, TODAY.year, 1999]
    for year in years:
        assert answer_times_by(GROUPINGS, year=year) == answer_times_computed(GROUPINGS, year=year)
    assert len(answer_times("ministry")) >= 3


def test_answering_a_set_changes_the_figures_after_a_refresh(varied):
    from kamervragen.models import QuestionSet

    before = answer_times("total")[0]
    open_set = QuestionSet.objects.get(zaak_number="O2")
    open_set.documents.add(
        Document.objects.create(
            filename="o2-a.pdf", sha256="o2a".ljust(64, "0"), kind="answers", date=TODAY
        )
    )
    question_set_status_refresh([open_set.pk])
    answer_times_refresh()
    after = answer_times("total")[0]
    assert (after.sets, after.answered) == (before.sets, before.answered + 1)
    assert after.overdue == before.overdue - 1
    assert answer_times_by(GROUPINGS) == answer_times_computed(GROUPINGS)


def test_the_refresh_runs_every_five_minutes_and_after_refresh_statuses(known):
    from django.core.management import call_command

    from kamervragen.celery import app
    from kamervragen.housekeeping import answer_times_refresh as task
    from kamervragen.statistics import answer_times_refreshed_at

    entry = app.conf.beat_schedule["refresh-answer-times"]
    assert entry["task"] == task.name and entry["schedule"] == 5 * 60
    earlier = answer_times_refreshed_at()
    task()
    assert answer_times_refreshed_at() > earlier
    earlier = answer_times_refreshed_at()
    call_command("refresh-statuses", stdout=io.StringIO())
    assert answer_times_refreshed_at() > earlier
    assert answer_times_by(GROUPINGS) == answer_times_computed(GROUPINGS)


def test_the_page_says_when_the_answer_times_were_refreshed(client_for, policy_staff, known):
    html = client_for(policy_staff).get(reverse("statistics")).content.decode()
    assert "Antwoordtijden bijgewerkt op" in html


# per ministry, not per addressee's title ------------------------------------------------------


@pytest.fixture
def titles(db):
    """Sets addressed by several titles of one ministry, a portfolio minister and a bare title."""
    day = date(2024, 1, 10)
    both = ["Minister van Financiën", "Staatssecretaris van Financiën - Toeslagen en Douane"]
    _set("T1", submitted=day, answered_after=10, ministries=both)
    _set("T2", submitted=day, answered_after=20, ministries=["Staatssecretaris van Financiën"])
    _set("T3", submitted=day, answered_after=30, ministries=["Minister voor Rechtsbescherming"])
    _set("T4", submitted=day, answered_after=5, ministries=["Minister"])  # "aan de Minister"
    _set("T5", submitted=TODAY - timedelta(days=40), ministries=["staatssecretaris van Financiën"])
    _set("T6", submitted=TODAY - timedelta(days=40), ministries=["de Minister."])


def test_a_minister_and_a_state_secretary_of_one_ministry_are_one_row(titles):
    rows = _rows("ministry")
    # No "Minister", "Minister van Financiën" or "Staatssecretaris van Financiën" rows.
    assert list(rows) == [FINANCIEN, JUSTITIE]
    fin = rows[FINANCIEN]
    # T1, addressed to the minister and the state secretary, counts once.
    assert (fin.sets, fin.answered, fin.median_days, fin.overdue) == (3, 2, 15, 1)
    assert rows[JUSTITIE].sets == 1  # the Minister voor Rechtsbescherming's
    assert answer_times("total")[0].sets == 6  # the sets of no ministry count in the total
    assert answer_times_by(GROUPINGS) == answer_times_computed(GROUPINGS)


def test_the_page_lists_ministries_not_titles(client_for, policy_staff, titles):
    html = client_for(policy_staff).get(reverse("statistics")).content.decode()
    table = html[html.index('data-grouping="ministerie"') : html.index("Per jaar")]
    keys = re.findall(r'<tr data-key="([^"]*)"', table)
    assert keys == [FINANCIEN, JUSTITIE]
    section = html[html.index('id="ministerie"') : html.index("Per jaar")]
    assert "Vragensets zonder ministerie" in section


def test_a_sets_ministries_follow_its_addressees():
    from kamervragen.models import QuestionSet

    question_set = QuestionSet.objects.create(zaak_number="M", addressed_to=[FIN, "Minister"])
    assert question_set.ministries == [FINANCIEN]
    question_set.addressed_to = [JUS, "Staatssecretaris van Financiën"]
    question_set.save(update_fields=["addressed_to"])
    question_set.refresh_from_db()
    assert question_set.ministries == [FINANCIEN, JUSTITIE]
    # Written without save() (an update, COPY): the status refresh fills them.
    QuestionSet.objects.filter(pk=question_set.pk).update(addressed_to=["Minister-President"])
    question_set_status_refresh([question_set.pk])
    question_set.refresh_from_db()
    assert question_set.ministries == ["Algemene Zaken"]


def test_the_page_names_overdue_sets_as_the_set_pages_do(client_for, policy_staff, known):
    """The statistics said "te laat" where the set list, the set pages and the CSV say
    "Open na de termijn"."""
    html = client_for(policy_staff).get(reverse("statistics")).content.decode()
    assert "na de termijn" in html
    assert "te laat" not in html.lower()


def test_in_time_is_measured_against_the_due_date_as_the_set_pages_do():
    """A set answered after a postponement notice within six weeks, or by the Kamer's own
    term, is answered in time: its page says 0 days over the term, and so do the statistics
    ("Binnen de termijn"); within three weeks counts 21 days whatever the term."""
    from kamervragen.deadlines import Deadline
    from kamervragen.models import QuestionSet

    submitted = date(2024, 3, 1)
    _set("P", submitted=submitted, answered_after=35, notice=True, ministries=[FIN])
    _set("Q", submitted=submitted, answered_after=25, ministries=[FIN])  # late: 4 days
    official = _set("R", submitted=submitted, answered_after=25, ministries=[FIN])
    official.documents.add(
        Document.objects.create(
            filename="R-q.pdf",
            sha256="Rq".ljust(64, "0"),
            kind="questions",
            date=submitted,
            metadata={"due": "2024-03-29"},  # "Beantwoordingstermijn": four weeks
        )
    )
    question_set_status_refresh([official.pk])
    answer_times_refresh()
    over = {
        s.zaak_number: Deadline.of(
            status="answered",
            due=s.due,
            submitted=s.submitted,
            answered_on=s.answered_on,
            today=TODAY,
        ).days_overdue
        for s in QuestionSet.objects.all()
    }
    assert over == {"P": 0, "Q": 4, "R": 0}
    for rows in (answer_times_by(["total"]), answer_times_computed(["total"])):
        (total,) = rows["total"]
        assert (total.timed, total.within_term, total.within_three_weeks) == (3, 2, 0)


def test_the_statuses_are_those_of_the_deadlines_rule(varied, monkeypatch):
    """The statistics take a set's status from `deadlines.answer_status`, not from a copy of
    the rule: the totals count what `status_filter` selects, and a changed rule reaches them."""
    from kamervragen import deadlines
    from kamervragen.deadlines import SetStatus, status_filter
    from kamervragen.models import QuestionSet

    def count(status):
        return QuestionSet.objects.filter(status_filter(status, today=TODAY)).count()

    for figures in (answer_times_by, answer_times_computed):
        (total,) = figures(["total"])["total"]
        assert total.answered == count(SetStatus.ANSWERED)
        assert total.overdue == count(SetStatus.OVERDUE)
        assert total.open == count(SetStatus.OPEN)
    # A rule under which no set is overdue yet: the statistics follow it.
    real = deadlines.answer_status

    def never_overdue(*, today):
        return real(today=date(1900, 1, 1))

    monkeypatch.setattr("kamervragen.statistics.answer_status", never_overdue)
    for figures in (answer_times_by, answer_times_computed):
        (total,) = figures(["total"])["total"]
        assert total.overdue == 0 and total.open == count(SetStatus.OPEN) + count(SetStatus.OVERDUE)
