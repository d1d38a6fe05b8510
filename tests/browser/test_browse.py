import re

from playwright.sync_api import expect

from kamervragen.models import QuestionSet


def test_policy_staff_search_and_see_the_passages_that_answer_a_question(
    seeded, policy_staff, log_in, page, shoot
):
    log_in(policy_staff)
    expect(page.get_by_role("heading", name="Overzicht")).to_be_visible()
    shoot("dashboard")

    page.get_by_role("link", name="Vragensets", exact=True).click()
    page.get_by_label("Zoeken").fill("scanners douane")
    page.get_by_label("Zoeken").press("Enter")
    results = page.locator("#results")
    expect(results.locator("mark").first).to_be_visible()
    expect(page).to_have_url(re.compile(r"q=scanners(\+|%20)douane"))
    shoot("question-sets-search")

    question_set = QuestionSet.objects.get(zaak_number="2023Z11786")
    results.get_by_role("link", name="2023Z11786").click()
    expect(page).to_have_url(re.compile(rf"/vragen/{question_set.pk}/$"))
    # The first question the model suggests a passage for (its probability shown).
    question = page.locator("article.question:has(.link .probability)").first
    expect(question.get_by_role("heading", name=re.compile(r"^Vraag \d+$"))).to_be_visible()
    link = question.locator(".link:has(.probability)").first
    expect(link.locator(".link-source a")).to_contain_text("Brief van de staatssecretaris")
    expect(link.locator("blockquote mark").first).to_be_visible()
    expect(link.locator(".probability")).to_contain_text("kans")  # a lexical score is a probability
    # Why it was linked, in words: the shared terms, marked as in the passage.
    expect(link.locator(".evidence-lexical")).to_contain_text("Overeenkomende termen")
    expect(link.locator(".evidence-lexical mark").first).to_be_visible()
    # A question's footnotes are its sources, listed under "Bronnen", not as answers.
    expect(page.locator("#vraag-1 .footnotes li").first).to_contain_text("ftm.nl")
    expect(page.locator("#vraag-1 .links .link")).to_have_count(0)
    shoot("question-set")

    link.locator(".link-source a").click()
    expect(page.locator(".passage-questions").first).to_contain_text("vraag")
    expect(page.get_by_role("heading", name="Gegevens")).to_be_visible()
    expect(page.get_by_role("heading", name="Verwijzingen")).to_be_visible()
    shoot("document")

    page.goto("/vragen/te-laat/")
    expect(
        page.get_by_role("heading", name="Open na de antwoordtermijn", exact=False)
    ).to_be_visible()
    expect(page.get_by_role("heading", name="Financiën")).to_be_visible()  # the ministry
    expect(page.get_by_role("link", name="2023Z11786").first).to_be_visible()
    shoot("overdue-per-ministry")
