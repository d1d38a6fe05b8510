"""The admin's own pages, as an admin sees them in Chromium."""

import pytest
from django.contrib.auth import get_user_model

from tests.conftest import PASSWORD


@pytest.fixture
def admin(db):
    return get_user_model().objects.create_superuser("beheer", password=PASSWORD)


def test_the_sidebar_keeps_long_dutch_names_whole(admin, log_in, page, shoot):
    """A list without "Toevoegen" (a history) had the width beside the other rows' add links
    only: "Koppelingsgeschiedenis" was broken into "Koppelingsgeschiedeni" and "s"."""
    log_in(admin)
    page.goto("/admin/kamervragen/link/")
    sidebar = page.locator("#nav-sidebar")
    for name in ("Koppelingsgeschiedenis", "Vragensetgeschiedenis", "Documentgeschiedenis"):
        link = sidebar.get_by_role("link", name=name, exact=True)
        lines = link.evaluate("a => a.getClientRects().length")
        box, line = (
            link.bounding_box(),
            link.evaluate("a => parseFloat(getComputedStyle(a).lineHeight)"),
        )
        assert lines == 1 and box["height"] < 1.5 * line, (name, lines, box, line)
    # The lists with an add link keep it on the row's right.
    row = sidebar.locator("tr", has=page.get_by_role("link", name="Koppelingen", exact=True))
    add = row.get_by_role("link", name="Toevoegen")
    assert add.bounding_box()["x"] > row.locator("th").bounding_box()["x"] + 100
    shoot("admin-sidebar")
