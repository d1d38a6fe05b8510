"""When written questions are due: three weeks after submission, or on the term a Kamervraag
page of tweedekamer.nl gives ("Beantwoordingstermijn"), three more after a postponement
notice (Reglement van Orde, art. 12.2).

The rule is written once. The due date depends on stored facts only, so it is stored on the
set (`due_date`, kept by `kamervragen.ingestion.question_sets.question_set_status_refresh`);
the status also depends on today, so it is an SQL expression over the stored columns
(`answer_status`, `status_filter`) that the partial index on unanswered sets' due dates
serves. `Deadline` derives the day counts a page shows. `STATUS_LABELS` names the statuses
for the pages and the CSV exports alike."""

import datetime
from dataclasses import dataclass

from django.db.models import Case, Q, Value, When
from django.utils.translation import gettext_lazy as _

ANSWER_TERM = datetime.timedelta(weeks=3)
POSTPONEMENT = datetime.timedelta(weeks=3)


class SetStatus:
    OPEN = "open"
    ANSWERED = "answered"
    OVERDUE = "overdue"
    # Open, but only a postponement notice or answers of it are in: no questions yet.
    AWAITING_QUESTIONS = "awaiting"


# What a status is called wherever a person reads it: the pages (`set_status`) and the CSV
# exports. The JSON exports and the API give the codes above.
STATUS_LABELS = {
    SetStatus.OPEN: _("Open"),
    SetStatus.ANSWERED: _("Beantwoord"),
    SetStatus.OVERDUE: _("Open na de termijn"),
    SetStatus.AWAITING_QUESTIONS: _("Open · vragen nog niet geüpload"),
}


def status_label(status: str) -> str:
    return str(STATUS_LABELS.get(status, status))


def due_date(
    *,
    submitted: datetime.date | None,
    postponed: bool,
    official: datetime.date | None = None,
) -> datetime.date | None:
    """The due date: the term the Tweede Kamer gives (`official`, a Kamervraag page's
    "Beantwoordingstermijn") or else three weeks after submission, and three weeks more
    after a postponement notice; None without either (the term is unknown)."""
    term = official or (submitted + ANSWER_TERM if submitted else None)
    if term is None:
        return None
    return term + (POSTPONEMENT if postponed else datetime.timedelta())


def status_filter(status: str, *, today: datetime.date) -> Q:
    """The sets that have this status today, on the stored columns: an answered set is never
    overdue; a set without a due date cannot be."""
    overdue = Q(answered=False, due__lt=today)
    if status == SetStatus.ANSWERED:
        return Q(answered=True)
    if status == SetStatus.OVERDUE:
        return overdue
    open_ = Q(answered=False) & ~overdue
    if status == SetStatus.AWAITING_QUESTIONS:
        return open_ & Q(questions_missing=True)
    return open_  # SetStatus.OPEN: awaiting questions included


def answer_status(*, today: datetime.date) -> Case:
    """The status as `status_filter` decides it, as an annotation."""
    return Case(
        When(status_filter(SetStatus.ANSWERED, today=today), then=Value(SetStatus.ANSWERED)),
        When(status_filter(SetStatus.OVERDUE, today=today), then=Value(SetStatus.OVERDUE)),
        When(questions_missing=True, then=Value(SetStatus.AWAITING_QUESTIONS)),
        default=Value(SetStatus.OPEN),
    )


@dataclass(frozen=True)
class Deadline:
    status: str
    due: datetime.date | None
    days_open: int | None  # submission to answer, or to today while unanswered
    # Past the due date: to the answer, or to today while unanswered (0: in time); None
    # when it cannot be counted (no due date, or an answer of unknown date).
    days_overdue: int | None = 0

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
        """The day counts for a status and due date given by `answer_status`/`due_date`."""
        end = answered_on if status == SetStatus.ANSWERED else today
        days_open = (end - submitted).days if submitted and end else None
        overdue = max((end - due).days, 0) if due and end else None
        return cls(status, due, days_open, overdue)
