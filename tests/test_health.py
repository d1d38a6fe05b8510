"""/healthz: what the containers' healthchecks and a load balancer ask."""

import pytest
from django.db import OperationalError
from django.urls import reverse

from kamervragen import health

pytestmark = pytest.mark.django_db


def test_it_answers_ok_to_anyone_when_database_and_broker_are_reachable(anonymous):
    response = anonymous.get(reverse("healthz"))
    assert (response.status_code, response.json()) == (200, {"status": "ok"})
    assert "no-cache" in response["Cache-Control"]


def test_it_names_an_unreachable_broker(anonymous, monkeypatch):
    # Celery reads CELERY_BROKER_URL from the environment before its settings.
    monkeypatch.setenv("CELERY_BROKER_URL", "redis://127.0.0.1:1/0")  # nothing listens there
    response = anonymous.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "unreachable": ["broker"]}


def test_it_names_an_unreachable_database(anonymous, monkeypatch):
    class Unreachable:
        def cursor(self):
            raise OperationalError("connection refused")

    monkeypatch.setattr(health, "connection", Unreachable())
    response = anonymous.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["unreachable"] == ["database"]


def test_it_rejects_post(anonymous):
    assert anonymous.post(reverse("healthz")).status_code == 405
