"""`?next=` never leaves the site: not after logging in (our page and the admin's), not after
logging out, however the other site's address is written."""

from urllib.parse import urlencode, urlsplit

import pytest
from django.urls import reverse

from tests.conftest import PASSWORD

ELSEWHERE = [
    "//evil.example",
    "//evil.example/vragen/",
    "https://evil.example",
    "http://evil.example/",
    "/\\evil.example",
    "\\\\evil.example",
    "/\\/evil.example",
    "https:evil.example",
    "///evil.example",
    " //evil.example",
    "javascript:alert(1)",
    "//kamervragen.example.nl@evil.example",
]


def _stays_on_the_site(location: str) -> bool:
    parts = urlsplit(location)
    return (
        not parts.scheme
        and not parts.netloc
        and location.startswith("/")
        and not location.startswith(("//", "/\\"))
        and "evil.example" not in location
    )


pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    # Dozens of logins: the production hasher's slowness is not what is tested here.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_logging_in_never_sends_the_user_elsewhere(client, policy_staff):
    wrong = []
    for target in ELSEWHERE:
        form = {"username": policy_staff.username, "password": PASSWORD}
        for response in (
            client.post(reverse("login"), {**form, "next": target}),
            client.post(f"{reverse('login')}?{urlencode({'next': target})}", form),
        ):
            if response.status_code != 302 or response["Location"] != reverse("dashboard"):
                wrong.append((target, response.status_code, response.get("Location")))
            client.logout()
    assert wrong == []


def test_the_admins_login_never_sends_the_user_elsewhere(client, admin_user):
    wrong = []
    for target in ELSEWHERE:
        form = {"username": admin_user.username, "password": "password", "next": target}
        response = client.post(reverse("admin:login"), form)
        if response.status_code != 302 or not _stays_on_the_site(response["Location"]):
            wrong.append((target, response.status_code, response.get("Location")))
        client.logout()
    assert wrong == []


def test_logging_out_never_sends_the_user_elsewhere(client_for, policy_staff):
    for target in ELSEWHERE:
        response = client_for(policy_staff).post(reverse("logout"), {"next": target})
        assert (response.status_code, response["Location"]) == (302, reverse("login")), target


def test_a_next_on_the_site_is_followed(client, policy_staff):
    target = reverse("question_set_list") + "?q=scanners"
    form = {"username": policy_staff.username, "password": PASSWORD, "next": target}
    response = client.post(reverse("login"), form)
    assert response["Location"] == target
