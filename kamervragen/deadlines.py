"""When written questions are due: three weeks after submission, three more after a
postponement notice (Reglement van Orde, art. 12.2).

The rule is written once, as SQL expressions (`answer_due`, `answer_status`), so the set
list can filter and count on it; `Deadline` derives the day counts a page shows from what
those expressions gave."""

import datetime
from dataclasses import dataclass

from django.db.models import Case, DateField, F, Value, When
from django.db.models.functions import Cast

ANSWER_TERM = datetime.timedelta(weeks=3)
POSTPONEMENT = datetime.timedelta(weeks=3)


class SetStatus:
    OPEN = "open"
    ANSWERED = "answered"
    OVERDUE = "overdue"


def answer_due() -> Case:
    """The due date from `submitted` and the annotation `has_notice` (NULL: no submission
    date, so the term is unknown)."""
    return Case(
        When(has_notice=True, then=Cast(F("submitted") + ANSWER_TERM + POSTPONEMENT, DateField())),
        default=Cast(F("submitted") + ANSWER_TERM, DateField()),
        output_field=DateField(),
    )


def answer_status(*, today: datetime.date) -> Case:
    """From the annotations `has_answer` and `due`: an answered set is never overdue; a set
    without a due date cannot be."""
    return Case(
        When(has_answer=True, then=Value(SetStatus.ANSWERED)),
        When(due__lt=today, then=Value(SetStatus.OVERDUE)),
        default=Value(SetStatus.OPEN),
    )


@dataclass(frozen=True)
class Deadline:
    status: str
    due: datetime.date | None
    days_open: int | None  # submission to answer, or to today while unanswered
    days_overdue: int = 0

    @classmethod
    def of(
        cls,
        *,
        status: str,
        due: datetime.date | None,
        submitted: datetime.date | None,
        answered_on: datetime.date | None,
        today: datetime.date,
    ) -> "Deadline":
        """The day counts for a status and due date given by `answer_status`/`answer_due`."""
        end = answered_on if status == SetStatus.ANSWERED else today
        days_open = (end - submitted).days if submitted and end else None
        overdue = (today - due).days if status == SetStatus.OVERDUE and due else 0
        return cls(status, due, days_open, overdue)
