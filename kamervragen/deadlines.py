"""When written questions are due: three weeks after submission, three more after a
postponement notice (Reglement van Orde, art. 12.2). Plain rules, no database."""

import datetime
from dataclasses import dataclass

ANSWER_TERM = datetime.timedelta(weeks=3)
POSTPONEMENT = datetime.timedelta(weeks=3)


class SetStatus:
    OPEN = "open"
    ANSWERED = "answered"
    OVERDUE = "overdue"


@dataclass(frozen=True)
class Deadline:
    status: str
    due: datetime.date | None
    days_open: int | None  # submission to answer, or to today while unanswered
    days_overdue: int = 0


def answer_due(*, submitted: datetime.date | None, postponed: bool) -> datetime.date | None:
    if submitted is None:
        return None
    return submitted + ANSWER_TERM + (POSTPONEMENT if postponed else datetime.timedelta())


def deadline(
    *,
    submitted: datetime.date | None,
    answered: bool,
    answered_on: datetime.date | None = None,
    postponed: bool = False,
    today: datetime.date,
) -> Deadline:
    """The status of a question set on `today`. An answered set is never overdue; a set
    without a submission date cannot be (its term is unknown)."""
    due = answer_due(submitted=submitted, postponed=postponed)
    end = (answered_on or None) if answered else today
    days_open = (end - submitted).days if submitted and end else None
    if answered:
        return Deadline(SetStatus.ANSWERED, due, days_open)
    if due is not None and today > due:
        return Deadline(SetStatus.OVERDUE, due, days_open, (today - due).days)
    return Deadline(SetStatus.OPEN, due, days_open)
