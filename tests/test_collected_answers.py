"""Answer documents and letters that answer several question sets, numbered anew per set
(tests/fixtures/collected/, made by scripts/make_collected_fixtures.py from the real answers
of 2014Z07273 and 2022Z20802): each set's "Antwoord 2" is linked to that set's question 2
when the document says for certain which set a run of answers is of, to nothing otherwise,
never to another set's question; in either upload order."""

import pytest
from django.core.management import call_command

from documents.models import Passage
from documents.pipeline import structure_document
from kamervragen.curation import link_reject
from kamervragen.linking import links_suggest_for_questions
from kamervragen.models import Link, Question
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
