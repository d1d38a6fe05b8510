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
    expect(page).to_have_url(re.compile(r"/documenten/\d+/#passage-\d+$"))
    passage_id = page.url.rsplit("#", 1)[1]
    expect(page.locator(f"#{passage_id}")).to_contain_text("TNO")
