"""The page of one question: reached by the zaak number, with its sources, its answers and
similar earlier questions with theirs; adding an answer there needs no reload."""

import datetime
import re

from playwright.sync_api import expect

from documents.models import Document
from kamervragen.models import Link, Question, QuestionSet


def _earlier_set_with_an_answer() -> Question:
    earlier = QuestionSet.objects.create(
        zaak_number="2019Z01234",
        title="Scanners in de Rotterdamse haven",
        submitted=datetime.date(2019, 3, 1),
        submitters=[{"name": "Spies", "party": "CDA"}],
    )
    questions = Document.objects.create(
        filename="2019.pdf", sha256="q2019".ljust(64, "0"), kind="questions", status="done"
    )
    answers = Document.objects.create(
        filename="2019-antwoord.pdf",
        sha256="a2019".ljust(64, "0"),
        kind="answers",
        status="done",
        title="Antwoord op vragen over scanners",
    )
    earlier.documents.add(questions, answers)
    question = Question.objects.create(
        question_set=earlier,
        document=questions,
        number=1,
        text="Hoeveel veiligheidsscanners van Nuctech gebruikt de douane in de Rotterdamse haven?",
    )
    passage = answers.passages.create(
        order=1,
        role="answer",
        answer_numbers=[1],
        text="De douane gebruikt in de Rotterdamse haven drie scanners van Nuctech.",
    )
    Link.objects.create(
        question=question,
        passage=passage,
        method=Link.Method.EXPLICIT,
        score=1.0,
        evidence={"answer_numbers": [1]},
    )
    return question


def test_policy_staff_open_a_question_by_zaak_number_with_sources_answers_and_similar_ones(
    seeded, policy_staff, log_in, page, shoot
):
    earlier = _earlier_set_with_an_answer()
    log_in(policy_staff)
    page.goto("/vragen/2023Z11786/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("röntgencamera’s")
    expect(page.get_by_role("link", name="Tweede Kamer")).to_have_attribute(
        "href", "https://www.tweedekamer.nl/kamerstukken/kamervragen/detail?id=2023Z11786"
    )
    # Question 4 is answered by the letter (the model suggests its passage).
    page.locator("#vraag-4").get_by_role("link", name="Vraag 4").click()
    expect(page).to_have_url(re.compile(r"/vragen/2023Z11786/4/$"))
    answers = page.locator(".question .links")
    expect(answers.locator(".link").first).to_contain_text("Brief van de staatssecretaris")
    expect(answers.locator(".link blockquote mark").first).to_be_visible()

    page.goto("/vragen/2023Z11786/2/")  # "Hoeveel … scanners van Nuctech …": asked before
    similar = page.locator(f"#similar-{earlier.pk}")
    expect(similar).to_contain_text("2019Z01234")
    expect(similar.locator(".evidence-words mark").first).to_be_visible()
    expect(similar.locator(".similar-answer")).to_contain_text("drie scanners van Nuctech")
    expect(similar.locator(".similar-answer mark").first).to_be_visible()
    shoot("question-page")

    page.get_by_role("link", name="← Vraag 1").click()
    expect(page).to_have_url(re.compile(r"/vragen/2023Z11786/1/$"))
    expect(page.locator(".footnotes li").first).to_contain_text("ftm.nl")
    expect(page.locator(".question .links .link")).to_have_count(0)  # its source is no answer

    page.locator(".crumbs").get_by_role("link", name="2023Z11786").click()
    page.get_by_role("link", name="Rajkowski").click()
    expect(page).to_have_url(re.compile(r"/leden/Rajkowski/$"))
    expect(page.locator("table.sets")).to_contain_text("2023Z11786")
    shoot("member-page")


def test_adding_an_answer_removes_the_no_answer_line_without_a_reload(
    seeded, curator, log_in, page
):
    log_in(curator)
    page.goto("/vragen/2023Z11786/7/")
    question = page.locator("article.question")
    placeholder = question.get_by_text("Nog geen document beantwoordt deze vraag.")
    expect(placeholder).to_be_visible()
    page.evaluate("window.notReloaded = true")
    question.get_by_text("Passage toevoegen").click()
    question.get_by_label("Passage zoeken voor vraag 7").fill("leverancier apparatuur")
    question.get_by_role("button", name="Zoeken").click()
    question.locator(".candidate").first.get_by_role("button", name="Koppelen").click()
    expect(question.locator(".links .link[data-status=confirmed]")).to_have_count(1)
    expect(placeholder).to_have_count(0)
    assert page.evaluate("window.notReloaded") is True
