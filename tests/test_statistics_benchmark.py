"""`benchmark-statistics` generates its sets, times the page and leaves no trace."""

import io

import pytest
from django.core.management import call_command

from kamervragen.models import QuestionSet

pytestmark = pytest.mark.django_db


def test_it_times_the_statistics_page_against_generated_sets_and_rolls_back():
    out = io.StringIO()
    call_command("benchmark-statistics", question_sets=60, repeat=1, cold_repeat=1, stdout=out)
    text = out.getvalue()
    assert "generated 60 question sets" in text
    assert not QuestionSet.objects.exists()
