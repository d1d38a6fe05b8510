"""A minister without a ministry of their own is sometimes addressed "Minister van …" in
published questions ("… aan de Minister van Rechtsbescherming over …", 2021Z14617): the
overdue list, the filters and the statistics named a ministry "Rechtsbescherming" that does
not exist, beside the Justitie en Veiligheid it works from."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from kamervragen.ingestion.question_sets import question_set_status_refresh
from kamervragen.ministries import ministry_of
from kamervragen.models import QuestionSet

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("addressee", "ministry"),
    [
        ("Minister van Rechtsbescherming", "Justitie en Veiligheid"),
        ("Minister van Migratie", "Justitie en Veiligheid"),
        ("Minister van Medische Zorg", "Volksgezondheid, Welzijn en Sport"),
        # A ministry of this name exists since 2024: written "van", it is that ministry.
        (
            "Minister van Volkshuisvesting en Ruimtelijke Ordening",
            "Volkshuisvesting en Ruimtelijke Ordening",
        ),
        (
            "Minister voor Volkshuisvesting en Ruimtelijke Ordening",
            "Binnenlandse Zaken en Koninkrijksrelaties",
        ),
    ],
)
def test_a_minister_without_portfolio_written_van_works_from_a_ministry(addressee, ministry):
    assert ministry_of(addressee) == ministry


def test_a_set_to_the_minister_van_rechtsbescherming_is_overdue_at_justitie_en_veiligheid(
    client_for, policy_staff
):
    question_set = QuestionSet.objects.create(
        zaak_number="2021Z14617",
        title="Clearview AI",
        addressed_to=["Minister van Rechtsbescherming"],
        submitted=timezone.localdate() - timedelta(days=60),
    )
    question_set_status_refresh([question_set.pk])
    response = client_for(policy_staff).get(reverse("overdue_by_ministry"))
    assert [group.ministry for group in response.context["ministries"]] == [
        "Justitie en Veiligheid"
    ]
    question_set.refresh_from_db()
    assert question_set.ministries == ["Justitie en Veiligheid"]
