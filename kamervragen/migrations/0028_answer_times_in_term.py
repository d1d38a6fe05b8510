"""The answer-time view of migration 0022 with `in_term`: of each row's sets, those answered
on or before their stored due date (`QuestionSet.due`: the Kamer's term or three weeks,
three more after a postponement notice, as `kamervragen.deadlines.due_date` gives it), so
the statistics measure "in time" as the set pages do ("Dagen over de termijn" 0)."""

from django.db import migrations


def _array(column: str) -> str:
    return f"CASE WHEN jsonb_typeof({column}) = 'array' THEN {column} ELSE '[]'::jsonb END"


NAME = "btrim(e.value ->> 'name')"
KEYS = {
    "ministry": "SELECT e.value AS key FROM unnest(s.ministries) AS e(value)",
    "member": "SELECT DISTINCT COALESCE((SELECT member_aliases "
    f"FROM kamervragen_answer_times_refreshed) ->> {NAME}, {NAME}) AS key "
    f"FROM jsonb_array_elements({_array('s.submitters')}) AS e(value)",
    "party": "SELECT DISTINCT btrim(e.value ->> 'party') AS key "
    f"FROM jsonb_array_elements({_array('s.submitters')}) AS e(value)",
}


def view(*, in_term: bool) -> str:
    """Migration 0022's view, with the `in_term` column or (backwards) without it."""
    parts = " UNION ALL ".join(
        f"SELECT '{by}'::text, k.key, s.year, s.postponed, s.in_term, s.days "
        f"FROM s CROSS JOIN LATERAL ({sql}) AS k"
        for by, sql in KEYS.items()
    )
    columns = "sets, postponed, in_term" if in_term else "sets, postponed"
    in_term_count = ", COUNT(*) FILTER (WHERE in_term)" if in_term else ""
    return f"""
DROP MATERIALIZED VIEW IF EXISTS kamervragen_answer_times;
CREATE MATERIALIZED VIEW kamervragen_answer_times
    (grouping, key, all_years, year, days, {columns}) AS
WITH s AS NOT MATERIALIZED (
    SELECT ministries, submitters, EXTRACT(YEAR FROM submitted)::int AS year, postponed,
        answered_on <= due AS in_term, answered_on - submitted AS days
    FROM kamervragen_questionset WHERE answered
),
pairs (grouping, key, year, postponed, in_term, days) AS (
    {parts}
    UNION ALL
    SELECT 'year', s.year::text, s.year, s.postponed, s.in_term, s.days FROM s
    UNION ALL
    SELECT 'total', 'total', s.year, s.postponed, s.in_term, s.days FROM s
)
SELECT grouping COLLATE "C", key COLLATE "C", GROUPING(year) = 1, year, days, COUNT(*),
    COUNT(*) FILTER (WHERE postponed){in_term_count}
FROM pairs
WHERE key IS NOT NULL AND key <> ''
GROUP BY GROUPING SETS ((grouping, key, year, days), (grouping, key, days));
CREATE UNIQUE INDEX kamervragen_answer_times_key
    ON kamervragen_answer_times (grouping, key, all_years, year, days) NULLS NOT DISTINCT;
CREATE INDEX kamervragen_answer_times_year
    ON kamervragen_answer_times (all_years, year, grouping, key, days) INCLUDE ({columns});
UPDATE kamervragen_answer_times_refreshed SET refreshed_at = clock_timestamp();
ANALYZE kamervragen_answer_times;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("kamervragen", "0027_link_constraint_messages"),
    ]

    operations = [
        migrations.RunSQL(view(in_term=True), view(in_term=False)),
    ]
