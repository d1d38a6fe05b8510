"""/healthz: what the containers' healthchecks and a load balancer ask."""

import logging

import pytest
from django.core import mail
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


def test_it_answers_head_as_get(anonymous):
    """A load balancer's or `curl -I`'s HEAD was refused with 405, as on every page."""
    response = anonymous.head(reverse("healthz"))
    assert response.status_code == 200
    assert response.content == b""


def test_an_outage_it_reports_is_a_warning_not_a_mail_every_30_seconds(
    anonymous, monkeypatch, settings, caplog
):
    settings.DEBUG = False
    settings.ADMINS = [("beheer@example.nl", "beheer@example.nl")]
    monkeypatch.setattr(health, "health_problems", lambda: ["broker"])
    with caplog.at_level(logging.WARNING, logger="django.request"):
        assert anonymous.get(reverse("healthz")).status_code == 503
    assert mail.outbox == []
    (record,) = [r for r in caplog.records if r.name == "django.request"]
    assert record.levelname == "WARNING" and record.status_code == 503


def test_a_server_error_elsewhere_is_still_mailed(anonymous, settings):
    settings.DEBUG = False
    settings.ADMINS = [("beheer@example.nl", "beheer@example.nl")]
    logging.getLogger("django.request").error(
        "Service Unavailable: %s", "/elders", extra={"status_code": 503, "request": None}
    )
    assert [message.to for message in mail.outbox] == [["beheer@example.nl"]]
