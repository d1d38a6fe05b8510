"""The whole-value filters on question sets (member, party, ministry) and their choices,
read from the data: the question set list and search share them."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.cache import cache
from django.db import connection
from django.db.models import Q

from kamervragen.ministries import ministry_of
from kamervragen.models import QuestionSet

# Long: a saved set adds its own choices at once; only what no set has any more lingers.
CHOICES_CACHE_SECONDS = 3600
CHOICES_CACHE_KEY = "kamervragen.set_filters.choices"


@dataclass(frozen=True)
class FilterChoices:
    """The values the filters offer, from the data."""

    members: list[str]
    parties: list[str]
    ministries: list[str]
    # Each ministry's addressees as the sets spell them ("Minister van Financiën",
    # "Staatssecretaris van Financiën").
    addressees: dict[str, list[str]]


def filter_choices() -> FilterChoices:
    """Members, parties and ministries of all question sets. Reading them takes a scan of
    the sets, so they are cached for CHOICES_CACHE_SECONDS; a set saved meanwhile adds its
    own at once (`choices_add`, on post_save)."""
    choices = cache.get(CHOICES_CACHE_KEY)
    if choices is None:
        choices = _filter_choices_read()
        cache.set(CHOICES_CACHE_KEY, choices, CHOICES_CACHE_SECONDS)
    return choices


def choices_add(*, instance: QuestionSet, **kwargs) -> None:
    """Adds a saved set's members, parties and addressees to the cached choices (reading
    them all again would take a scan per save); what no set has any more goes when the
    cache expires."""
    choices = cache.get(CHOICES_CACHE_KEY)
    if choices is None:
        return
    submitters = [s for s in instance.submitters or [] if isinstance(s, dict)]
    members = {str(s["name"]) for s in submitters if s.get("name")}
    parties = {str(s["party"]) for s in submitters if s.get("party")}
    addressees = {str(a) for a in instance.addressed_to or [] if str(a).strip()}
    by_ministry = {ministry: set(names) for ministry, names in choices.addressees.items()}
    for addressee in addressees:
        if ministry := ministry_of(addressee):
            by_ministry.setdefault(ministry, set()).add(addressee)
    merged = FilterChoices(
        members=sorted(set(choices.members) | members, key=str.casefold),
        parties=sorted(set(choices.parties) | parties, key=str.casefold),
        ministries=sorted(by_ministry, key=str.casefold),
        addressees={ministry: sorted(names) for ministry, names in by_ministry.items()},
    )
    if merged != choices:
        cache.set(CHOICES_CACHE_KEY, merged, CHOICES_CACHE_SECONDS)


def _filter_choices_read() -> FilterChoices:
    table = QuestionSet._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT 'submitter', s->>'name', s->>'party' FROM {table}, "  # noqa: S608
            "jsonb_array_elements(CASE jsonb_typeof(submitters) WHEN 'array' "
            "THEN submitters ELSE '[]'::jsonb END) s "
            f"UNION SELECT 'addressee', a, NULL FROM {table}, "
            "jsonb_array_elements_text(CASE jsonb_typeof(addressed_to) WHEN 'array' "
            "THEN addressed_to ELSE '[]'::jsonb END) a"
        )
        rows = cursor.fetchall()
    pairs = [(name, party) for what, name, party in rows if what == "submitter"]
    addressees = [name for what, name, _party in rows if what == "addressee"]
    by_ministry: dict[str, list[str]] = {}
    for addressee in addressees:
        if addressee and (ministry := ministry_of(addressee)):
            by_ministry.setdefault(ministry, []).append(addressee)
    return FilterChoices(
        members=sorted({name for name, _party in pairs if name}, key=str.casefold),
        parties=sorted({party for _name, party in pairs if party}, key=str.casefold),
        ministries=sorted(by_ministry, key=str.casefold),
        addressees={ministry: sorted(names) for ministry, names in by_ministry.items()},
    )


def canonical(value: str, among: Iterable[str]) -> str | None:
    """The choice the value names, compared without case; None if none."""
    folded = value.strip().casefold()
    return (
        next((choice for choice in among if choice.casefold() == folded), None) if folded else None
    )


def submitter_q(value: str, *, prefix: str = "", choices: FilterChoices | None = None) -> Q:
    """Sets asked by a member of this whole name or of this whole party (without case):
    free text as the question set list takes it. Nothing where no member or party is."""
    choices = choices or filter_choices()
    member = canonical(value, choices.members)
    party = canonical(value, choices.parties)
    q = Q(pk__in=[])
    if member:
        q |= Q(**{f"{prefix}submitters__contains": [{"name": member}]})
    if party:
        q |= Q(**{f"{prefix}submitters__contains": [{"party": party}]})
    return q


def ministry_q(value: str, *, prefix: str = "", choices: FilterChoices | None = None) -> Q:
    """Sets addressed to anyone of this ministry ("Financiën": its minister and its state
    secretary); also the ministry's addressee in full ("Minister van Financiën")."""
    choices = choices or filter_choices()
    # Also a title ("Minister van Financiën") or a portfolio ("Rechtsbescherming", a choice
    # before the ministries were merged as `kamervragen.ministries` does).
    ministry = (
        canonical(value, choices.ministries)
        or canonical(ministry_of(value) or "", choices.ministries)
        or canonical(ministry_of(f"Minister voor {value}") or "", choices.ministries)
    )
    if not ministry:
        return Q(pk__in=[])
    return Q(**{f"{prefix}addressed_to__has_any_keys": choices.addressees[ministry]})
