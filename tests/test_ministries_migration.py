"""The migration that stores each set's ministries fills them for the sets already there, and
the statistics' answer-time view groups by them; backwards, by the addressees' titles again."""

import pytest
from django.db import connection

from tests.test_question_ties_migration import _migrate

BEFORE = [("kamervragen", "0018_dutch_field_names")]


def _view_keys() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("REFRESH MATERIALIZED VIEW kamervragen_answer_times")
        cursor.execute(
            "SELECT DISTINCT key FROM kamervragen_answer_times "
            "WHERE grouping = 'ministry' ORDER BY key"
        )
        return [key for (key,) in cursor.fetchall()]


@pytest.mark.django_db(transaction=True)
def test_the_sets_ministries_are_filled_and_the_view_groups_by_them():
    old = _migrate(BEFORE)
    QuestionSet = old.get_model("kamervragen", "QuestionSet")
    titles = ["Minister van Financiën", "Staatssecretaris van Financiën"]
    rows = [
        ("A", titles),
        ("B", ["Minister voor Rechtsbescherming"]),
        ("C", ["Minister"]),
        ("D", "not a list"),
        ("E", titles),
    ]
    for zaak, addressed_to in rows:
        QuestionSet.objects.create(
            zaak_number=zaak, addressed_to=addressed_to, answered=True, submitted="2024-01-02"
        )
    assert _view_keys() == [
        "Minister",
        "Minister van Financiën",
        "Minister voor Rechtsbescherming",
        "Staatssecretaris van Financiën",
    ]

    new = _migrate()
    QuestionSet = new.get_model("kamervragen", "QuestionSet")
    assert dict(QuestionSet.objects.values_list("zaak_number", "ministries")) == {
        "A": ["Financiën"],
        "B": ["Justitie en Veiligheid"],
        "C": [],
        "D": [],
        "E": ["Financiën"],
    }
    assert _view_keys() == ["Financiën", "Justitie en Veiligheid"]

    _migrate(BEFORE)
    assert "Minister" in _view_keys()
    _migrate()  # the other tests expect the latest schema
