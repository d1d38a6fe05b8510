from datetime import date

from django.core.cache import cache
from playwright.sync_api import expect

from tests.test_statistics import FIN, FINANCIEN, JUS, JUSTITIE, SP, VVD, _set


def _sets():
    cache.clear()  # the statistics page keeps its figures in the cache
    # `_set` refreshes the answer-time view after each set, as Celery beat would.
    _set("A", submitted=date(2023, 3, 1), answered_after=10, submitters=[VVD], ministries=[FIN])
    _set("B", submitted=date(2024, 2, 1), answered_after=40, submitters=[SP], ministries=[JUS])
    _set("C", submitted=date(2024, 5, 1), submitters=[SP], ministries=[JUS])


def test_the_statistics_page_shows_tables_and_charts(
    transactional_db, policy_staff, log_in, page, shoot
):
    _sets()
    log_in(policy_staff)
    page.get_by_role("link", name="Statistieken").click()
    expect(
        page.get_by_role("heading", name="Statistieken: beantwoording van Kamervragen")
    ).to_be_visible()
    ministries = page.locator("#ministerie")
    expect(ministries.get_by_role("row", name=FINANCIEN)).to_contain_text("10")
    chart = ministries.get_by_role("img", name="Antwoordtijd per ministerie")
    expect(chart).to_be_visible()
    expect(chart.locator("rect.bar-time")).to_have_count(2)
    widths = [
        box["width"] for box in (r.bounding_box() for r in chart.locator("rect.bar-time").all())
    ]
    assert widths[0] > widths[1] > 20  # Justitie (two sets, first): 40 days; Financiën 10
    expect(chart.locator(".chart-marker-label")).to_have_text("termijn: 21 dagen")
    # The bars are drawn by the CSS classes (no inline style): the fill is the accent blue.
    fill = chart.locator("rect.bar-time").first.evaluate("e => getComputedStyle(e).fill")
    assert fill == "rgb(21, 66, 115)"
    shoot("statistics")

    page.get_by_label("Ingezonden in").select_option("2023")
    page.get_by_role("button", name="Tonen").click()
    expect(page.locator("#ministerie").get_by_role("row", name=JUSTITIE)).to_have_count(0)
    expect(page.locator("#ministerie").get_by_role("row", name=FINANCIEN)).to_be_visible()


def test_a_user_makes_uses_and_revokes_an_api_key(transactional_db, policy_staff, log_in, page):
    _sets()
    log_in(policy_staff)
    page.get_by_role("link", name=policy_staff.username).click()
    expect(page.get_by_role("heading", name="Mijn account: API-sleutels")).to_be_visible()
    page.get_by_label("Naam").fill("rapportage")
    page.get_by_role("button", name="Sleutel maken").click()
    key = page.locator("#new-key").inner_text()
    assert key.startswith("kv_")
    response = page.request.get("/api/v1/question-sets", headers={"Authorization": f"Bearer {key}"})
    assert response.status == 200 and response.json()["count"] == 3
    page.get_by_role("button", name="Intrekken").click()
    expect(page.get_by_text("De API-sleutel is ingetrokken.")).to_be_visible()
    response = page.request.get("/api/v1/question-sets", headers={"Authorization": f"Bearer {key}"})
    assert response.status == 401


def test_the_api_documentation_loads_under_the_csp(transactional_db, page, shoot):
    page.goto("/api/v1/docs")
    expect(page.get_by_text("Kamervragen API").first).to_be_visible()
    expect(page.get_by_text("/api/v1/question-sets").first).to_be_visible()
    shoot("api-docs")


def test_every_chart_label_is_drawn_whole_inside_its_chart(
    transactional_db, policy_staff, log_in, page, shoot
):
    """A 30-character label ('Binnenlandse Zaken en Koninkr…') is wider than the 192 px
    left of the bars at 12 px: its first letter fell off the chart ('innenlandse …')."""
    cache.clear()
    long_names = [
        {"name": "Van Nispen-Mulder-Wassenberg", "party": "Wijdeman Madlener Woudstra"},
        {"name": "Mohandis-Westerveld-Omtzigt", "party": "BBB"},
    ]
    _set(
        "W",
        submitted=date(2024, 2, 1),
        answered_after=30,
        submitters=long_names,
        ministries=["Minister van Binnenlandse Zaken en Koninkrijksrelaties"],
    )
    _set("O", submitted=date(2024, 2, 1), submitters=long_names, ministries=[JUS])
    log_in(policy_staff)
    page.goto("/statistieken/")
    labels = page.locator("svg.bar-chart .chart-label")
    expect(labels.first).to_be_visible()
    assert labels.count() >= 8
    outside = labels.evaluate_all(
        "els => els.filter(e => e.getBBox().x < 0).map(e => e.textContent)"
    )
    assert outside == []
    shoot("statistics-long-labels")
