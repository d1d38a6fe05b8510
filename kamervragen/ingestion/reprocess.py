"""A clerk's request to process a finished or stuck document again, or to delete one: a
wrong upload, failed or processed, with what was made of it, as long as no curator's
decision rests on it.

Apart from the recipe, so that the web process, which only queues, does not import the
pipeline and the linking (spaCy, the word lists) to start."""

import logging
from dataclasses import dataclass

from django.apps import apps
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from documents.models import Document
from kamervragen.ingestion.locks import (
    document_change_lock_take,
    document_ingestion_running,
    question_set_lock_take,
)
from kamervragen.models import Link, LinkCandidate, QuestionSet

logger = logging.getLogger(__name__)


class NotFinished(Exception):
    """The document is still queued or being processed."""


class NotDiscardable(Exception):
    """Deleting the document would lose what must be kept; `reason` says what and what to do,
    `plan` is the refused `DiscardPlan` (the confirmation page shows it again)."""

    def __init__(self, plan: "DiscardPlan") -> None:
        super().__init__(plan.refusal)
        self.plan = plan
        self.reason = plan.refusal


class DocumentGone(Exception):
    """The document was deleted meanwhile (by another request)."""


# How many documents or questions a refusal names before it counts the rest.
NAMED_IN_A_REFUSAL = 3


@transaction.atomic
def document_reprocess(*, document: Document, by) -> Document:
    """Queues a finished (done or failed) or stuck document to be ingested again.

    Stuck: queued or processing, unchanged for DOCUMENT_STUCK_AFTER_MINUTES, and no
    ingestion of it running (its worker crashed, or its task was lost). A document stored
    and waiting for its linking is queued again from the start too (a correction saved
    meanwhile must be read). The caller enqueues the ingest task; curated links survive it
    (see `carry_curation`).
    """
    document = Document.objects.select_for_update().get(pk=document.pk)
    if (
        not document.is_finished
        and not document.is_waiting_for_linking
        and (not document.is_stuck or document_ingestion_running(document_id=document.pk))
    ):
        raise NotFinished
    document.status, document.stage, document.error = Document.Status.QUEUED, "", ""
    document.save(update_fields=["status", "stage", "error", "updated_at"])
    logger.info("Document %s queued again by %s", document.pk, by)
    return document


@dataclass(frozen=True)
class DiscardPlan:
    """What deleting a document takes with it, or why it is refused (`refusal`)."""

    refusal: str = ""
    passages: int = 0
    footnotes: int = 0
    questions: int = 0
    machine_links: int = 0  # suggestions and "Mogelijk ook relevant" candidates
    sets_deleted: tuple[QuestionSet, ...] = ()  # sets that came from this document alone
    sets_refreshed: tuple[QuestionSet, ...] = ()  # sets it belonged to or answered


def document_discard_plan(*, document: Document) -> DiscardPlan:
    """Whether the document may be deleted and what would go with it (`document_discard`).

    Refused while it is being processed; while a link on its passages, footnotes or
    questions carries a curator's decision (`LinkQuerySet.carrying_decision`); and when it
    gives a question set the only questions it has while other documents belong to or
    answer that set. A set that nothing but this document made or answers goes with it."""
    if not document.is_finished or document_ingestion_running(document_id=document.pk):
        return DiscardPlan(
            refusal=_(
                "Dit document wordt nog verwerkt. Verwijderen kan zodra het verwerkt of mislukt is."
            )
        )
    decided = list(
        _involved_links(document)
        .carrying_decision()
        .select_related("question__question_set")
        .order_by("question__question_set", "question__number", "pk")
    )
    if decided:
        return DiscardPlan(refusal=_decided_refusal(decided))
    deleted, refreshed = [], []
    for question_set in _sets_of(document):
        others = list(_other_documents(question_set, document))
        keeps_questions = question_set.questions.exclude(document=document).exists()
        if not others and not keeps_questions:
            deleted.append(question_set)
        elif not keeps_questions and question_set.questions.filter(document=document).exists():
            return DiscardPlan(refusal=_set_refusal(question_set, others))
        else:
            refreshed.append(question_set)
    links = _involved_links(document).count()
    candidates = LinkCandidate.objects.filter(
        Q(passage__document=document) | Q(question__document=document)
    ).count()
    return DiscardPlan(
        passages=document.passages.count(),
        footnotes=document.footnotes.count(),
        questions=document.questions.count(),
        machine_links=links + candidates,
        sets_deleted=tuple(deleted),
        sets_refreshed=tuple(refreshed),
    )


@transaction.atomic
def document_discard(*, document: Document, by) -> str:
    """Deletes a finished document with its file, passages, footnotes, references,
    questions and machine links (suggestions, candidates), and the question sets that came
    from it alone; the statuses of the sets it belonged to or answered are computed again
    (their `reply_letters` and `run_answers` lose it). Returns its name.

    Refused (`NotDiscardable`, `document_discard_plan`) rather than lose a curator's
    decision. Every row deleted is in its history (`pghistory`: the document's, its
    questions', links' and sets' snapshots, with who asked, in the request's context); the
    links' `LinkEvent`s stay. `DocumentGone` when another request deleted it first."""
    try:
        document = Document.objects.select_for_update().get(pk=document.pk)
    except Document.DoesNotExist:
        raise DocumentGone from None
    # No document finds or makes its set meanwhile (`questions_store`), and the curations
    # on it (their links locked too) end before their decisions are read: a curation
    # committed before is seen, one made after waits and then finds its link gone.
    document_change_lock_take(document.pk)
    question_set_lock_take()
    list(_involved_links(document).select_for_update(of=("self",)).values_list("pk", flat=True))
    plan = document_discard_plan(document=document)
    if plan.refusal:
        raise NotDiscardable(plan)
    pk, name, storage, shown = document.pk, document.file.name, document.file.storage, str(document)
    document.delete()
    QuestionSet.objects.filter(pk__in=[s.pk for s in plan.sets_deleted]).delete()
    if plan.sets_refreshed:
        # Imported here: the module of the sets imports the linking (spaCy), which the web
        # process does not load to start (as `QuestionSetAdmin.save_related`).
        from kamervragen.ingestion.question_sets import question_set_status_refresh

        question_set_status_refresh([s.pk for s in plan.sets_refreshed])
    if name:
        transaction.on_commit(lambda: storage.delete(name))
    logger.info(
        "Document %s (%s) deleted by %s, with %d passages and sets %s",
        pk,
        shown,
        by,
        plan.passages,
        [s.pk for s in plan.sets_deleted],
    )
    return shown


def document_was_deleted(*, pk: int) -> bool:
    """Whether a document of this id was deleted: its history keeps the deletion."""
    snapshots = apps.get_model("documents", "DocumentSnapshot")  # made by `pghistory.track`
    return snapshots.objects.filter(pgh_obj_id=pk, pgh_label="delete").exists()


def _involved_links(document: Document):
    """The links on the document's passages or footnotes, or of its questions."""
    return Link.objects.filter(
        Q(passage__document=document)
        | Q(footnote__document=document)
        | Q(question__document=document)
    )


def _sets_of(document: Document):
    """The sets the document belongs to, holds questions of, or answers besides."""
    return (
        QuestionSet.objects.filter(
            Q(documents=document)
            | Q(questions__document=document)
            | Q(reply_letters=document)
            | Q(run_answers=document)
        )
        .distinct()
        .order_by("pk")
    )


def _other_documents(question_set: QuestionSet, document: Document):
    """The set's other documents: those of it, and those that answer it besides."""
    return (
        Document.objects.filter(
            Q(question_sets=question_set)
            | Q(answered_question_sets=question_set)
            | Q(run_answered_question_sets=question_set)
        )
        .exclude(pk=document.pk)
        .distinct()
        .order_by("pk")
    )


def _named(items: list) -> str:
    """‘A’, ‘B’ en ‘C’; beyond NAMED_IN_A_REFUSAL, "en N andere"."""
    names = [f"‘{item}’" for item in items[:NAMED_IN_A_REFUSAL]]
    rest = len(items) - len(names)
    if rest:
        names.append(ngettext("%(count)d ander", "%(count)d andere", rest) % {"count": rest})
    if len(names) == 1:
        return names[0]
    return _("%(first)s en %(last)s") % {"first": ", ".join(names[:-1]), "last": names[-1]}


def _decided_refusal(decided: list[Link]) -> str:
    questions = list(dict.fromkeys(str(link.question) for link in decided))
    return (
        ngettext(
            "Dit document kan niet worden verwijderd: een curator heeft %(count)d koppeling "
            "beoordeeld die erop rust (%(questions)s).",
            "Dit document kan niet worden verwijderd: een curator heeft %(count)d koppelingen "
            "beoordeeld die erop rusten (%(questions)s).",
            len(decided),
        )
        % {"count": len(decided), "questions": _named(questions)}
        + " "
        + _(
            "Bevestigd, afgewezen, zelf toegevoegd of overgenomen: een beslissing van een curator "
            "gaat nooit verloren. Vraag een curator die beoordeling eerst terug te zetten "
            "(‘Terugzetten’ bij de koppeling), of vraag een beheerder."
        )
    )


def _set_refusal(question_set: QuestionSet, others: list[Document]) -> str:
    refusal = ngettext(
        "Dit document kan niet worden verwijderd: de vragen van vragenset %(set)s komen alleen "
        "hieruit, en ook %(documents)s hoort bij die set of beantwoordt haar. Verwijderen "
        "zou de set zonder vragen laten.",
        "Dit document kan niet worden verwijderd: de vragen van vragenset %(set)s komen alleen "
        "hieruit, en ook %(documents)s horen bij die set of beantwoorden haar. Verwijderen "
        "zou de set zonder vragen laten.",
        len(others),
    ) % {"set": question_set, "documents": _named(others)}
    question_documents = [d for d in others if d.kind == Document.Kind.QUESTIONS]
    if question_documents:
        hint = _(
            "Verwerk eerst %(document)s opnieuw: dan komen de vragen daaruit en kan dit "
            "document worden verwijderd."
        ) % {"document": f"‘{question_documents[0]}’"}
    else:
        hint = _(
            "Upload eerst het juiste vragendocument (het komt met zijn zaaknummer bij deze set "
            "en neemt de vragen over), of verwijder eerst die andere documenten als ook die "
            "niet kloppen."
        )
    return f"{refusal} {hint}"
