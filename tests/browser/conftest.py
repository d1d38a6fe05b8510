"""Playwright (sync) driving Debian's Chromium against pytest-django's live server."""

import os
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.conftest import PASSWORD, SEED_LETTER_PDF, SEED_QUESTIONS_PDF

# Sync Playwright runs an event loop in this thread; Django's ORM calls from the test body
# are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--lang=nl",  # the browser's own controls ("Bestanden kiezen") in Dutch too
]
SCREENSHOTS = Path(
    os.environ.get(
        "SCREENSHOT_DIR", Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
    )
)


def pytest_collection_modifyitems(items):
    for item in items:
        if Path(str(item.fspath)).parent == Path(__file__).parent:
            item.add_marker(pytest.mark.browser)


_taken: list[Path] = []


@pytest.fixture(scope="session")
def screenshot_dir():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    _taken.append(SCREENSHOTS)
    return SCREENSHOTS


def pytest_terminal_summary(terminalreporter):
    # Printed after the results (fixture output would be captured), so a reviewer finds them.
    if _taken:
        count = len(list(SCREENSHOTS.glob("*.png")))
        terminalreporter.write_line(f"Screenshots ({count}): {SCREENSHOTS}")


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install -y chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=CHROMIUM_ARGS,
            env={**os.environ, "LANGUAGE": "nl", "LANG": "nl_NL.UTF-8"},
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server, settings):
    # The live server speaks plain http.
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = False
    context = browser.new_context(
        base_url=live_server.url, locale="nl-NL", viewport={"width": 1400, "height": 900}
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    # Whatever the Content Security Policy blocks, Chromium reports on the console.
    blocked: list[str] = []
    page.on(
        "console",
        lambda message: (
            blocked.append(f"{message.text} at {message.location}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    yield page
    context.close()
    assert blocked == [], "the Content Security Policy blocked something"


@pytest.fixture
def log_in(page):
    def log_in_as(user):
        page.goto("/accounts/login/")
        page.get_by_label("Gebruikersnaam").fill(user.username)
        page.get_by_label("Wachtwoord").fill(PASSWORD)
        page.get_by_role("button", name="Aanmelden").click()
        page.wait_for_url("**/")
        return page

    return log_in_as


@pytest.fixture
def seeded(transactional_db, suggesting_model):
    """Both seed documents, ingested in this process (the worker is tested elsewhere), linked
    with the model at threshold 0.1 so that the pair has suggestions to confirm and reject
    (`suggesting_model`)."""
    call_command("ingest", str(SEED_QUESTIONS_PDF), str(SEED_LETTER_PDF), "--sync")


@pytest.fixture
def shoot(page, screenshot_dir):
    def take(name: str):
        page.screenshot(path=str(screenshot_dir / f"{name}.png"), full_page=True)

    return take
