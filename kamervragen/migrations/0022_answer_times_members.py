"""The answer-time view of migration 0019 keyed by member (`kamervragen.members`), not by
the name as written: a set whose submitters name one member twice ("Verhoeven" and "Kees
Verhoeven") was counted under both names, and the statistics then summed both rows under
the member, so the set counted twice among that member's answered sets. Keyed per set by
member, with DISTINCT, it counts once.

The view cannot take the names to merge as a parameter, so `statistics.answer_times_refresh`
writes them (`FilterChoices.aliases`, {written: member}) into the one-row table of the
refresh time before each refresh; here they are filled from the archive as the code merges
names today, and the view built again from them."""

import json

from django.db import migrations

ADD_COLUMN = """
ALTER TABLE kamervragen_answer_times_refreshed
    ADD COLUMN member_aliases jsonb NOT NULL DEFAULT '{}'::jsonb;
"""
DROP_COLUMN = "ALTER TABLE kamervragen_answer_times_refreshed DROP COLUMN member_aliases;"


def aliases_fill(apps, schema_editor) -> None:
    from kamervragen.members import members_by_name  # the merging of today, as the code's

    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT s->>'name', s->>'party' FROM kamervragen_questionset, "
            "jsonb_array_elements(CASE jsonb_typeof(submitters) WHEN 'array' "
            "THEN submitters ELSE '[]'::jsonb END) s"
        )
        member_of = members_by_name(cursor.fetchall())
        aliases = {
            written.strip(): member
            for written, member in member_of.items()
            if written.strip() != member
        }
        cursor.execute(
            "UPDATE kamervragen_answer_times_refreshed SET member_aliases = %s::jsonb",
            [json.dumps(aliases)],
        )


def _array(column: str) -> str:
    return f"CASE WHEN jsonb_typeof({column}) = 'array' THEN {column} ELSE '[]'::jsonb END"


NAME = "btrim(e.value ->> 'name')"
MEMBER_KEYS = {
    "before": "SELECT DISTINCT btrim(e.value ->> 'name') AS key "
    f"FROM jsonb_array_elements({_array('s.submitters')}) AS e(value)",
    # The member a name stands for, as of the last refresh, else the name (as
    # `statistics.KEYS`, whose `alias` this table's column is).
    "after": "SELECT DISTINCT COALESCE((SELECT member_aliases "
    f"FROM kamervragen_answer_times_refreshed) ->> {NAME}, {NAME}) AS key "
    f"FROM jsonb_array_elements({_array('s.submitters')}) AS e(value)",
}


def view(member_key: str) -> str:
    """Migration 0019's view and indexes, with the members read as `member_key` says."""
    keys = {
        "ministry": "SELECT e.value AS key FROM unnest(s.ministries) AS e(value)",
        "member": member_key,
        "party": "SELECT DISTINCT btrim(e.value ->> 'party') AS key "
        f"FROM jsonb_array_elements({_array('s.submitters')}) AS e(value)",
    }
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
    SELECT ministries, submitters, EXTRACT(YEAR FROM submitted)::int AS year, postponed,
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
        ("kamervragen", "0021_link_event_status_names"),
    ]

    operations = [
        migrations.RunSQL(ADD_COLUMN, DROP_COLUMN),
        migrations.RunPython(aliases_fill, migrations.RunPython.noop),
        migrations.RunSQL(view(MEMBER_KEYS["after"]), view(MEMBER_KEYS["before"])),
    ]
