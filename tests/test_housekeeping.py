"""The periodic upkeep that Celery beat sends."""

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone

from kamervragen.celery import app
from kamervragen.housekeeping import sessions_clear_expired

pytestmark = pytest.mark.django_db


def test_every_scheduled_task_is_one_the_worker_knows():
    app.loader.import_default_modules()
    assert app.conf.beat_schedule
    for entry in app.conf.beat_schedule.values():
        assert entry["task"] in app.tasks


def test_expired_sessions_are_cleared_and_live_ones_kept():
    now = timezone.now()
    Session.objects.create(session_key="old", session_data="", expire_date=now - timedelta(1))
    Session.objects.create(session_key="live", session_data="", expire_date=now + timedelta(1))

    sessions_clear_expired()

    assert list(Session.objects.values_list("session_key", flat=True)) == ["live"]
