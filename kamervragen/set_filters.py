"""The whole-value filters on question sets (member, party, ministry) and their choices,
read from the data: the question set list and search share them. A member is one as
`kamervragen.members` merges the written names: "Verhoeven" finds "Kees Verhoeven"'s sets
too where the archive leaves no doubt they are one."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.cache import cache
from django.db import connection
from django.db.models import Q

from kamervragen.members import members_by_name
from kamervragen.ministries import ministry_of
from kamervragen.models import QuestionSet

# Long: a saved set adds its own choices at once; only what no set has any more lingers.
CHOICES_CACHE_SECONDS = 3600
# v2: with the members' written names (`FilterChoices.member_of`).
CHOICES_CACHE_KEY = "kamervragen.set_filters.choices.v2"


@dataclass(frozen=True)
class FilterChoices:
    """The values the filters offer, from the data."""

    members: list[str]  # as `members_by_name` merges the written names
    parties: list[str]
    ministries: list[str]
    # Each ministry's addressees as the sets spell them ("Minister van Financiën",
    # "Staatssecretaris van Financiën").
    addressees: dict[str, list[str]]
    # Each name as the sets write it → its member (`members_by_name`).
    member_of: dict[str, str]
    # The (name, party) pairs the sets write, to merge the names again as sets are saved.
    submitters: frozenset[tuple[str, str]]

    def member(self, value: str) -> str | None:
        """The member a name names, as a set writes it (exactly, else without case); None if
        none."""
        if value in self.member_of:
            return self.member_of[value]
        written = canonical(value, self.member_of)
        return self.member_of[written] if written else canonical(value, self.members)

    def aliases(self) -> dict[str, str]:
        """The names, without outer spaces, that stand for another member: the statistics
        count them under that member ("Verhoeven" → "Kees Verhoeven")."""
        found = {name.strip(): member for name, member in self.member_of.items()}
        return {name: member for name, member in found.items() if name != member}

    def names_of(self, member: str) -> list[str]:
        """The member's names as the sets write them ("Kees Verhoeven", "Verhoeven")."""
        return sorted(name for name, of in self.member_of.items() if of == member)

    def written_names(self, member: str) -> list[str]:
        """`names_of` the member, or the member itself where no set writes it: what to look
        for in the sets' submitters."""
        return self.names_of(member) or [member]


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
    pairs = choices.submitters | {
        (str(s["name"]), str(s.get("party") or "")) for s in submitters if s.get("name")
    }
    parties = {str(s["party"]) for s in submitters if s.get("party")}
    addressees = {str(a) for a in instance.addressed_to or [] if str(a).strip()}
    by_ministry = {ministry: set(names) for ministry, names in choices.addressees.items()}
    for addressee in addressees:
        if ministry := ministry_of(addressee):
            by_ministry.setdefault(ministry, set()).add(addressee)
    member_of = members_by_name(pairs)
    merged = FilterChoices(
        members=sorted(set(member_of.values()), key=str.casefold),
        parties=sorted(set(choices.parties) | parties, key=str.casefold),
        ministries=sorted(by_ministry, key=str.casefold),
        addressees={ministry: sorted(names) for ministry, names in by_ministry.items()},
        member_of=member_of,
        submitters=pairs,
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
    submitters = frozenset((name, party or "") for name, party in pairs if name)
    member_of = members_by_name(submitters)
    return FilterChoices(
        members=sorted(set(member_of.values()), key=str.casefold),
        parties=sorted({party for _name, party in pairs if party}, key=str.casefold),
        ministries=sorted(by_ministry, key=str.casefold),
        addressees={ministry: sorted(names) for ministry, names in by_ministry.items()},
        member_of=member_of,
        submitters=submitters,
    )


def canonical(value: str, among: Iterable[str]) -> str | None:
    """The choice the value names, compared without case; None if none."""
    folded = value.strip().casefold()
    return (
        next((choice for choice in among if choice.casefold() == folded), None) if folded else None
    )


def submitter_q(value: str, *, prefix: str = "", choices: FilterChoices | None = None) -> Q:
    """Sets asked by a member of this whole name or of this whole party (without case):
    free text as the question set list takes it. Nothing where no member or party is. A
    member's sets under each of its written names ("Verhoeven", "Kees Verhoeven")."""
    choices = choices or filter_choices()
    member = choices.member(value)
    party = canonical(value, choices.parties)
    q = Q(pk__in=[])
    if member:
        q |= member_q(member, prefix=prefix, choices=choices)
    if party:
        q |= Q(**{f"{prefix}submitters__contains": [{"party": party}]})
    return q


def member_q(member: str, *, prefix: str = "", choices: FilterChoices | None = None) -> Q:
    """Sets asked by this member (a name of `FilterChoices.members`) under any of its written
    names, each through the GIN index on submitters."""
    choices = choices or filter_choices()
    q = Q(pk__in=[])
    for name in choices.written_names(member):
        q |= Q(**{f"{prefix}submitters__contains": [{"name": name}]})
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
