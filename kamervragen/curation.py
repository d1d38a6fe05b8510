"""What curators do to links: confirm, reject, reopen, add. Every change is recorded in
the link's history (`LinkEvent`); the machine never overwrites a curator's decision
(`kamervragen.linking.store`)."""

from django.db import transaction
from django.utils import timezone

from documents.models import Passage
from kamervragen.linking import link_event_record
from kamervragen.models import Link, LinkEvent, Question

CURATION_ACTIONS = {
    Link.Status.CONFIRMED: LinkEvent.Action.CONFIRMED,
    Link.Status.REJECTED: LinkEvent.Action.REJECTED,
}


@transaction.atomic
def link_set_status(*, link: Link, curator, status: str, note: str = "") -> Link:
    """A curator confirms, rejects or reopens a link; the change is recorded."""
    link = Link.objects.select_for_update().get(pk=link.pk)
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


def link_confirm(*, link: Link, curator) -> Link:
    return link_set_status(link=link, curator=curator, status=Link.Status.CONFIRMED)


def link_reject(*, link: Link, curator) -> Link:
    return link_set_status(link=link, curator=curator, status=Link.Status.REJECTED)


@transaction.atomic
def link_add(*, question: Question, passage: Passage, curator, note: str = "") -> Link:
    """A curator links a passage the machine missed (or confirms one it suggested)."""
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
