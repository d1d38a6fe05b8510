"""What curators do to links: confirm, reject, reopen (or withdraw what the machine never
suggested), add, promote a "Mogelijk ook relevant" candidate. Every change is recorded in the
link's history (`LinkEvent`); the machine never overwrites a curator's decision
(`kamervragen.linking.store`)."""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext

from documents.models import Document, Passage
from kamervragen.ingestion.locks import documents_curation_lock_take
from kamervragen.linking import link_event_record
from kamervragen.models import Link, LinkCandidate, LinkEvent, Question

CURATION_ACTIONS = {
    Link.Status.CONFIRMED: LinkEvent.Action.CONFIRMED,
    Link.Status.REJECTED: LinkEvent.Action.REJECTED,
}


class LinkConflict(Exception):
    """The link changed since the curator saw it (another curator, or an admin): nothing is
    changed, the curator reloads and decides again on what is there now."""

    def __init__(self, link: Link) -> None:
        self.link = link
        last = link.events.filter(actor__isnull=False).select_related("actor").last()
        self.changed_by = (
            last.actor.get_username() if last and last.actor else gettext("een andere curator")
        )
        super().__init__(self.message)

    @property
    def message(self) -> str:
        return gettext(
            "Deze koppeling is intussen gewijzigd door %(name)s; vernieuw de pagina."
        ) % {"name": self.changed_by}


class CurationGone(Exception):
    """What the curator's page showed is no longer there: the link, or the passage or question
    a link would join, went with its document (deleted) or was replaced when that document was
    processed again. Nothing is changed; `message` says so."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def link_gone_message() -> str:
    return gettext(
        "Deze koppeling bestaat niet meer: het document waarop ze rustte, is intussen "
        "verwijderd of opnieuw verwerkt. Er is niets gewijzigd; hieronder staat de huidige stand."
    )


def passage_gone_message() -> str:
    return gettext(
        "Deze passage bestaat niet meer: haar document is intussen verwijderd of opnieuw "
        "verwerkt. Er is niets gekoppeld; zoek de passage opnieuw."
    )


def question_gone_message() -> str:
    return gettext(
        "Deze vraag bestaat niet meer: haar document is intussen verwijderd of opnieuw "
        "verwerkt. Er is niets gewijzigd."
    )


def _sources_keep(
    *, question_id: int, passage_id: int | None = None, footnote_id: int | None = None
) -> None:
    """Keeps the documents of a link's question and passage (or footnote) as they are until
    the transaction ends, or raises `CurationGone` if either is gone already. A deletion
    (`document_discard`) or a re-processing's store of either document waits for this
    curation and then sees it (a decision it keeps); one that came first has committed, and
    what it removed is found gone here, before anything is written."""
    sources = Q(questions=question_id)
    if passage_id is not None:
        sources |= Q(passages=passage_id)
    if footnote_id is not None:
        sources |= Q(footnotes=footnote_id)
    documents_curation_lock_take(
        list(Document.objects.filter(sources).values_list("pk", flat=True))
    )
    if not Question.objects.filter(pk=question_id).exists():
        raise CurationGone(question_gone_message())
    if passage_id is not None and not Passage.objects.filter(pk=passage_id).exists():
        raise CurationGone(passage_gone_message())


def _link_lock(pk: int) -> Link:
    """The link locked, its sources kept (`_sources_keep`); `CurationGone` if it is gone."""
    sources = Link.objects.filter(pk=pk).values("question_id", "passage_id", "footnote_id").first()
    if sources is None:
        raise CurationGone(link_gone_message())
    _sources_keep(**sources)
    link = Link.objects.select_for_update().filter(pk=pk).first()
    if link is None:
        raise CurationGone(link_gone_message())
    return link


@transaction.atomic
def link_set_status(
    *, link: Link, curator, status: str, note: str = "", version: int | None = None
) -> Link:
    """A curator confirms, rejects or reopens a link; the change is recorded.

    `version`: the link's version the curator saw; if the link has changed since, nothing is
    done and `LinkConflict` is raised (two curators at once: neither change silently lost).
    `CurationGone` when the link went with its document (deleted or processed again).
    """
    link = _link_lock(link.pk)
    if version is not None and version != link.version:
        raise LinkConflict(link)
    link.version += 1
    previous = link.status
    link.status = status
    if status == Link.Status.SUGGESTED:
        link.curated_by, link.curated_at = None, None
        action = LinkEvent.Action.REOPENED
    else:
        link.curated_by, link.curated_at = curator, timezone.now()
        action = CURATION_ACTIONS[Link.Status(status)]
    link.save()
    link_event_record(
        link=link, actor=curator, action=action, from_status=previous, to_status=status, note=note
    )
    return link


@transaction.atomic
def link_reopen(*, link: Link, curator, note: str = "", version: int | None = None) -> Link | None:
    """A curator undoes a decision. A link the machine suggested is its suggestion again. One
    the machine never suggested is withdrawn, so that it no longer counts as an answer: a
    passage promoted from "Mogelijk ook relevant" is that again, one added by hand is no
    link; the history keeps the withdrawal (and None is returned)."""
    locked = _link_lock(link.pk)
    promoted = locked.events.filter(action=LinkEvent.Action.PROMOTED).exists()
    if not promoted and locked.method != Link.Method.MANUAL:
        return link_set_status(
            link=locked, curator=curator, status=Link.Status.SUGGESTED, note=note, version=version
        )
    if version is not None and version != locked.version:
        raise LinkConflict(locked)
    if promoted and locked.passage_id is not None:
        LinkCandidate.objects.update_or_create(
            question_id=locked.question_id,
            passage_id=locked.passage_id,
            defaults={
                "probability": locked.score,
                "evidence": {k: v for k, v in locked.evidence.items() if k != "probability"},
            },
        )
    action = LinkEvent.Action.DEMOTED if promoted else LinkEvent.Action.WITHDRAWN
    link_event_record(
        link=locked,
        actor=curator,
        action=action,
        from_status=locked.status,
        to_status="",
        note=note,
    )
    locked.delete()
    return None


def link_confirm(*, link: Link, curator) -> Link:
    return link_set_status(link=link, curator=curator, status=Link.Status.CONFIRMED)


def link_reject(*, link: Link, curator) -> Link:
    return link_set_status(link=link, curator=curator, status=Link.Status.REJECTED)


@transaction.atomic
def link_add(*, question: Question, passage: Passage, curator, note: str = "") -> Link:
    """A curator links a passage the machine missed (or confirms one it suggested).
    `CurationGone` when the question or the passage went with its document."""
    _sources_keep(question_id=question.pk, passage_id=passage.pk)
    # A linked pair is never also a candidate (as `linking.store.candidates_replace` keeps it).
    LinkCandidate.objects.filter(question=question, passage=passage).delete()
    link, created = Link.objects.select_for_update().get_or_create(
        question=question,
        passage=passage,
        defaults={"method": Link.Method.MANUAL, "score": 1.0},
    )
    if not created:
        return link_set_status(link=link, curator=curator, status=Link.Status.CONFIRMED, note=note)
    link.status, link.curated_by, link.curated_at = Link.Status.CONFIRMED, curator, timezone.now()
    link.save()
    link_event_record(
        link=link, actor=curator, action=LinkEvent.Action.ADDED, to_status=link.status, note=note
    )
    return link


@transaction.atomic
def candidate_promote(*, candidate: LinkCandidate, curator) -> Link:
    """A curator takes a "Mogelijk ook relevant" passage as an answer: it becomes a confirmed
    link and stops being a candidate. Promoting again returns the same link.

    The link keeps the machine's method (lexical), its probability as score and its evidence:
    the scorer found the passage and the curator confirmed it, as with a confirmed suggestion,
    so the page keeps explaining it by its terms and training reads it as a confirmed machine
    link below the threshold. `manual` stays for passages the machine never offered.
    `CurationGone` when its question or passage went with its document;
    `LinkCandidate.DoesNotExist` when the candidate is gone and left no link (replaced by a
    linking, or promoted and undone by another curator).
    """
    _sources_keep(question_id=candidate.question_id, passage_id=candidate.passage_id)
    # Lock the candidate: a second promote of the same one waits here, then finds it gone.
    still_candidate = LinkCandidate.objects.select_for_update().filter(pk=candidate.pk).exists()
    link = (
        Link.objects.select_for_update()
        .filter(question_id=candidate.question_id, passage_id=candidate.passage_id)
        .first()
    )
    LinkCandidate.objects.filter(pk=candidate.pk).delete()
    if link is not None:
        if link.status == Link.Status.CONFIRMED:
            return link
        return link_set_status(link=link, curator=curator, status=Link.Status.CONFIRMED)
    if not still_candidate:
        raise LinkCandidate.DoesNotExist(f"candidate {candidate.pk} is gone and left no link")
    link = Link.objects.create(
        question_id=candidate.question_id,
        passage_id=candidate.passage_id,
        method=Link.Method.LEXICAL,
        score=candidate.probability,
        evidence={**candidate.evidence, "probability": candidate.probability},
        status=Link.Status.CONFIRMED,
        curated_by=curator,
        curated_at=timezone.now(),
    )
    link_event_record(
        link=link, actor=curator, action=LinkEvent.Action.PROMOTED, to_status=link.status
    )
    return link
