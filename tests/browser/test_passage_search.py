"""The search under "Passage toevoegen" sends a search on Enter and 0.4 s after typing, so
the same search often goes twice (Enter twice, or typing then Enter). Only the last one's
results are shown, and a later identical answer leaves the keyboard focus on the
"Koppelen" button the curator is on."""

import contextlib
import datetime
import re

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Locator, Page, Route, expect

from documents.models import Document
from kamervragen.models import Question, QuestionSet
from tests.browser.test_curation import _wait_until

SEARCH = re.compile(r"/passages/\?")
COUNT_SWAPS = """results => {
    window.resultSwaps = 0;
    document.addEventListener("htmx:afterSwap", event => {
        if (event.detail.target.id === results) window.resultSwaps += 1;
    });
}"""


def _question_with_passages_to_find() -> Question:
    question_set = QuestionSet.objects.create(
        zaak_number="2024Z00001",
        title="Scanners in de haven",
        submitted=datetime.date(2024, 1, 8),
    )
    questions = Document.objects.create(
        filename="vragen.pdf", sha256="vragen".ljust(64, "0"), kind="questions", status="done"
    )
    letter = Document.objects.create(
        filename="brief.pdf",
        sha256="brief".ljust(64, "0"),
        kind="letter",
        status="done",
        title="Brief over scanners",
    )
    question_set.documents.add(questions)
    for order in range(1, 4):
        letter.passages.create(
            order=order, text=f"De douane gebruikt in haven {order} scanners van Nuctech."
        )
    return Question.objects.create(
        question_set=question_set,
        document=questions,
        number=1,
        text="Hoeveel scanners van Nuctech gebruikt de douane?",
    )


def _search_box(page: Page, log_in, curator) -> tuple[Question, Locator]:
    """The question's page open for the curator, "Passage toevoegen" open; the search box."""
    question = _question_with_passages_to_find()
    log_in(curator)
    page.goto(f"/vragen/{question.question_set_id}/")
    block = page.locator("#vraag-1")
    block.get_by_text("Passage toevoegen").click()
    page.evaluate(COUNT_SWAPS, f"passage-results-{question.pk}")
    return question, block.get_by_label("Passage zoeken voor vraag 1")


def test_enter_pressed_twice_shows_only_the_last_search_s_results(curator, log_in, page):
    """The first search, still under way, made way for the second; else its results came
    first and the second's replaced them (under the curator's keyboard focus)."""
    question, box = _search_box(page, log_in, curator)
    held: list[Route] = []
    # The first search waits until Enter is pressed again; any other goes at once.
    page.route(SEARCH, lambda route: held.append(route) if not held else route.continue_())
    box.evaluate("input => { input.value = 'douane nuctech' }")  # no typing: no search of its own
    box.press("Enter")
    _wait_until(page, lambda: len(held) == 1)
    box.press("Enter")
    with contextlib.suppress(PlaywrightError):  # the browser cancelled it: nothing to let go
        held[0].continue_()
    results = page.locator(f"#passage-results-{question.pk}")
    expect(results.get_by_role("button", name="Koppelen")).to_have_count(3)
    # A second swap, were one coming, follows the first at once.
    page.wait_for_timeout(500)
    assert page.evaluate("window.resultSwaps") == 1


def test_the_same_search_answered_again_leaves_the_focus_on_koppelen(curator, log_in, page):
    """Typing sends a search 0.4 s after the last key, Enter one at once: the curator moved
    on to "Koppelen" in the first results when the second, identical, replaced them, and
    focus (and a screen reader) fell back to the block of results."""
    question, box = _search_box(page, log_in, curator)
    box.evaluate("input => { input.value = 'douane nuctech' }")
    box.press("Enter")
    results = page.locator(f"#passage-results-{question.pk}")
    second = results.get_by_role("button", name="Koppelen").nth(1)
    second.focus()
    results.evaluate("block => { block.dataset.answered = 'not yet' }")
    # The search the typing sends, answered while the curator is on "Koppelen".
    box.evaluate("input => input.form.requestSubmit()")
    expect(results).not_to_have_attribute("data-answered", "not yet")
    assert page.evaluate("window.resultSwaps") == 2
    expect(second).to_be_focused()
    # htmx gives the focus to the new button of the same id: the one of the same passage
    expect(second).to_have_id(re.compile(rf"^add-link-{question.pk}-\d+$"))
