"""The answer term: three weeks, three more after a postponement notice. The due date is
stored on the set, the status is SQL over the stored columns (`kamervragen.deadlines`), so
it is tested on the database."""

import datetime

import pytest

from documents.services import document_create
from kamervragen.deadlines import Deadline, SetStatus, answer_status, due_date, status_filter
from kamervragen.ingestion.recipe import document_ingest
from kamervragen.models import QuestionSet
from kamervragen.selectors import document_question_set
from tests.conftest import FIXTURES

pytestmark = pytest.mark.django_db

SUBMITTED = datetime.date(2024, 3, 1)


def _on(days: int) -> datetime.date:
    return SUBMITTED + datetime.timedelta(days=days)


def deadline(
    *,
    submitted: datetime.date | None,
    answered: bool,
    today: datetime.date,
    answered_on: datetime.date | None = None,
    postponed: bool = False,
) -> Deadline:
    question_set = QuestionSet.objects.create(
        title="Vragen",
        submitted=submitted,
        answered=answered,
        answered_on=answered_on,
        postponed=postponed,
        due=due_date(submitted=submitted, postponed=postponed),
    )
    annotated = (
        QuestionSet.objects.filter(pk=question_set.pk)
        .annotate(answer_status=answer_status(today=today))
        .get()
    )
    # The filter the list uses agrees with the annotation.
    status = annotated.answer_status
    assert QuestionSet.objects.filter(status_filter(status, today=today), pk=question_set.pk)
    return Deadline.of(
        status=status,
        due=annotated.due,
        submitted=annotated.submitted,
        answered_on=annotated.answered_on,
        today=today,
    )


def test_a_set_is_open_until_three_weeks_have_passed():
    on_the_last_day = deadline(submitted=SUBMITTED, answered=False, today=_on(21))
    assert on_the_last_day.status == SetStatus.OPEN
    assert on_the_last_day.due == _on(21)
    assert on_the_last_day.days_open == 21


def test_a_set_is_overdue_the_day_after():
    late = deadline(submitted=SUBMITTED, answered=False, today=_on(30))
    assert (late.status, late.days_overdue, late.days_open) == (SetStatus.OVERDUE, 9, 30)


def test_a_postponement_notice_adds_three_weeks():
    postponed = deadline(submitted=SUBMITTED, answered=False, postponed=True, today=_on(30))
    assert (postponed.status, postponed.due) == (SetStatus.OPEN, _on(42))
    later = deadline(submitted=SUBMITTED, answered=False, postponed=True, today=_on(43))
    assert (later.status, later.days_overdue) == (SetStatus.OVERDUE, 1)


def test_an_answered_set_is_never_overdue_but_counts_its_days_late_to_the_answer():
    answered = deadline(submitted=SUBMITTED, answered=True, answered_on=_on(50), today=_on(90))
    assert (answered.status, answered.days_overdue, answered.days_open) == ("answered", 29, 50)
    in_time = deadline(submitted=SUBMITTED, answered=True, answered_on=_on(20), today=_on(90))
    assert (in_time.status, in_time.days_overdue) == ("answered", 0)


def test_an_answer_without_a_date_leaves_days_open_unknown():
    answered = deadline(submitted=SUBMITTED, answered=True, today=_on(90))
    assert (answered.status, answered.days_open) == (SetStatus.ANSWERED, None)
    assert answered.days_overdue is None


def test_without_a_submission_date_a_set_is_open_and_never_overdue():
    unknown = deadline(submitted=None, answered=False, today=_on(400))
    assert (unknown.status, unknown.due, unknown.days_open) == (SetStatus.OPEN, None, None)
    assert unknown.days_overdue is None


def test_a_set_without_questions_is_open_awaiting_them_until_it_is_overdue():
    question_set = QuestionSet.objects.create(
        title="Uitstel", submitted=SUBMITTED, questions_missing=True, due=_on(42)
    )
    sets = QuestionSet.objects.annotate(answer_status=answer_status(today=_on(30)))
    assert sets.get(pk=question_set.pk).answer_status == SetStatus.AWAITING_QUESTIONS
    assert QuestionSet.objects.filter(status_filter(SetStatus.OPEN, today=_on(30))).exists()
    sets = QuestionSet.objects.annotate(answer_status=answer_status(today=_on(43)))
    assert sets.get(pk=question_set.pk).answer_status == SetStatus.OVERDUE


def test_the_term_the_kamer_gives_wins_over_three_weeks_and_a_postponement_adds_to_it():
    official = datetime.date(2024, 4, 2)  # a recess between: not three weeks
    assert due_date(submitted=SUBMITTED, postponed=False, official=official) == official
    assert due_date(submitted=SUBMITTED, postponed=True, official=official) == official + (
        datetime.timedelta(weeks=3)
    )
    assert due_date(submitted=None, postponed=False, official=official) == official
    assert due_date(submitted=SUBMITTED, postponed=False, official=None) == _on(21)


@pytest.mark.django_db(transaction=True)
def test_a_kamervraag_pages_beantwoordingstermijn_is_the_sets_due_date():
    """Before, the page's "Beantwoordingstermijn" was read and dropped: the set was due
    three weeks after its submission (1 April), not on the term the page gives."""
    page = FIXTURES / "tweedekamer-pages" / "kamervraag-2026Z04886.txt"
    text = page.read_text(encoding="utf-8") + "\nBeantwoordingstermijn\n\n15 april 2026\n"
    created = document_create(filename="kamervraag.txt", data=text.encode())
    document = document_ingest(document_id=created.document.pk)
    question_set = document_question_set(document)
    assert question_set.submitted == datetime.date(2026, 3, 11)
    assert question_set.due == datetime.date(2026, 4, 15)
