"""The error pages speak Dutch in the site's layout; a refusal is logged once, briefly."""

import logging

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.views.defaults import server_error

pytestmark = pytest.mark.django_db


def test_a_missing_page_is_a_dutch_404(client_for, policy_staff):
    response = client_for(policy_staff).get("/bestaat-niet/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "Pagina niet gevonden" in html and '<html lang="nl">' in html
    assert '<header class="top">' in html
    assert 'href="/vragen/"' in html  # the menu of a logged-in user


def test_a_forbidden_page_is_a_dutch_403_logged_once_without_a_traceback(
    client_for, policy_staff, caplog
):
    with caplog.at_level(logging.INFO):
        response = client_for(policy_staff).get(reverse("documents:upload"))
    assert response.status_code == 403
    assert "Geen toegang" in response.content.decode()
    forbidden = [r for r in caplog.records if "Forbidden" in r.getMessage()]
    assert len(forbidden) == 1
    assert forbidden[0].levelno == logging.WARNING
    assert forbidden[0].exc_info is None


def test_a_bad_request_is_a_dutch_400(client):
    response = client.get("/", headers={"host": "bad host name"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Dit verzoek klopt niet" in html and '<header class="top">' in html


def test_a_form_without_its_csrf_token_gets_a_dutch_403(client_for, clerk):
    client = client_for(clerk)
    client.handler.enforce_csrf_checks = True
    response = client.post(reverse("documents:upload"))
    assert response.status_code == 403
    assert "Formulier verlopen" in response.content.decode()


def test_the_500_page_needs_no_database(django_assert_num_queries):
    request = RequestFactory().get("/")
    with django_assert_num_queries(0):
        response = server_error(request)
    html = response.content.decode()
    assert response.status_code == 500
    assert "Er ging iets mis" in html and '<header class="top">' in html
    assert "Afmelden" not in html  # no user: no context processors ran
