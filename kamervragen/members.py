"""Which member of parliament a submitter's name stands for, as the sets write it.

Sets list their submitters as the source document writes them: "Kees Verhoeven" in one,
"Verhoeven" in another, "K. Verhoeven" in a third. There is no register of members to
look them up in, so a name is only merged where the archive leaves no doubt: a bare surname
("Verhoeven", "Van der Plas") belongs to the one full name with that surname ("Kees
Verhoeven", "Caroline van der Plas"), if the parties agree where both are known. Two full
names with one surname ("Kees Verhoeven", "Jan Verhoeven") are two people, and the bare
surname then stays as written; so do full names, which are never merged with each other.

The statistics per member, the set list's and search's member filters, the API's `member`
parameter, the member page and the alerts on a member all take a member as `members_by_name`
gives it."""

import re
from collections.abc import Iterable

# Dutch surname particles ("tussenvoegsels"): part of the surname, never a first name.
PARTICLES = frozenset(
    {
        *("van", "de", "der", "den", "het", "'t", "te", "ter", "ten", "in", "op", "onder"),
        *("aan", "bij", "uit", "voor", "von", "vom", "zu", "la", "le", "du", "d'", "des"),
        *("del", "della", "di", "da", "dos", "el", "al"),
    }
)
# Titles before a name ("dr. Omtzigt", "mr. Van Nispen") are neither first name nor surname.
TITLES = frozenset({"dr", "drs", "mr", "ir", "ing", "prof", "mw", "dhr"})


def _words(name: str) -> list[str]:
    words = re.sub(r"\s+", " ", name).strip(" ,").split(" ")
    while len(words) > 1 and words[0].casefold().rstrip(".") in TITLES:
        words = words[1:]
    return [word for word in words if word]


def surname(name: str) -> tuple[str, bool]:
    """The name's surname without case, and whether the name is nothing but that surname
    (no first name or initials): "Kees Verhoeven" → ("verhoeven", False); "Van der Plas" →
    ("van der plas", True); "K.H. van der Plas" → ("van der plas", False)."""
    words = _words(name)
    if not words:
        return "", True
    if len(words) == 1 or words[0].casefold() in PARTICLES:
        return " ".join(words).casefold(), True
    # The surname starts at its first particle ("Jan Jacob van Dijk"), else it is the last
    # word ("Anne Marie Jorritsma"; a double name with a hyphen is one word).
    start = next(
        (i for i, word in enumerate(words[1:], 1) if word.casefold() in PARTICLES),
        len(words) - 1,
    )
    return " ".join(words[start:]).casefold(), False


def members_by_name(submitters: Iterable[tuple[str | None, str | None]]) -> dict[str, str]:
    """Each name as written → its member, from the archive's (name, party) pairs as the sets
    list them. A member is a name without its outer spaces; a bare surname's member is the
    full name with that surname where exactly one full name in the archive has it and, if
    both are written with a party, every party of the bare surname is one of the full
    name's. Any other name is its own member."""
    written_as: dict[str, str] = {}  # as written → stripped
    parties: dict[str, set[str]] = {}  # stripped → its parties, without case
    for name, party in submitters:
        if not name or not name.strip():
            continue
        written_as[name] = name.strip()
        known = parties.setdefault(name.strip(), set())
        if party and party.strip():
            known.add(party.strip().casefold())
    full_names: dict[str, list[str]] = {}
    for name in parties:
        key, bare = surname(name)
        if not bare:
            full_names.setdefault(key, []).append(name)
    member_of = {}
    for name, its_parties in parties.items():
        key, bare = surname(name)
        member_of[name] = name
        candidates = full_names.get(key, [])
        if bare and len(candidates) == 1:
            (full,) = candidates
            if not its_parties or not parties[full] or its_parties <= parties[full]:
                member_of[name] = full
    return {written: member_of[name] for written, name in written_as.items()}
