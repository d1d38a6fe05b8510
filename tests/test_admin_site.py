"""The admin as part of the site: the site's favicon on its pages too."""

import re

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

pytestmark = pytest.mark.django_db

ICON = re.compile(r'<link rel="icon" href="([^"]+)"')


def test_the_admin_has_the_sites_favicon(client, admin_client, policy_staff, client_for):
    site = ICON.findall(client_for(policy_staff).get(reverse("dashboard")).content.decode())
    assert site == ["/static/favicon.svg"] and finders.find("favicon.svg")
    login = client.get(reverse("admin:login")).content.decode()  # before logging in too
    assert ICON.findall(login) == site
    for url in (reverse("admin:index"), reverse("admin:kamervragen_link_changelist")):
        assert ICON.findall(admin_client.get(url).content.decode()) == site, url


def test_the_admin_is_named_after_the_product_not_django(client, admin_client):
    for page in (client.get(reverse("admin:login")), admin_client.get(reverse("admin:index"))):
        html = page.content.decode()
        assert "Kamervragen-beheer" in html
        assert "Django" not in html
