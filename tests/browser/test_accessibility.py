from playwright.sync_api import expect

from documents.models import Document
from kamervragen.models import Link, QuestionSet
from tests.conftest import PASSWORD

FOCUS_STYLE = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  return {
    tag: el.tagName, text: (el.innerText || el.value || "").trim().slice(0, 40),
    outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2,
    ring: style.boxShadow !== "none",
    visible: box.width > 0 && box.height > 0,
  };
}"""


def _log_in(page, user):
    page.goto("/accounts/login/")
    page.get_by_label("Gebruikersnaam").fill(user.username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Aanmelden").click()
    page.wait_for_url("**/")


def _context(browser, live_server, settings, **options):
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = False
    context = browser.new_context(base_url=live_server.url, locale="nl-NL", **options)
    context.set_default_timeout(15_000)
    return context


def test_tabbing_through_the_set_page_always_shows_where_focus_is(
    seeded, curator, log_in, page, shoot
):
    question_set = QuestionSet.objects.get(zaak_number="2023Z11786")
    log_in(curator)
    page.goto(f"/vragen/{question_set.pk}/")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Naar de inhoud")).to_be_focused()
    seen = []
    for _ in range(40):
        focused = page.evaluate(FOCUS_STYLE)
        assert focused["visible"], focused
        assert focused["outline"] and focused["ring"], focused
        seen.append((focused["tag"], focused["text"]))
        page.keyboard.press("Tab")
    tags = {tag for tag, _ in seen}
    assert {"A", "BUTTON", "SUMMARY"} <= tags, seen  # links, curation buttons, disclosures
    assert ("BUTTON", "Bevestigen") in seen
    shoot("question-set-focus")


def test_review_shortcuts_do_not_fire_while_typing(seeded, curator, log_in, page):
    log_in(curator)
    page.goto("/beoordelen/")
    field = page.get_by_label("Alleen voorstellen voor (zaaknummer of woorden uit de vraag)")
    field.fill("")
    field.press_sequentially("jbak")
    expect(field).to_have_value("jbak")
    expect(page.locator("[data-review][data-status=confirmed]")).to_have_count(0)
    assert not Link.objects.exclude(status=Link.Status.SUGGESTED).exists()

    field.fill("2023Z11786")
    field.press("Enter")
    page.wait_for_url("**/beoordelen/?q=2023Z11786")
    expect(page.locator("[data-review]").first).to_be_visible()


def test_the_set_page_reads_well_on_a_phone(
    seeded, policy_staff, browser, live_server, settings, screenshot_dir
):
    context = _context(
        browser,
        live_server,
        settings,
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    _log_in(page, policy_staff)
    page.screenshot(path=str(screenshot_dir / "phone-dashboard.png"), full_page=True)
    question_set = QuestionSet.objects.get(zaak_number="2023Z11786")
    page.goto(f"/vragen/{question_set.pk}/")
    no_sideways_scrolling = "document.documentElement.scrollWidth <= window.innerWidth"
    assert page.evaluate(no_sideways_scrolling)
    question = page.locator("#vraag-2")
    text_box = question.locator(".question-text").bounding_box()
    links_box = question.locator(".question-links").bounding_box()
    assert links_box["y"] >= text_box["y"] + text_box["height"]  # stacked, not side by side
    page.screenshot(path=str(screenshot_dir / "phone-question-set.png"), full_page=True)
    page.goto("/vragen/?q=douane")
    assert page.evaluate(no_sideways_scrolling)
    # The table's header row is hidden on a phone; every stacked cell names its column.
    status_cell = page.locator("#results td[data-label]").nth(2)
    label = status_cell.evaluate("cell => getComputedStyle(cell, '::before').content")
    assert label == '"Status"'
    assert status_cell.evaluate("cell => getComputedStyle(cell).display") == "block"
    page.screenshot(path=str(screenshot_dir / "phone-question-sets.png"), full_page=True)
    letter = Document.objects.get(kind=Document.Kind.LETTER)
    page.goto(f"/documenten/{letter.pk}/")
    assert page.evaluate(no_sideways_scrolling)
    expect(page.locator(".metadata")).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "phone-document.png"), full_page=True)
    context.close()


def test_reading_works_without_javascript(
    seeded, policy_staff, browser, live_server, settings, screenshot_dir
):
    context = _context(
        browser,
        live_server,
        settings,
        java_script_enabled=False,
        viewport={"width": 1280, "height": 900},
    )
    page = context.new_page()
    _log_in(page, policy_staff)
    page.get_by_role("link", name="Vragensets", exact=True).click()
    page.get_by_label("Zoeken").fill("scanners douane")
    page.get_by_label("Zoeken").press("Enter")
    page.wait_for_url("**/vragen/?q=scanners*")
    page.locator("#results").get_by_role("link", name="2023Z11786").click()
    link = page.locator("#vraag-4 .link").first  # the letter answers question 4
    expect(link.locator("blockquote mark").first).to_be_visible()
    link.locator(".link-source a").click()
    expect(page.locator(".passage-questions").first).to_be_visible()
    context.close()
