"""Errors reach someone: mail to ADMINS, Sentry when a DSN is set, logs as JSON lines."""

import json
import logging
import sys
from types import SimpleNamespace

import pytest
from django.core import mail
from django.core.exceptions import ImproperlyConfigured

from kamervragen.observability import JsonFormatter, sentry_init


def test_an_error_logged_anywhere_is_mailed_to_the_admins(settings):
    settings.DEBUG = False
    settings.ADMINS = [("beheer@example.nl", "beheer@example.nl")]
    logging.getLogger("kamervragen.ingestion.recipe").error("Ingesting document %s failed", 7)
    assert [message.to for message in mail.outbox] == [["beheer@example.nl"]]
    assert "Ingesting document 7 failed" in mail.outbox[0].subject


def test_with_debug_on_nothing_is_mailed(settings):
    settings.DEBUG = True
    settings.ADMINS = [("beheer@example.nl", "beheer@example.nl")]
    logging.getLogger("kamervragen").error("boom")
    assert mail.outbox == []


def test_a_json_log_line_carries_the_extras_and_the_exception():
    try:
        raise ValueError("bad page")
    except ValueError:
        record = logging.getLogger("documents").makeRecord(
            "documents",
            logging.ERROR,
            __file__,
            1,
            "Page %s",
            (3,),
            sys.exc_info(),
            extra={"document_id": 7},
        )
    line = json.loads(JsonFormatter().format(record))
    assert {k: line[k] for k in ("level", "logger", "message", "document_id")} == {
        "level": "ERROR",
        "logger": "documents",
        "message": "Page 3",
        "document_id": 7,
    }
    assert line["exception"].endswith("ValueError: bad page")


def test_sentry_is_off_without_a_dsn(monkeypatch):
    monkeypatch.setitem(sys.modules, "sentry_sdk", None)  # importing it would fail
    sentry_init("")


def test_a_dsn_without_sentry_sdk_is_refused_at_start_up(monkeypatch):
    monkeypatch.setitem(sys.modules, "sentry_sdk", None)
    with pytest.raises(ImproperlyConfigured, match=r"pip install '\.\[sentry\]'"):
        sentry_init("https://key@sentry.example.nl/1")


def test_with_a_dsn_sentry_gets_errors_without_personal_data(monkeypatch):
    calls = []
    monkeypatch.setitem(
        sys.modules, "sentry_sdk", SimpleNamespace(init=lambda **kw: calls.append(kw))
    )
    sentry_init("https://key@sentry.example.nl/1")
    assert calls == [
        {
            "dsn": "https://key@sentry.example.nl/1",
            "send_default_pii": False,
            "traces_sample_rate": 0.0,
        }
    ]
