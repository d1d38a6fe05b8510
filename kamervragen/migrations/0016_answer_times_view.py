"""The answer-time histogram of the ANSWERED question sets, pre-aggregated in a materialized
view (`kamervragen.statistics`): one row per (grouping, key, submitted year, answer
days) with the number of sets and of those postponed, and the same over all years. Those figures never change with the date, so the
statistics page reads them from here (small) and counts only the open sets live. Refreshed
CONCURRENTLY (hence the unique index) by `statistics.answer_times_refresh`, every five
minutes from Celery beat; the time of the last refresh is kept in a one-row table.

The SQL is the histogram `statistics.answer_times_computed` builds per request (its KEYS),
restricted to answered sets; tests check both give the same figures."""

from django.db import migrations


def _array(column: str) -> str:
    return f"CASE WHEN jsonb_typeof({column}) = 'array' THEN {column} ELSE '[]'::jsonb END"


KEYS = {
    "ministry": "SELECT DISTINCT btrim(e.value) AS key "
    f"FROM jsonb_array_elements_text({_array('s.addressed_to')}) AS e(value)",
    "member": "SELECT DISTINCT btrim(e.value ->> 'name') AS key "
    f"FROM jsonb_array_elements({_array('s.submitters')}) AS e(value)",
    "party": "SELECT DISTINCT btrim(e.value ->> 'party') AS key "
    f"FROM jsonb_array_elements({_array('s.submitters')}) AS e(value)",
}
_PARTS = " UNION ALL ".join(
    f"SELECT '{by}'::text, k.key, s.year, s.postponed, s.days "
    f"FROM s CROSS JOIN LATERAL ({sql}) AS k"
    for by, sql in KEYS.items()
)
# One row per (grouping, key, year, days) and, `all_years`, per (grouping, key, days) for the
# page without a year (a tenth of the rows); `sets` and of those `postponed`. The keys in
# the "C" collation: the page sorts them by key to sum the days in order, and a Dutch
# collation made that sort 5 times slower.
CREATE = f"""
CREATE MATERIALIZED VIEW kamervragen_answer_times
    (grouping, key, all_years, year, days, sets, postponed) AS
WITH s AS NOT MATERIALIZED (
    SELECT addressed_to, submitters, EXTRACT(YEAR FROM submitted)::int AS year, postponed,
        answered_on - submitted AS days
    FROM kamervragen_questionset WHERE answered
),
pairs (grouping, key, year, postponed, days) AS (
    {_PARTS}
    UNION ALL
    SELECT 'year', s.year::text, s.year, s.postponed, s.days FROM s
    UNION ALL
    SELECT 'total', 'total', s.year, s.postponed, s.days FROM s
)
SELECT grouping COLLATE "C", key COLLATE "C", GROUPING(year) = 1, year, days, COUNT(*),
    COUNT(*) FILTER (WHERE postponed)
FROM pairs
WHERE key IS NOT NULL AND key <> ''
GROUP BY GROUPING SETS ((grouping, key, year, days), (grouping, key, days));
CREATE UNIQUE INDEX kamervragen_answer_times_key
    ON kamervragen_answer_times (grouping, key, all_years, year, days) NULLS NOT DISTINCT;
-- The page reads all years or one, from this index alone.
CREATE INDEX kamervragen_answer_times_year
    ON kamervragen_answer_times (all_years, year, grouping, key, days) INCLUDE (sets, postponed);
CREATE TABLE kamervragen_answer_times_refreshed (
    id boolean PRIMARY KEY DEFAULT true CHECK (id),
    refreshed_at timestamptz NOT NULL
);
INSERT INTO kamervragen_answer_times_refreshed (refreshed_at) VALUES (clock_timestamp());
ANALYZE kamervragen_answer_times;
"""
DROP = """
DROP TABLE IF EXISTS kamervragen_answer_times_refreshed;
DROP MATERIALIZED VIEW IF EXISTS kamervragen_answer_times;
"""


class Migration(migrations.Migration):
    dependencies = [("kamervragen", "0015_link_review_queue_index")]

    operations = [migrations.RunSQL(CREATE, DROP)]
