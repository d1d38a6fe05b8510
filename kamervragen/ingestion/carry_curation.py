"""Re-processing a document keeps every link a curator decided on.

Passages and footnotes whose words are unchanged keep their rows (`documents.services`); a
curated link on a row that re-processing replaced moves to the most similar new row, or
stays on its old row, kept as superseded. Machine links on replaced rows go with them and
are suggested again by linking.
"""

from collections.abc import Sequence

from django.utils.translation import gettext

from documents.models import Footnote, Passage
from documents.services import StoredStructure
from documents.text_similarity import comparable_text, text_similarity
from kamervragen.linking import link_event_record
from kamervragen.models import Link, LinkEvent

# A replaced passage's curated links move to the new passage that resembles it most, if
# any resembles it at least this much; otherwise the old passage stays (superseded).
CARRY_OVER_SIMILARITY = 0.6
# A passage split in two or merged with its neighbour: its text inside the other's, which is
# at most this many times longer, counts as this similar.
CONTAINED_LENGTH_RATIO = 3
CONTAINED_SIMILARITY = 0.95


def curation_carry_over(stored: StoredStructure, *, by) -> None:
    """Moves curated links off rows that re-processing replaced; deletes what nobody curated.

    A link moves to the most similar new passage (or footnote) unless that target already
    has a curated link to the same question; the move is recorded in the link's history.
    A link with nowhere to go keeps its old, superseded row, and its history says so.
    `by` is who asked for the re-processing, recorded on the links that moved.
    """
    replaced: list[tuple[Passage | Footnote, Sequence[Passage | Footnote]]] = [
        *((p, stored.passages) for p in stored.replaced_passages),
        *((f, stored.footnotes) for f in stored.replaced_footnotes),
    ]
    for old, new_rows in replaced:
        field = "passage" if isinstance(old, Passage) else "footnote"
        curated = list(Link.objects.filter(**{field: old}).touched_by_curator())
        target = _most_similar(old, new_rows) if curated else None
        for link in curated:
            clash = Link.objects.filter(question_id=link.question_id, **{field: target})
            if target is None or clash.touched_by_curator().exists():
                if not link.events.filter(action=LinkEvent.Action.KEPT).exists():
                    _record(link, by, LinkEvent.Action.KEPT, "")
                continue
            clash.delete()  # a machine suggestion gives way to the curator's decision
            setattr(link, field, target)
            link.save(update_fields=[field, "updated_at"])
            where = gettext("pagina %(page)s") % {"page": target.page} if target.page else ""
            _record(link, by, LinkEvent.Action.MOVED, where)
        if not Link.objects.filter(**{field: old}).touched_by_curator().exists():
            old.delete()  # with the machine's links on it; they are suggested again


def _most_similar(
    old: Passage | Footnote, candidates: Sequence[Passage | Footnote]
) -> Passage | Footnote | None:
    def score(new: Passage | Footnote) -> float:
        a, b = comparable_text(old.text), comparable_text(new.text)
        shorter, longer = sorted((a, b), key=len)
        if shorter and shorter in longer and len(shorter) * CONTAINED_LENGTH_RATIO >= len(longer):
            return CONTAINED_SIMILARITY
        return text_similarity(old.text, new.text)

    scored = [(score(new), new) for new in candidates]
    best = max(scored, key=lambda pair: pair[0], default=(0.0, None))
    return best[1] if best[0] >= CARRY_OVER_SIMILARITY else None


def _record(link: Link, by, action: str, note: str) -> None:
    link_event_record(
        link=link,
        actor=by,
        action=action,
        from_status=link.status,
        to_status=link.status,
        note=note,
    )
