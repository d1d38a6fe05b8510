"""Evidence terms shown as words: a link's terms are `dutch` stems ("hav", "jar", "gedan");
people read the words the passage itself uses ("haven", "jaar", "gedaan").

A word of a text stands for a stem when PostgreSQL's `dutch_stem` of the word, or of one of
its compound parts ("scanapparatuur" → scan + apparatuur), is that stem: the rule the linking
used to find the term. One query stems every word a page shows (`Speller.resolve`), however
many links and passages it has.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection

from documents.structure import paragraphs_of
from kamervragen.linking.config import DEFAULT
from kamervragen.linking.terms import split_compound

TOKEN = re.compile(r"\S+")
WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
PART = re.compile(r"[^\W\d_]+")
EXCERPT_WORDS = 80  # words of a passage shown before "…" unless evidence lies further on
SENTENCE_END = re.compile(r"[.?!:;]$")


@dataclass
class Spelled:
    """A text's evidence: `words`, the terms as the text spells them (each once, in the
    order of the terms), and `marked`, the lower-cased words to highlight."""

    words: list[str] = field(default_factory=list)
    marked: frozenset[str] = frozenset()


class Speller:
    """Collects texts, stems all their words in one query, then spells terms in each."""

    def __init__(self) -> None:
        self._pending: set[str] = set()
        self._stems: dict[str, frozenset[str]] = {}  # word → stems of it and its parts
        self._whole: dict[str, str] = {}  # word → its own stem

    def add(self, *texts: str | None) -> None:
        for text in texts:
            for word in WORD.findall((text or "").lower()):
                if word not in self._stems:
                    self._pending.add(word)

    def resolve(self) -> None:
        """Stems every word added since the last call (one query, none if nothing new)."""
        if not self._pending:
            return
        forms: dict[str, set[str]] = {}
        for word in self._pending:
            pieces = PART.findall(word)
            for piece in pieces:
                forms[piece] = {piece, *split_compound(piece, DEFAULT)}
            forms[word] = set().union(*(forms[piece] for piece in pieces)) if pieces else set()
        every = sorted({form for parts in forms.values() for form in parts})
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT w, coalesce((ts_lexize('dutch_stem', w))[1], '') "
                "FROM unnest(%s::text[]) AS w",
                [every],
            )
            stem_of = dict(cursor.fetchall())
        for word, parts in forms.items():
            self._stems[word] = frozenset(stem_of[p] for p in parts if stem_of.get(p))
            if word in stem_of:
                self._whole[word] = stem_of[word]
        self._pending.clear()

    def word_stem(self, word: str) -> str:
        """The stem of the word itself, not of its compound parts ("" for a stop word)."""
        return self._whole.get(word.lower(), "")

    def stems(self, text: str | None) -> set[str]:
        """Every stem of the text's words (after `resolve`)."""
        found: set[str] = set()
        for word in WORD.findall((text or "").lower()):
            found |= self._stems.get(word, frozenset())
        return found

    def spell(self, terms: Iterable[str], *texts: str | None) -> Spelled:
        """The terms as these texts spell them; a term no text has is left out."""
        wanted = [str(term).lower() for term in terms if term]
        if not wanted:
            return Spelled()
        occurrences: dict[str, list[str]] = {}
        for text in texts:
            for match in WORD.finditer(text or ""):
                word = match.group()
                for stem in self._stems.get(word.lower(), frozenset()):
                    occurrences.setdefault(stem, []).append(word)
        words: list[str] = []
        marked: set[str] = set()
        for term in wanted:
            forms = occurrences.get(term)
            if not forms:
                continue
            marked.update(form.lower() for form in forms)
            # Lower case when the text has it so ("haven"), else as written ("KPMG").
            shown = next((form for form in forms if form.islower()), forms[0])
            if shown not in words:
                words.append(shown)
        return Spelled(words, frozenset(marked))


def excerpt(text: str, marked: Iterable[str], limit: int = EXCERPT_WORDS) -> str:
    """`excerpt_paragraphs` as one line: the words of its paragraphs, one space apart."""
    return " ".join(excerpt_paragraphs(text, marked, limit=limit))


def excerpt_paragraphs(
    text: str,
    marked: Iterable[str],
    paragraph_starts: Iterable[int] = (),
    limit: int = EXCERPT_WORDS,
) -> list[str]:
    """The text's first `limit` words, or as far as the sentence that holds the last marked
    word's first occurrence (every word listed as evidence is visible in the excerpt), "…"
    after them when the text goes on; in the paragraphs of the text they stand in."""
    tokens = list(TOKEN.finditer(text))
    end = _excerpt_end([token.group() for token in tokens], marked, limit)
    if end is None:
        return paragraphs_of(text, paragraph_starts)
    paragraphs = paragraphs_of(text[: tokens[end - 1].end()], paragraph_starts)
    paragraphs[-1] += " …"
    return paragraphs


def _excerpt_end(tokens: list[str], marked: Iterable[str], limit: int) -> int | None:
    """How many of the tokens an excerpt shows; None: all of them."""
    if len(tokens) <= limit:
        return None
    wanted = set(marked)
    end = limit
    for index, token in enumerate(tokens):
        words = {w.lower() for w in WORD.findall(token)}
        hit = words & wanted
        if hit:
            wanted -= hit
            end = max(end, index + 1)
        if not wanted:
            break
    while end < len(tokens) and not SENTENCE_END.search(tokens[end - 1]):
        end += 1
    return None if end >= len(tokens) else end


def explain(items: Iterable, speller: Speller | None = None) -> None:
    """Sets `shown_words`, `marked_words` and `excerpt` on links and candidates (objects with
    `evidence` and a `passage`, or a footnote): their evidence terms as the passage spells
    them. Stems every word in one query."""
    items = list(items)
    speller = speller or Speller()
    for item in items:
        passage = getattr(item, "passage", None)
        if passage is not None and (item.evidence or {}).get("terms"):
            speller.add(passage.heading, passage.text)
    speller.resolve()
    for item in items:
        passage = getattr(item, "passage", None)
        if passage is None:  # a footnote: its text is shown whole, no terms
            attach(item, Spelled(), "")
            continue
        terms = (item.evidence or {}).get("terms") or []
        spelled = speller.spell(terms, passage.text, passage.heading) if terms else Spelled()
        attach(item, spelled, passage.text, passage.paragraph_starts)


def attach(item: Any, spelled: Spelled, text: str, paragraph_starts: Iterable[int] = ()) -> None:
    """What a template shows of an item's evidence: `shown_words`, `marked_words` and the
    `excerpt_paragraphs` of its text that hold them (the passage's paragraphs,
    `paragraph_starts` offsets into `text`), also as one line, `excerpt`."""
    item.shown_words = spelled.words
    item.marked_words = spelled.marked
    item.excerpt_paragraphs = (
        excerpt_paragraphs(text, spelled.marked, paragraph_starts) if text else []
    )
    item.excerpt = " ".join(item.excerpt_paragraphs)
