"""The interface speaks Dutch whatever language the browser asks for: the project has no
other catalog, so a browser set to English must not get Django's English month names and
Dutch labels side by side."""

import datetime

import pytest
from django.urls import reverse

from kamervragen.deadlines import due_date
from kamervragen.models import QuestionSet

pytestmark = pytest.mark.django_db

SUBMITTED = datetime.date(2023, 6, 23)


def test_a_browser_asking_for_english_gets_dutch_dates_and_labels(client_for, policy_staff):
    QuestionSet.objects.create(
        title="Vragen over scanners",
        submitted=SUBMITTED,
        answered=False,
        due=due_date(submitted=SUBMITTED, postponed=False),
    )
    client = client_for(policy_staff)

    page = client.get(reverse("question_set_list"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")

    html = page.content.decode()
    assert page.status_code == 200
    assert page.headers["Content-Language"] == "nl"
    assert "23 juni 2023" in html
    assert "June" not in html and "July" not in html
