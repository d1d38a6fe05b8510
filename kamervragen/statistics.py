"""Answer-time statistics per ministry, year, member and party, and their bar charts.

Each table is one aggregate query over `selectors.question_sets_with_deadlines()` (so the
deadline rule of `kamervragen.deadlines` is the one the set list uses), grouped by a key
taken from the set: a set addressed to two ministries, or asked by two members, counts under
each (once per ministry, member or party). Ministries are those of `kamervragen.ministries`
(stored per set), as the overdue page and the set list's filter have them; members are
those of `kamervragen.members` ("Verhoeven" counts under "Kees Verhoeven" where the archive
has one full name of that surname), as the set list's member filter has them. A set that
names one member twice, in two spellings, counts once for that member: the answered sets'
histogram (`VIEW`) is kept per member as the names were merged at its last refresh. The
charts are geometry for server-rendered SVG (`templates/kamervragen/_bar_chart.html`): no
JavaScript, no inline style."""

import datetime
import json
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Q
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import gettext as _

from kamervragen.deadlines import ANSWER_TERM, SetStatus, answer_status
from kamervragen.models import QuestionSet
from kamervragen.selectors import question_set_years
from kamervragen.set_filters import filter_choices


def _array(column: str) -> str:
    # A JSON value that is not a list (bad data) counts as an empty one, not an error.
    return f"CASE WHEN jsonb_typeof({column}) = 'array' THEN {column} ELSE '[]'::jsonb END"


# The keys a set is grouped under, as a lateral subquery over the set `s` giving `key` rows:
# a set counts once under each distinct key (two members of one party: once for the party;
# a minister and a state secretary of one ministry: once for the ministry, its stored
# `ministries`, distinct already; a set addressed to no known ministry is in no row).
KEYS = {
    "ministry": "SELECT e.value AS key FROM unnest(s.ministries) AS e(value)",
    # The member a name stands for (`alias`, from `kamervragen.members`), else the name.
    "member": "SELECT DISTINCT COALESCE((SELECT members FROM alias) ->> "
    "btrim(e.value ->> 'name'), btrim(e.value ->> 'name')) AS key "
    f"FROM jsonb_array_elements({_array('s.submitters')}) AS e(value)",
    "party": "SELECT DISTINCT btrim(e.value ->> 'party') AS key "
    f"FROM jsonb_array_elements({_array('s.submitters')}) AS e(value)",
}
GROUPINGS = [*KEYS, "year", "total"]
# {written: member}: the names counted under another member's, as `FilterChoices.aliases`
# gives them, one JSON object (`_alias_params`): looked up per name, no join per set (a join
# to a table of 150 names took the page from 0.7 to 1.7 s at 100,000 sets).
ALIAS_CTE = "alias (members) AS (SELECT %s::jsonb)"


def _alias_params() -> list[str]:
    return [json.dumps(filter_choices().aliases())]


# A set's status codes (`kamervragen.deadlines.SetStatus`), as SQL literals.
_ANSWERED, _OVERDUE, _AWAITING, _OPEN = (
    f"'{code}'"
    for code in [
        SetStatus.ANSWERED,
        SetStatus.OVERDUE,
        SetStatus.AWAITING_QUESTIONS,
        SetStatus.OPEN,
    ]
)


def _sets_sql(where: Q, *, today: datetime.date) -> tuple[str, list[Any]]:
    """The sets `where` selects as the statistics read them (ministries, submitters, year,
    status, postponed, in_term, days), their status compiled from
    `kamervragen.deadlines.answer_status`, so the rule is written once. `in_term`: answered
    on or before the stored due date (`QuestionSet.due`, `deadlines.due_date`); `days`:
    submission to answer."""
    sets = (
        QuestionSet.objects.filter(where)
        .order_by()
        .annotate(
            year=RawSQL("EXTRACT(YEAR FROM submitted)::int::text", []),
            status=answer_status(today=today),
            in_term=RawSQL("CASE WHEN answered THEN answered_on <= due END", []),
            days=RawSQL("CASE WHEN answered THEN answered_on - submitted END", []),
        )
        .values_list("ministries", "submitters", "year", "status", "postponed", "in_term", "days")
    )
    sql, params = sets.query.sql_with_params()
    return sql, list(params)


@dataclass(frozen=True)
class Row:
    key: str
    sets: int
    answered: int
    timed: int  # answered, with both the submission and the answer date known
    median_days: float | None
    # Of `timed`: answered on or before the due date (`QuestionSet.due`: the Kamer's term
    # or three weeks, three more after a postponement notice), as the set pages count it.
    within_term: int
    postponed: int  # a postponement notice arrived
    open: int
    overdue: int
    # Of `timed`: answered within three weeks of submission, whatever the term (the Kamer's
    # own published measure, "binnen drie weken").
    within_three_weeks: int = 0

    @property
    def within_three_weeks_pct(self) -> int | None:
        return round(100 * self.within_three_weeks / self.timed) if self.timed else None

    @property
    def within_term_pct(self) -> int | None:
        return round(100 * self.within_term / self.timed) if self.timed else None

    @property
    def postponed_pct(self) -> int | None:
        return round(100 * self.postponed / self.sets) if self.sets else None


STATISTICS_WORK_MEM = "64MB"


def _histogram_sql(groupings: list[str]) -> str:
    """(grouping, key, status, postponed, in_term, days, sets): how many sets of each key
    have each status and answer time; one hash aggregate per grouping, so nothing is
    sorted."""
    s = "s.status, s.postponed, s.in_term, s.days"
    parts = [
        f"SELECT %s::text, k.key, {s}, COUNT(*) FROM s CROSS JOIN LATERAL ({KEYS[by]}) AS k "
        "GROUP BY 2, 3, 4, 5, 6"
        for by in groupings
        if by in KEYS
    ]
    if "year" in groupings or "total" in groupings:
        # Years and the total in one pass: the total is the grouping set without the year.
        parts.append(
            "SELECT CASE WHEN GROUPING(s.year) = 1 THEN 'total' ELSE 'year' END, "
            f"COALESCE(s.year, CASE WHEN GROUPING(s.year) = 1 THEN 'total' END), {s}, COUNT(*) "
            f"FROM s GROUP BY GROUPING SETS ((s.year, {s}), ({s}))"
        )
    return " UNION ALL ".join(parts)


def _year_q(year: int | None) -> Q:
    if year is None:
        return Q()
    return Q(submitted__gte=datetime.date(year, 1, 1), submitted__lt=datetime.date(year + 1, 1, 1))


def answer_times_computed(groupings: list[str], *, year: int | None = None) -> dict[str, list[Row]]:
    """`answer_times_by` computed from the sets alone, every set per request (1-3.6 s at
    100,000 sets): the reference the view's figures are checked against in the tests.

    Rows per ministry, member, party, year or in total (`GROUPINGS`), of the sets
    submitted in `year` if given. One query over the stored status columns: a histogram of
    (key, status, answer days) per grouping, hashed, not sorted (each set is read once per
    grouping), from which the counts and the median (as PERCENTILE_CONT computes it) are
    summed per key. Before: one sort of every (set, key) pair for PERCENTILE_CONT, 2.7-3.6 s
    at 100,000 sets."""
    sets_sql, sets_params = _sets_sql(_year_q(year), today=timezone.localdate())
    sql = f"""
        WITH {ALIAS_CTE},
        s (ministries, submitters, year, status, postponed, in_term, days)
            AS NOT MATERIALIZED ({sets_sql}),
        h (grouping, key, status, postponed, in_term, days, n) AS ({_histogram_sql(groupings)}),
        timed AS (
            SELECT grouping, key, days, SUM(n) AS n,
                SUM(SUM(n)) OVER (PARTITION BY grouping, key ORDER BY days) AS upto,
                SUM(SUM(n)) OVER (PARTITION BY grouping, key) AS total
            FROM h WHERE status = {_ANSWERED} AND days IS NOT NULL
            GROUP BY grouping, key, days
        ),
        median AS (
            SELECT grouping, key, (
                MIN(days) FILTER (WHERE upto >= FLOOR((total + 1) / 2))
                + MIN(days) FILTER (WHERE upto >= FLOOR(total / 2) + 1)
            ) / 2.0 AS days
            FROM timed GROUP BY grouping, key
        )
        SELECT h.grouping, h.key,
            SUM(h.n),
            COALESCE(SUM(h.n) FILTER (WHERE h.status = {_ANSWERED}), 0),
            COALESCE(SUM(h.n) FILTER (WHERE h.status = {_ANSWERED} AND h.days IS NOT NULL), 0),
            MIN(m.days)::float,
            COALESCE(SUM(h.n) FILTER (
                WHERE h.status = {_ANSWERED} AND h.days IS NOT NULL AND h.in_term), 0),
            COALESCE(SUM(h.n) FILTER (WHERE h.postponed), 0),
            COALESCE(SUM(h.n) FILTER (WHERE h.status IN ({_OPEN}, {_AWAITING})), 0),
            COALESCE(SUM(h.n) FILTER (WHERE h.status = {_OVERDUE}), 0),
            COALESCE(SUM(h.n) FILTER (
                WHERE h.status = {_ANSWERED} AND h.days IS NOT NULL AND h.days <= %s), 0)
        FROM h LEFT JOIN median m ON m.grouping = h.grouping AND m.key = h.key
        WHERE h.key IS NOT NULL AND h.key <> ''
        GROUP BY h.grouping, h.key
    """
    params = [
        *_alias_params(),
        *sets_params,
        *(by for by in groupings if by in KEYS),
        ANSWER_TERM.days,
    ]
    rows: dict[str, list[Row]] = {by: [] for by in groupings}
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL work_mem = '{STATISTICS_WORK_MEM}'")
        # Compiling this query took longer (~0.5 s) than running it.
        cursor.execute("SET LOCAL jit = off")
        cursor.execute(sql, params)
        for grouping, key, *values in cursor.fetchall():
            if grouping in rows:
                rows[grouping].append(_row(key, values))
    return _sorted(rows)


def _row(key: str, values: list) -> Row:
    """A row from the figures in `Row`'s order after its key (a count not found is 0)."""
    sets, answered, timed, median, within, postponed, open_, overdue, three_weeks = values
    return Row(
        key=key,
        sets=int(sets or 0),
        answered=int(answered or 0),
        timed=int(timed or 0),
        median_days=median,
        within_term=int(within or 0),
        postponed=int(postponed or 0),
        open=int(open_ or 0),
        overdue=int(overdue or 0),
        within_three_weeks=int(three_weeks or 0),
    )


def _sorted(rows: dict[str, list[Row]]) -> dict[str, list[Row]]:
    for by, found in rows.items():
        if by == "year":
            found.sort(key=lambda row: row.key, reverse=True)
        else:
            found.sort(key=lambda row: (-row.sets, row.key))
    return rows


# The histogram of the answered sets, kept by migration 0016 (by ministry since 0019, by
# member since 0022; `_histogram_sql`'s pairs over the answered sets): (grouping, key,
# all_years, year, days, sets, postponed), a row per year and (all_years) one over all years.
VIEW = "kamervragen_answer_times"
# One row: the time of the last refresh, and the names merged in it (`member_aliases`, as
# `ALIAS_CTE`'s): the view reads them, as it can take no parameter.
VIEW_REFRESHED = "kamervragen_answer_times_refreshed"


def answer_times_refresh(*, concurrently: bool = True) -> None:
    """Brings the answered sets' histogram up to date, with the members as they are merged
    now, and records when. CONCURRENTLY keeps it readable meanwhile (a second refresh waits
    for the first); a few seconds at 100,000 sets."""
    how = "CONCURRENTLY " if concurrently else ""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL work_mem = '{STATISTICS_WORK_MEM}'")
        cursor.execute("SET LOCAL jit = off")
        cursor.execute(
            f"INSERT INTO {VIEW_REFRESHED} (id, refreshed_at, member_aliases) "
            "VALUES (true, clock_timestamp(), %s::jsonb) "
            "ON CONFLICT (id) DO UPDATE SET member_aliases = EXCLUDED.member_aliases",
            _alias_params(),
        )
        cursor.execute(f"REFRESH MATERIALIZED VIEW {how}{VIEW}")
        cursor.execute(
            f"INSERT INTO {VIEW_REFRESHED} (id, refreshed_at) VALUES (true, clock_timestamp()) "
            "ON CONFLICT (id) DO UPDATE SET refreshed_at = EXCLUDED.refreshed_at"
        )


def answer_times_refreshed_at() -> datetime.datetime | None:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT refreshed_at FROM {VIEW_REFRESHED}")
        found = cursor.fetchone()
    return found[0] if found else None


def answer_times_by(groupings: list[str], *, year: int | None = None) -> dict[str, list[Row]]:
    """Rows per ministry, member, party, year or in total (`GROUPINGS`), of the sets
    submitted in `year` if given; the same figures as `answer_times_computed`, in two small
    queries. The answered sets' counts and medians from the view (`answer_times_refresh`,
    as of its last refresh): the histogram summed per key. The open and overdue counts (a
    set's status changes with the date) live from the unanswered sets only, through the
    partial indexes on `answered = false`."""
    keyed = [by for by in groupings if by in KEYS]
    answered_params: list[Any] = []
    where_view = "all_years AND year IS NULL"
    if year is not None:
        where_view, answered_params = "NOT all_years AND year = %s", [year]
    if set(groupings) != set(GROUPINGS):
        where_view += " AND grouping = ANY(%s)"
        answered_params.append(list(groupings))
    # In one pass: the running count of the timed sets by answer days gives the median (as
    # PERCENTILE_CONT computes it: the mean of the middle two).
    # The view's members are those of its last refresh (a name merged or parted since moves
    # at the next); a name merged since (`alias`, now) joins its member's histogram here (a
    # set naming it and its member then counts twice until the next refresh).
    answered_sql = f"""
        WITH {ALIAS_CTE}
        SELECT grouping, key, SUM(sets),
            COALESCE(SUM(sets) FILTER (WHERE days IS NOT NULL), 0),
            ((MIN(days) FILTER (WHERE upto >= FLOOR((timed + 1) / 2))
                + MIN(days) FILTER (WHERE upto >= FLOOR(timed / 2) + 1)) / 2.0)::float,
            COALESCE(SUM(in_term) FILTER (WHERE days IS NOT NULL), 0),
            SUM(postponed),
            COALESCE(SUM(sets) FILTER (WHERE days <= %s), 0)
        FROM (
            SELECT grouping, key, days, sets, postponed, in_term,
                SUM(sets) FILTER (WHERE days IS NOT NULL)
                    OVER (PARTITION BY grouping, key ORDER BY days) AS upto,
                SUM(sets) FILTER (WHERE days IS NOT NULL) OVER (PARTITION BY grouping, key)
                    AS timed
            FROM (
                SELECT grouping, COALESCE(CASE WHEN grouping = 'member'
                        THEN (SELECT members FROM alias) ->> key END, key) AS key,
                    days, sets, postponed, in_term
                FROM {VIEW} WHERE {where_view}
            ) AS v
        ) AS h
        GROUP BY grouping, key
    """
    alias_params = _alias_params()
    answered_params = [*alias_params, ANSWER_TERM.days, *answered_params]

    sets_sql, sets_params = _sets_sql(Q(answered=False) & _year_q(year), today=timezone.localdate())
    open_sql = f"""
        WITH {ALIAS_CTE},
        s (ministries, submitters, year, status, postponed, in_term, days)
            AS MATERIALIZED ({sets_sql}),
        h (grouping, key, status, postponed, in_term, days, n) AS ({_histogram_sql(groupings)})
        SELECT grouping, key, SUM(n),
            COALESCE(SUM(n) FILTER (WHERE postponed), 0),
            COALESCE(SUM(n) FILTER (WHERE status IN ({_OPEN}, {_AWAITING})), 0),
            COALESCE(SUM(n) FILTER (WHERE status = {_OVERDUE}), 0)
        FROM h WHERE key IS NOT NULL AND key <> ''
        GROUP BY grouping, key
    """
    open_params = [*alias_params, *sets_params, *keyed]

    figures: dict[tuple[str, str], list[int | float | None]] = {}
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL jit = off")
        cursor.execute(answered_sql, answered_params)
        for (
            grouping,
            key,
            answered,
            timed,
            median,
            within,
            postponed,
            three_weeks,
        ) in cursor.fetchall():
            # sets, answered, timed, median, within, postponed, open, overdue, three weeks
            figures[grouping, key] = [
                answered,
                answered,
                timed,
                median,
                within,
                postponed,
                0,
                0,
                three_weeks,
            ]
        cursor.execute(open_sql, open_params)
        for grouping, key, sets, postponed, open_, overdue in cursor.fetchall():
            row = figures.setdefault((grouping, key), [0, 0, 0, None, 0, 0, 0, 0, 0])
            row[0] = int(row[0] or 0) + sets
            row[5] = int(row[5] or 0) + postponed
            row[6], row[7] = open_, overdue
    rows: dict[str, list[Row]] = {by: [] for by in groupings}
    for (grouping, key), values in figures.items():
        if grouping in rows:
            rows[grouping].append(_row(key, values))
    return _sorted(rows)


def answer_times(by: str, *, year: int | None = None, limit: int | None = None) -> list[Row]:
    """One row per ministry, member, party or year (`by`, a key of `GROUPINGS`), the `limit`
    with the most sets (for years: the newest)."""
    return answer_times_by([by], year=year)[by][:limit]


# charts -----------------------------------------------------------------------------------

# Room for the group's name left of the bars: LABEL_CHARS at 12 px (about 7 px each in
# DejaVu Sans) end 8 px before the bars; 30 in 192 px pushed a long ministry's first
# letter off the chart.
LABEL_WIDTH = 220
BAR_AREA = 260
VALUE_ROOM = 70  # the figure after the bar
ROW_HEIGHT = 24
BAR_HEIGHT = 16
TOP = 8
LABEL_CHARS = 28
MAX_BARS = 20


@dataclass(frozen=True)
class Segment:
    css: str
    x: float
    width: float


@dataclass(frozen=True)
class Bar:
    label: str  # shortened to fit; `full_label` in the SVG <title>
    full_label: str
    y: float
    text_y: float
    segments: list[Segment]
    value_text: str
    value_x: float


@dataclass(frozen=True)
class Marker:
    """A vertical reference line, e.g. the three-week term."""

    x: float
    label: str


@dataclass(frozen=True)
class Chart:
    key: str  # unique on the page, for the ids of its title and description
    title: str
    description: str
    bars: list[Bar]
    legend: list[tuple[str, str]] = field(default_factory=list)  # (css, label)
    marker: Marker | None = None
    width: int = LABEL_WIDTH + BAR_AREA + VALUE_ROOM
    label_x: int = LABEL_WIDTH - 8
    bar_x: int = LABEL_WIDTH

    @property
    def height(self) -> int:
        return TOP * 2 + ROW_HEIGHT * max(len(self.bars), 1) + (ROW_HEIGHT if self.marker else 0)

    @property
    def axis_bottom(self) -> int:
        return TOP + ROW_HEIGHT * max(len(self.bars), 1)

    @property
    def marker_label_y(self) -> int:
        return self.axis_bottom + ROW_HEIGHT - 8


def _shorten(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1].rstrip() + "…"


def bar_chart(
    *,
    key: str,
    title: str,
    description: str,
    rows: list[tuple[str, list[tuple[str, float]], str]],
    legend: list[tuple[str, str]] | None = None,
    marker: tuple[float, str] | None = None,
) -> Chart:
    """Horizontal bars, one per (label, [(css class, value), …] stacked, figure shown)."""
    rows = rows[:MAX_BARS]
    largest = max(
        [sum(value for _css, value in segments) for _label, segments, _text in rows]
        + [marker[0] if marker else 0, 1]
    )
    scale = BAR_AREA / (largest * 1.05)
    bars = []
    for index, (label, segments, text) in enumerate(rows):
        y = TOP + index * ROW_HEIGHT + (ROW_HEIGHT - BAR_HEIGHT) / 2
        x = float(LABEL_WIDTH)
        pieces = []
        for css, value in segments:
            width = round(max(value, 0) * scale, 1)
            pieces.append(Segment(css, round(x, 1), width))
            x += width
        bars.append(
            Bar(
                label=_shorten(label),
                full_label=label,
                y=round(y, 1),
                text_y=round(y + BAR_HEIGHT - 3, 1),
                segments=pieces,
                value_text=text,
                value_x=round(x + 6, 1),
            )
        )
    line = Marker(round(LABEL_WIDTH + marker[0] * scale, 1), marker[1]) if marker else None
    return Chart(key, title, description, bars, legend or [], line)


def _days(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}".replace(".", ",").replace(",0", "")


def answer_time_chart(rows: list[Row], *, key: str, title: str) -> Chart:
    term = ANSWER_TERM.days
    return bar_chart(
        key=f"{key}-time",
        title=title,
        description=_(
            "Mediaan aantal dagen van indienen tot antwoord; de lijn is de termijn van %(days)s "
            "dagen."
        )
        % {"days": term},
        rows=[
            (row.key, [("bar-time", row.median_days or 0)], _days(row.median_days))
            for row in rows
            if row.median_days is not None
        ],
        marker=(term, _("termijn: %(days)s dagen") % {"days": term}),
    )


def open_sets_chart(rows: list[Row], *, key: str, title: str) -> Chart:
    rows = sorted((r for r in rows if r.open or r.overdue), key=lambda r: -(r.open + r.overdue))
    return bar_chart(
        key=f"{key}-open",
        title=title,
        description=_("Openstaande vragensets nu: binnen de termijn en na de termijn."),
        rows=[
            (
                row.key,
                [("bar-open", row.open), ("bar-overdue", row.overdue)],
                f"{row.open} + {row.overdue}",
            )
            for row in rows
        ],
        legend=[("bar-open", _("open, binnen de termijn")), ("bar-overdue", _("na de termijn"))],
    )


# the page ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Section:
    slug: str
    title: str
    key_label: str
    rows: list[Row]
    charts: list[Chart]
    note: str = ""


MEMBERS_SHOWN = 30


def statistics_page(*, year: int | None = None) -> dict:
    """What the statistics page shows: the totals and a table with charts per grouping."""
    rows = answer_times_by(["ministry", "year", "member", "party", "total"], year=year)
    ministries, years, parties, totals = (rows[by] for by in ["ministry", "year", "party", "total"])
    members = rows["member"][:MEMBERS_SHOWN]
    sections = [
        Section(
            "ministerie",
            _("Per ministerie"),
            _("Ministerie"),
            ministries,
            [
                answer_time_chart(
                    ministries, key="ministerie", title=_("Antwoordtijd per ministerie")
                ),
                open_sets_chart(
                    ministries,
                    key="ministerie",
                    title=_("Open en na de termijn per ministerie, nu"),
                ),
            ],
            _(
                "Een vragenset aan een minister en een staatssecretaris van één ministerie telt "
                "daar één keer. Vragensets zonder ministerie (gericht aan ‘de Minister’) staan "
                "niet in deze tabel, wel in de totalen."
            ),
        ),
        Section(
            "jaar",
            _("Per jaar"),
            _("Jaar"),
            years,
            [answer_time_chart(years, key="jaar", title=_("Antwoordtijd per jaar"))],
        ),
        Section(
            "partij",
            _("Per partij"),
            _("Partij"),
            parties,
            [
                answer_time_chart(parties, key="partij", title=_("Antwoordtijd per partij")),
                open_sets_chart(
                    parties, key="partij", title=_("Open en na de termijn per partij, nu")
                ),
            ],
        ),
        Section(
            "kamerlid",
            _("Per Kamerlid (de %(count)s met de meeste vragensets)") % {"count": MEMBERS_SHOWN},
            _("Kamerlid"),
            members,
            [answer_time_chart(members, key="kamerlid", title=_("Antwoordtijd per Kamerlid"))],
        ),
    ]
    return {
        "total": totals[0] if totals else None,
        "sections": sections,
        "computed_at": timezone.localtime(),
        "answer_times_refreshed_at": answer_times_refreshed_at(),
        "years": question_set_years(),  # for the year filter
    }


def statistics_page_cached(*, year: int | None = None) -> dict:
    """`statistics_page`, kept in the cache until the answer times are next refreshed (Celery
    beat, every five minutes), `STATISTICS_CACHE_SECONDS` at most: computing it takes ~200 ms
    at 100,000 sets. The key holds the refresh time (a one-row table), so every process sees
    a refresh at once, whatever the cache (a per-process memory cache too), and the page
    reflects a change within one refresh interval, not a refresh plus a cache period."""
    seconds = settings.STATISTICS_CACHE_SECONDS
    if not seconds:
        return statistics_page(year=year)
    refreshed_at = answer_times_refreshed_at()
    refreshed = refreshed_at.isoformat() if refreshed_at else "never"
    key = f"kamervragen-statistics:{refreshed}:{year or 'all'}"
    page = cache.get(key)
    if page is None:
        page = statistics_page(year=year)
        cache.set(key, page, seconds)
    return page
