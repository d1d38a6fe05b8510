"""Each set's ministries stored on it (`QuestionSet.ministries`, from
`kamervragen.ministries.ministries_of`), and the answer-time view of migration 0016 grouped
by them instead of by the addressees' titles: "Minister van Financiën" and "Staatssecretaris
van Financiën" were two rows of the statistics' "Per ministerie" table, and "Minister" (a set
addressed "aan de Minister") one of its own. A set addressed to a minister and a state
secretary of one ministry counts once for it; a set of no known ministry is in no row.

The existing sets are filled here, one UPDATE over the distinct addressee lists (a few
hundred in decades of sets); later ones by `QuestionSet.save` and
`question_set_status_refresh` (`manage.py refresh-statuses` fills all again)."""

import json

import django.contrib.postgres.fields
from django.db import migrations, models


def ministries_fill(apps, schema_editor) -> None:
    from kamervragen.ministries import ministries_of  # the mapping of today, as the code's

    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT DISTINCT addressed_to FROM kamervragen_questionset")
        # Django has psycopg hand over jsonb as its text.
        values = [json.loads(value) for (value,) in cursor.fetchall() if value is not None]
        pairs = [[value, ministries_of(value)] for value in values]
        pairs = [pair for pair in pairs if pair[1]]
        if not pairs:
            return
        cursor.execute(
            "UPDATE kamervragen_questionset AS s "
            "SET ministries = ARRAY(SELECT jsonb_array_elements_text(m.value -> 1)) "
            "FROM jsonb_array_elements(%s::jsonb) AS m(value) "
            "WHERE s.addressed_to = m.value -> 0",
            [json.dumps(pairs)],
        )


def _array(column: str) -> str:
    return f"CASE WHEN jsonb_typeof({column}) = 'array' THEN {column} ELSE '[]'::jsonb END"


MEMBER_KEYS = {
    "member": "SELECT DISTINCT btrim(e.value ->> 'name') AS key "
    f"FROM jsonb_array_elements({_array('s.submitters')}) AS e(value)",
    "party": "SELECT DISTINCT btrim(e.value ->> 'party') AS key "
    f"FROM jsonb_array_elements({_array('s.submitters')}) AS e(value)",
}
# The ministry keys before (0016: the addressees' titles) and now (`statistics.KEYS`).
TITLES = (
    "addressed_to",
    "SELECT DISTINCT btrim(e.value) AS key "
    f"FROM jsonb_array_elements_text({_array('s.addressed_to')}) AS e(value)",
)
MINISTRIES = ("ministries", "SELECT e.value AS key FROM unnest(s.ministries) AS e(value)")


def view(ministry: tuple[str, str]) -> str:
    """Migration 0016's view and indexes, with the ministries read as `ministry` says."""
    column, ministry_key = ministry
    keys = {"ministry": ministry_key, **MEMBER_KEYS}
    parts = " UNION ALL ".join(
        f"SELECT '{by}'::text, k.key, s.year, s.postponed, s.days "
        f"FROM s CROSS JOIN LATERAL ({sql}) AS k"
        for by, sql in keys.items()
    )
    return f"""
DROP MATERIALIZED VIEW IF EXISTS kamervragen_answer_times;
CREATE MATERIALIZED VIEW kamervragen_answer_times
    (grouping, key, all_years, year, days, sets, postponed) AS
WITH s AS NOT MATERIALIZED (
    SELECT {column}, submitters, EXTRACT(YEAR FROM submitted)::int AS year, postponed,
        answered_on - submitted AS days
    FROM kamervragen_questionset WHERE answered
),
pairs (grouping, key, year, postponed, days) AS (
    {parts}
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
CREATE INDEX kamervragen_answer_times_year
    ON kamervragen_answer_times (all_years, year, grouping, key, days) INCLUDE (sets, postponed);
UPDATE kamervragen_answer_times_refreshed SET refreshed_at = clock_timestamp();
ANALYZE kamervragen_answer_times;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("kamervragen", "0018_dutch_field_names"),
    ]

    operations = [
        migrations.AddField(
            model_name="questionset",
            name="ministries",
            field=django.contrib.postgres.fields.ArrayField(
                base_field=models.TextField(),
                blank=True,
                default=list,
                editable=False,
                size=None,
                verbose_name="ministeries",
            ),
        ),
        migrations.RunPython(ministries_fill, migrations.RunPython.noop),
        migrations.RunSQL(view(MINISTRIES), view(TITLES)),
    ]
