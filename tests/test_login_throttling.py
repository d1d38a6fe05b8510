"""Guessing passwords: after AXES_FAILURE_LIMIT wrong ones even the right one is refused,
on the login page and on the admin's, until the cool-off has passed or an admin resets it."""

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

LOCKED_OUT = "Te veel mislukte aanmeldpogingen"


def _log_in(client, url: str, username: str, password: str):
    return client.post(url, {"username": username, "password": password})


def _guess_wrong(client, url: str, username: str) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _log_in(client, url, username, "fout").status_code == 200
    assert _log_in(client, url, username, "fout").status_code == 429


def _logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_the_right_password_is_refused_after_too_many_wrong_ones(client, policy_staff):
    _guess_wrong(client, reverse("login"), "beleid")

    response = _log_in(client, reverse("login"), "beleid", PASSWORD)

    assert response.status_code == 429
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    assert LOCKED_OUT in response.content.decode()
    assert f"Probeer het over {minutes} minuten opnieuw" in response.content.decode()
    assert not _logged_in(client)


def test_the_admin_login_is_throttled_too(client, db):
    get_user_model().objects.create_superuser("beheer", password=PASSWORD)
    _guess_wrong(client, reverse("admin:login"), "beheer")

    response = _log_in(client, reverse("admin:login"), "beheer", PASSWORD)

    assert response.status_code == 429
    assert not _logged_in(client)


def test_the_lockout_ends_after_the_cool_off(client, policy_staff):
    from axes.models import AccessAttempt

    _guess_wrong(client, reverse("login"), "beleid")
    for attempt in AccessAttempt.objects.all():
        attempt.attempt_time -= settings.AXES_COOLOFF_TIME
        attempt.save()

    response = _log_in(client, reverse("login"), "beleid", PASSWORD)

    assert response.status_code == 302
    assert _logged_in(client)


def test_an_admin_can_lift_the_lockout(client, policy_staff):
    _guess_wrong(client, reverse("login"), "beleid")

    call_command("axes_reset_username", "beleid")

    assert _log_in(client, reverse("login"), "beleid", PASSWORD).status_code == 302


def test_another_account_is_not_locked_out(client, policy_staff, clerk):
    _guess_wrong(client, reverse("login"), "beleid")

    assert _log_in(client, reverse("login"), "griffie", PASSWORD).status_code == 302
