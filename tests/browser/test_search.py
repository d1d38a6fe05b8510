import re

from playwright.sync_api import expect


def test_a_word_only_a_letter_has_is_found_in_the_letter_and_marked(
    seeded, policy_staff, log_in, page, shoot
):
    log_in(policy_staff)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Zoeken").click()
    page.get_by_label("Zoeken in alles").fill("TNO")
    page.get_by_label("Zoeken in alles").press("Enter")
    expect(page).to_have_url(re.compile(r"/zoeken/\?q=TNO"))

    letters = page.locator("#zoek-letters")
    expect(letters.get_by_role("heading", name=re.compile("Brieven"))).to_be_visible()
    hit = letters.locator(".search-hit").first
    expect(hit.locator(".snippet mark").first).to_have_text("TNO")
    # A word only the letter has: no question set or question carries it.
    expect(page.locator("#zoek-sets")).to_have_count(0)
    expect(page.locator("#zoek-questions")).to_have_count(0)
    shoot("search-letters")

    hit.locator(".hit-title a").click()
    expect(page).to_have_url(re.compile(r"/documenten/\d+/\?passage=\d+#passage-\d+$"))
    passage_id = page.url.rsplit("#", 1)[1]
    expect(page.locator(f"#{passage_id}")).to_contain_text("TNO")


def _searches_sent(page, path: str) -> list[str]:
    sent: list[str] = []
    page.on(
        "request",
        lambda request: (
            sent.append(request.url)
            if request.headers.get("hx-request") and path in request.url
            else None
        ),
    )
    return sent


def test_a_search_typed_and_sent_with_enter_or_the_button_is_asked_once(
    seeded, policy_staff, log_in, page
):
    """The filters' `change` trigger must not fire for the text field: its change event
    (on Enter, or on leaving it for the button) comes with the submit, and each search ran
    twice on the server."""
    log_in(policy_staff)
    for path, results in [("/zoeken/", "#search-results"), ("/vragen/", "#results")]:
        page.goto(path)
        sent = _searches_sent(page, path)
        field = page.locator("#id_q")
        field.fill("douane")
        field.press("Enter")
        expect(page.locator(results)).to_contain_text("2023Z11786")
        page.wait_for_timeout(1000)  # a second request would have been sent by now
        assert len(sent) == 1, sent

        sent.clear()
        field.fill("scanners")
        page.locator("form.filters").get_by_role("button", name="Zoeken").click()
        expect(page).to_have_url(re.compile(r"q=scanners"))
        page.wait_for_timeout(1000)
        assert len(sent) == 1, sent

        # A choice in a list still searches at once, without the button.
        sent.clear()
        page.locator("form.filters select").first.select_option(index=1)
        page.wait_for_timeout(1000)
        assert len(sent) == 1, sent
