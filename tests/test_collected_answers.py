"""Answer documents and letters that answer several question sets, numbered anew per set
(tests/fixtures/collected/, made by scripts/make_collected_fixtures.py from the real answers
of 2014Z07273 and 2022Z20802): each set's "Antwoord 2" is linked to that set's question 2
when the document says for certain which set a run of answers is of, to nothing otherwise,
never to another set's question; in either upload order."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from documents.models import Document, Passage
from documents.pipeline import structure_document
from kamervragen.curation import link_reject
from kamervragen.deadlines import SetStatus, status_filter
from kamervragen.export import export_all
from kamervragen.ingestion import recipe
from kamervragen.ingestion.question_sets import answer_runs_refresh, question_set_status_refresh
from kamervragen.ingestion.recipe import document_ingest, document_relink
from kamervragen.ingestion.reprocess import document_reprocess
from kamervragen.linking import links_suggest_for_questions
from kamervragen.models import Link, Question, QuestionSet
from kamervragen.selectors import (
    question_set_with_links,
    question_sets_overview,
    unanswered_questions,
)
from kamervragen.tokens import token_create
from tests.conftest import FIXTURES

COLLECTED = FIXTURES / "collected"
QUESTIONS = [FIXTURES / "linking" / f"{zaak}-vragen.txt" for zaak in ("2014Z07273", "2022Z20802")]
FIRST = {(("2014Z07273", n), (1, n)) for n in (1, 2, 3, 4)}
SECOND = {(("2022Z20802", n), (2, n)) for n in (1, 2, 3, 4, 5)}


def _explicit_links() -> set[tuple[tuple[str, int], tuple[int, int]]]:
    """((the question's zaak, its number), (the answer's run, its number)) of every explicit
    link to a collected document."""
    return {
        (
            (link.question.question_set.zaak_number, link.question.number),
            (link.passage.answer_run, link.passage.answer_numbers[0]),
        )
        for link in Link.objects.filter(
            method=Link.Method.EXPLICIT, passage__document__filename__in=_names()
        ).select_related("question__question_set", "passage")
    }


def _names() -> list[str]:
    return [path.name for path in COLLECTED.iterdir()]


def _ingest(document, answers_first: bool) -> None:
    paths = [document, *QUESTIONS] if answers_first else [*QUESTIONS, document]
    for path in paths:
        call_command("ingest", str(path), sync=True)


def test_the_answers_are_split_into_runs_at_each_set_heading():
    structure = structure_document((COLLECTED / "aanhangsel-zaak.txt").read_bytes())
    answers = [p for p in structure.passages if p.role == "answer"]
    assert [(p.answer_run, p.answer_numbers) for p in answers] == [
        *[(1, [n]) for n in (1, 2, 3, 4)],
        *[(2, [n]) for n in (1, 2, 3, 4, 5)],
    ]
    assert [run["zaak"] for run in structure.metadata["answer_runs"]] == [
        "2014Z07273",
        "2022Z20802",
    ]
    assert structure.identifiers["zaak"] == "2014Z07273"
    # The second set's heading is no part of the first set's last answer, and the second
    # set's reprinted questions are not the first set's.
    assert "Vragen van de leden" not in answers[3].text
    assert [q.number for q in structure.questions] == [1, 2, 3, 4]
    assert structure.questions[1].text.startswith("Vindt dit experiment van Google")


def test_a_single_set_answering_two_questions_at_once_is_one_run():
    text = (
        "Antwoord van Minister X (ontvangen 1 december 2022)\n\nVraag 1\n\nIs dat zo?\n\n"
        "Antwoord 1\n\nJa.\n\nVraag 2\n\nWaarom?\n\nVraag 3\n\nWanneer?\n\n"
        "Antwoord 2 en 3\n\nOmdat het morgen is.\n\nNader antwoord 1\n\nToch niet.\n"
    )
    structure = structure_document(text.encode())
    assert "answer_runs" not in structure.metadata
    assert {p.answer_run for p in structure.passages} == {0}


@pytest.mark.django_db
@pytest.mark.parametrize("answers_first", [False, True])
@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("aanhangsel-zaak.txt", FIRST | SECOND),  # zaak numbers in the section headings
        ("aanhangsel-zaak.pdf", FIRST | SECOND),
        # "Beantwoording vragen van de leden … over …": members and subject name one set
        ("brief-vraag-antwoord.txt", FIRST | SECOND),
        ("brief-antwoord-op-vraag.txt", FIRST | SECOND),
        # Headings with members only: the header's "op vragen van … over …" in turn
        ("aanhangsel-leden.txt", FIRST | SECOND),
    ],
)
def test_each_sets_answers_link_to_that_sets_questions_only(name, expected, answers_first):
    _ingest(COLLECTED / name, answers_first)
    assert _explicit_links() == expected
    # No question of the second set was stored in the first from the document's reprints.
    assert not Question.objects.filter(question_set__zaak_number="2014Z07273", number=5).exists()


@pytest.mark.django_db
def test_a_restart_without_headings_takes_the_headers_zaak_numbers_in_order(tmp_path):
    text = (COLLECTED / "aanhangsel-zaak.txt").read_text()
    kept = [p for p in text.split("\n\n") if not p.startswith("Vragen van de leden")]
    bare = tmp_path / "aanhangsel-zonder-koppen.txt"
    bare.write_text("\n\n".join(kept))
    call_command("ingest", *map(str, [*QUESTIONS, bare]), sync=True)
    links = {
        (link.question.question_set.zaak_number, link.question.number, link.passage.answer_run)
        for link in Link.objects.filter(method=Link.Method.EXPLICIT)
    }
    assert links == {("2014Z07273", n, 1) for n in (1, 2, 3, 4)} | {
        ("2022Z20802", n, 2) for n in (1, 2, 3, 4, 5)
    }


@pytest.mark.django_db
@pytest.mark.parametrize("answers_first", [False, True])
def test_a_run_whose_set_is_not_certain_gets_no_explicit_link(tmp_path, answers_first):
    """The second section's heading names the members only, and the letter names no zaak
    nor subject for it: its "Antwoord op vraag 2" is linked to no question (never the first
    set's question 2)."""
    text = (COLLECTED / "brief-antwoord-op-vraag.txt").read_text()
    subject = " over het bericht dat er Chinese politiebureaus in Nederland zijn"
    assert subject in text
    unnamed = tmp_path / "brief-tweede-set-onzeker.txt"
    unnamed.write_text(text.replace(subject, ""))
    for path in [unnamed, *QUESTIONS] if answers_first else [*QUESTIONS, unnamed]:
        call_command("ingest", str(path), sync=True)
    links = {
        (link.question.question_set.zaak_number, link.question.number, link.passage.answer_run)
        for link in Link.objects.filter(method=Link.Method.EXPLICIT)
    }
    assert links == {("2014Z07273", n, 1) for n in (1, 2, 3, 4)}


@pytest.mark.django_db
def test_relinking_keeps_a_curators_rejection_of_a_second_set_answer(curator):
    _ingest(COLLECTED / "aanhangsel-zaak.txt", answers_first=False)
    link = Link.objects.get(
        question__question_set__zaak_number="2022Z20802",
        question__number=2,
        method=Link.Method.EXPLICIT,
    )
    link_reject(link=link, curator=curator)
    links_suggest_for_questions(Question.objects.all())
    link.refresh_from_db()
    assert link.status == Link.Status.REJECTED
    assert _explicit_links() == FIRST | SECOND
    assert Passage.objects.filter(answer_run=2).count() == 5


# The sets such a document answers: each counts it as its answer and lists it ---------------

ZAKEN = ("2014Z07273", "2022Z20802")


def _answered_by(document: Document) -> dict[str, object]:
    """Per set of the two: when it was answered, and whether its page lists the document."""
    return {
        question_set.zaak_number: question_set.answered_on
        for question_set in QuestionSet.objects.filter(zaak_number__in=ZAKEN, answered=True)
        if document in question_set_with_links(question_set.pk).document_line
    }


@pytest.mark.django_db
@pytest.mark.parametrize("answers_first", [False, True])
@pytest.mark.parametrize(
    "name",
    [
        "aanhangsel-zaak.txt",
        "brief-vraag-antwoord.txt",
        "brief-antwoord-op-vraag.txt",
        "aanhangsel-leden.txt",
    ],
)
def test_every_set_a_collected_document_answers_is_answered_by_it(name, answers_first):
    _ingest(COLLECTED / name, answers_first)
    document = Document.objects.get(filename=name)
    answered_on = datetime.date(2022, 12, 1)
    assert _answered_by(document) == dict.fromkeys(ZAKEN, answered_on)
    assert not unanswered_questions().filter(question_set__zaak_number__in=ZAKEN).exists()
    answered = question_sets_overview().filter(
        status_filter(SetStatus.ANSWERED, today=timezone.localdate())
    )
    assert set(ZAKEN) <= set(answered.values_list("zaak_number", flat=True))
    # Still one set owns the document.
    assert document.question_sets.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("answers_first", [False, True])
def test_the_pages_of_both_sets_list_the_document(client_for, policy_staff, answers_first):
    _ingest(COLLECTED / "aanhangsel-zaak.txt", answers_first)
    document = Document.objects.get(filename="aanhangsel-zaak.txt")
    client = client_for(policy_staff)
    for zaak in ZAKEN:
        page = client.get(reverse("question_set_by_key", args=[zaak]))
        assert reverse("documents:detail", args=[document.pk]) in page.content.decode()
    answered = client.get(reverse("question_set_list"), {"status": "answered"}).content.decode()
    open_ = client.get(reverse("question_set_list"), {"status": "open"}).content.decode()
    overdue = client.get(reverse("question_set_list"), {"status": "overdue"}).content.decode()
    unanswered = client.get(reverse("unanswered_questions")).content.decode()
    for zaak in ZAKEN:
        assert f">{zaak}</a>" in answered
        assert zaak not in open_ and zaak not in overdue and zaak not in unanswered


@pytest.mark.django_db
def test_reprocessing_and_relinking_keep_the_later_sets_answer(clerk):
    _ingest(COLLECTED / "aanhangsel-zaak.txt", answers_first=True)
    document = Document.objects.get(filename="aanhangsel-zaak.txt")
    document_reprocess(document=document, by=clerk)
    document_ingest(document_id=document.pk, by=clerk)
    for question in Document.objects.filter(kind=Document.Kind.QUESTIONS):
        document_relink(question)
    assert set(_answered_by(document)) == set(ZAKEN)
    assert list(document.run_answered_question_sets.values_list("zaak_number", flat=True)) == [
        "2022Z20802"
    ]


@pytest.mark.django_db
def test_a_document_reprocessed_without_runs_answers_its_own_set_only(clerk, monkeypatch):
    _ingest(COLLECTED / "aanhangsel-zaak.txt", answers_first=False)
    document = Document.objects.get(filename="aanhangsel-zaak.txt")
    original = recipe.structure_document

    def without_runs(data, *, kind=None):  # as if its second heading were read otherwise
        structure = original(data, kind=kind)
        structure.metadata.pop("answer_runs")
        for passage in structure.passages:
            passage.answer_run = 0
        return structure

    monkeypatch.setattr(recipe, "structure_document", without_runs)
    document_reprocess(document=document, by=clerk)
    document_ingest(document_id=document.pk, by=clerk)
    assert set(_answered_by(document)) == {"2014Z07273"}
    assert not QuestionSet.objects.get(zaak_number="2022Z20802").answered


@pytest.mark.django_db
def test_a_set_whose_run_is_no_longer_certain_loses_the_document():
    """Two sets now fit the second heading's members and subject: neither is its set."""
    _ingest(COLLECTED / "aanhangsel-leden.txt", answers_first=False)
    document = Document.objects.get(filename="aanhangsel-leden.txt")
    second = QuestionSet.objects.get(zaak_number="2022Z20802")
    assert second.answered
    QuestionSet.objects.create(
        zaak_number="2022Z99999", title=second.title, submitters=second.submitters
    )
    answer_runs_refresh(document)
    second.refresh_from_db()
    assert not second.answered
    assert set(_answered_by(document)) == {"2014Z07273"}


@pytest.mark.django_db
def test_the_document_page_and_the_api_name_the_other_set(client_for, policy_staff):
    _ingest(COLLECTED / "aanhangsel-zaak.txt", answers_first=False)
    document = Document.objects.get(filename="aanhangsel-zaak.txt")
    first, second = (QuestionSet.objects.get(zaak_number=zaak) for zaak in ZAKEN)
    client = client_for(policy_staff)
    page = client.get(reverse("documents:detail", args=[document.pk])).content.decode()
    assert f'href="/vragen/{second.pk}/">Beantwoordt vragenset 2022Z20802</a>' in page
    assert "Beantwoordt vragenset 2014Z07273" not in page  # its own set, named as such
    key = token_create(user=policy_staff, name="test")[1]
    headers = {"Authorization": f"Bearer {key}"}
    detail = client.get(f"/api/v1/question-sets/{second.pk}", headers=headers).json()
    assert (detail["document_ids"], detail["answering_document_ids"]) == (
        [Document.objects.get(filename="2022Z20802-vragen.txt").pk],
        [document.pk],
    )
    record = client.get(f"/api/v1/documents/{document.pk}", headers=headers).json()
    assert (record["question_set_id"], record["answers_question_set_ids"]) == (
        first.pk,
        [second.pk],
    )
    assert export_all()["documents"][-1]["answers_question_set_ids"] == [second.pk]


@pytest.mark.django_db
def test_refresh_statuses_records_the_runs_of_an_older_database():
    _ingest(COLLECTED / "aanhangsel-zaak.txt", answers_first=True)
    second = QuestionSet.objects.get(zaak_number="2022Z20802")
    second.run_answers.clear()  # as before the runs' sets were recorded
    question_set_status_refresh([second.pk])
    second.refresh_from_db()
    assert not second.answered
    call_command("refresh-statuses", stdout=io.StringIO())
    second.refresh_from_db()
    assert (second.answered, second.answered_on) == (True, datetime.date(2022, 12, 1))
