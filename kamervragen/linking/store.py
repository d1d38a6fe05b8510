"""The one place links and their history (`LinkEvent`) are written by the machine.

A curator's decision is never overwritten: confirmed, rejected and manual links stay
exactly as they are; only machine suggestions nobody touched are re-scored or withdrawn.
Every change is recorded; the curation services record theirs through `link_event_record`.
"""

from django.db.models import QuerySet

from documents.models import Passage
from kamervragen.models import Link, LinkCandidate, LinkEvent, Question


def link_event_record(
    *, link: Link, action: str, to_status: str, from_status: str = "", actor=None, note: str = ""
) -> LinkEvent:
    """Adds a row to the link's history (`actor` None: the machine)."""
    return LinkEvent.objects.create(
        link=link,
        actor=actor,
        action=action,
        from_status=from_status,
        to_status=to_status,
        note=note,
    )


def link_store(question: Question, method: str, score: float, evidence: dict, **target) -> int:
    """Creates the link or re-scores a machine link nobody curated. 1 if created."""
    link = Link.objects.select_for_update().filter(question=question, **target).first()
    if link is None:
        link = Link.objects.create(
            question=question, score=score, method=method, evidence=evidence, **target
        )
        link_event_record(link=link, action=LinkEvent.Action.SUGGESTED, to_status=link.status)
        return 1
    if link.is_curated or link.method == Link.Method.MANUAL:
        return 0  # a curator's decision is never overwritten
    if link.status != Link.Status.SUGGESTED:
        return 0
    if method == Link.Method.EXPLICIT and link.method != method:
        link.method = method  # an explicit answer outranks a lexical guess
    elif link.method != method:
        return 0
    if (link.score, link.evidence) != (score, evidence):
        link.score, link.evidence = score, evidence
        link.save(update_fields=["method", "score", "evidence", "updated_at"])
        link_event_record(
            link=link,
            action=LinkEvent.Action.RESCORED,
            from_status=link.status,
            to_status=link.status,
        )
    return 0


def suggestion_store(
    question: Question, passage: Passage, probability: float, evidence: dict
) -> int:
    """A model suggestion ("lexical"): its probability is the link's score."""
    return link_store(
        question, Link.Method.LEXICAL, round(probability, 4), evidence, passage=passage
    )


def suggestions_withdraw_stale(
    question_ids: list[int],
    candidates: QuerySet[Passage],
    kept: set,
) -> None:
    """Deletes lexical suggestions of these questions on these passages that the ranking no
    longer makes (not among `kept`, (question id, passage id) pairs), unless a curator ever
    touched them."""
    stale = (
        Link.objects.filter(
            question_id__in=question_ids,
            passage__in=candidates,
            method=Link.Method.LEXICAL,
            status=Link.Status.SUGGESTED,
            curated_by__isnull=True,
        )
        .exclude(events__actor__isnull=False)  # a curator touched it once: keep it
        .values_list("pk", "question_id", "passage_id")
    )
    ids = [pk for pk, question_id, passage_id in stale if (question_id, passage_id) not in kept]
    if ids:
        Link.objects.filter(pk__in=ids).delete()


def candidates_replace(
    question_ids: list[int], passages: QuerySet[Passage], candidates: list[LinkCandidate]
) -> None:
    """Replaces the "Mogelijk ook relevant" rows of these questions on these passages with
    `candidates` (unsaved rows). A pair that is a link is never also a candidate."""
    LinkCandidate.objects.filter(question_id__in=question_ids, passage__in=passages).delete()
    linked = set(
        Link.objects.filter(question_id__in=question_ids, passage__in=passages).values_list(
            "question_id", "passage_id"
        )
    )
    LinkCandidate.objects.bulk_create(
        c for c in candidates if (c.question_id, c.passage_id) not in linked
    )
