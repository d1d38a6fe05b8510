import re

from playwright.sync_api import expect

from tests.test_document_parts import LONG, _document


def test_an_old_anchor_link_to_a_deep_passage_finds_its_part(
    transactional_db, policy_staff, log_in, page, shoot
):
    """A link by the anchor alone (#passage-ID, as made before parts) opens the part holding
    the passage (app.js), scrolled to it; the navigation then leads on."""
    document = _document(LONG)
    deep = document.passages.get(order=400)
    log_in(policy_staff)
    page.goto(f"/documenten/{document.pk}/#passage-{deep.pk}")
    expect(page).to_have_url(re.compile(rf"\?passage={deep.pk}#passage-{deep.pk}$"))
    expect(page.locator(f"#passage-{deep.pk}")).to_be_in_viewport()
    expect(page.locator("nav.document-parts").first).to_contain_text("Deel 3 van 4")
    shoot("document-long-part")
    page.locator("nav.document-parts").first.get_by_role("link", name="Volgende").click()
    expect(page).to_have_url(re.compile(r"\?deel=4$"))
    expect(page.locator("p.passage")).to_have_count(40)
