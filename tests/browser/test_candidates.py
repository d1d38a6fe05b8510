from playwright.sync_api import expect

from documents.models import Passage
from kamervragen.curation import candidate_promote
from kamervragen.models import Link, LinkCandidate, LinkEvent, Question, QuestionSet

LAPTOP = {"width": 1366, "height": 768}


def test_a_curator_promotes_a_possibly_relevant_passage_to_a_link(
    seeded, curator, log_in, page, screenshot_dir
):
    question_set = QuestionSet.objects.get(zaak_number="2023Z11786")
    question = (
        Question.objects.filter(question_set=question_set, links__isnull=True)
        .order_by("number")
        .first()
    )
    LinkCandidate.objects.filter(question=question).delete()  # this test sets the list itself
    likely, less_likely = (
        Passage.objects.filter(document__kind="letter", text__icontains="veiligheid")
        .exclude(links__question=question)
        .order_by("order")[:2]
    )
    evidence = {"terms": ["veilig", "scan"]}
    best = LinkCandidate.objects.create(
        question=question, passage=likely, probability=0.34, evidence=evidence
    )
    LinkCandidate.objects.create(
        question=question, passage=less_likely, probability=0.12, evidence=evidence
    )
    page.set_viewport_size(LAPTOP)
    log_in(curator)
    page.goto(f"/vragen/{question_set.pk}/#vraag-{question.number}")

    block = page.locator(f"#vraag-{question.number}")
    expect(block.locator(f"#candidate-{best.pk}")).to_be_hidden()  # collapsed at first
    block.get_by_text("Mogelijk ook relevant (2)").click()
    candidate = block.locator(f"#candidate-{best.pk}")
    expect(candidate).to_be_visible()
    expect(candidate.locator(".probability")).to_have_text("kans 34%")
    expect(candidate.locator(".probability")).to_have_attribute(
        "title", "Geschatte kans dat deze passage de vraag beantwoordt"
    )
    expect(candidate.locator("blockquote mark").first).to_be_visible()
    block.scroll_into_view_if_needed()
    page.screenshot(path=str(screenshot_dir / "candidates-open.png"))

    candidate.get_by_role("button", name="Koppelen").click()
    link = block.locator(".link[data-status=confirmed]")
    expect(link).to_have_count(1)
    expect(link.locator(".probability")).to_have_text("kans 34%")
    expect(link).to_contain_text("Bevestigd")
    expect(block.locator(f"#candidate-{best.pk}")).to_have_count(0)
    expect(block.get_by_text("Mogelijk ook relevant (1)")).to_be_visible()
    block.scroll_into_view_if_needed()
    page.screenshot(path=str(screenshot_dir / "candidates-promoted.png"))

    promoted = Link.objects.get(question=question)
    assert (promoted.passage, promoted.status, promoted.curated_by) == (
        likely,
        Link.Status.CONFIRMED,
        curator,
    )
    # The button went with its candidate: the new link has the focus, not the page's top.
    expect(block.locator(f"#link-{promoted.pk}")).to_be_focused()
    assert list(promoted.events.values_list("action", flat=True)) == [LinkEvent.Action.PROMOTED]
    page.reload()
    expect(block.locator(f"#link-{promoted.pk}")).to_be_visible()
    expect(block.get_by_text("Mogelijk ook relevant (1)")).to_be_visible()


def test_a_candidate_another_curator_promoted_meanwhile_is_shown_as_done(
    seeded, curator, django_user_model, log_in, page, screenshot_dir
):
    """The second curator's "Koppelen" on a stale page did nothing visible (a 404 htmx does
    not swap): now the question's links as they are now replace the block, with why."""
    question_set = QuestionSet.objects.get(zaak_number="2023Z11786")
    question = (
        Question.objects.filter(question_set=question_set, links__isnull=True)
        .order_by("number")
        .first()
    )
    LinkCandidate.objects.filter(question=question).delete()
    passage = Passage.objects.filter(document__kind="letter").exclude(links__question=question)[0]
    candidate = LinkCandidate.objects.create(
        question=question, passage=passage, probability=0.3, evidence={"terms": ["scan"]}
    )
    page.set_viewport_size(LAPTOP)
    log_in(curator)
    page.goto(f"/vragen/{question_set.pk}/#vraag-{question.number}")
    block = page.locator(f"#vraag-{question.number}")
    block.get_by_text("Mogelijk ook relevant (1)").click()

    other = django_user_model.objects.create_user(username="curator2")
    link = candidate_promote(candidate=candidate, curator=other)
    block.locator(f"#candidate-{candidate.pk}").get_by_role("button", name="Koppelen").click()

    expect(block.get_by_role("alert")).to_contain_text("intussen al verwerkt")
    expect(block.locator(f"#link-{link.pk}")).to_contain_text("door curator2")
    expect(block.locator(f"#candidate-{candidate.pk}")).to_have_count(0)
    block.scroll_into_view_if_needed()
    page.screenshot(path=str(screenshot_dir / "candidate-promoted-meanwhile.png"))
