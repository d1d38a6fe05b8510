"""The spaCy pipeline: blank Dutch, the sentencizer, the lookup lemmatizer (spacy-lookups-data)
and three registered components of our own, each under a versioned name (spaCy allows
no dots in factory names):

- `kamervragen_question_splitter_v1` reads the labels that split a document into questions
  and answers ("Vraag 2", "Antwoord op vragen 2 en 3", "Nader antwoord 4", a bare "2."), the
  statement opening an answer or notice ("Antwoord van Minister X (ontvangen …)") and
  answers given by reference ("Zie het antwoord op vraag 3"), with the patterns of
  `documents.answer_labels`;
- `kamervragen_footnote_markers_v1` finds the footnote markers the extractors wrap in
  FOOTNOTE_MARK_OPEN/CLOSE (glued to a word: "niet»?1", "aangeboden.1");
- `kamervragen_reference_ruler_v1`, an EntityRuler, finds references to Kamerstukken,
  motions, the Aanhangsel Handelingen, dated letters and web pages (the patterns are in
  `documents.reference_patterns`; `documents.references` parses what it finds).

No trained Dutch model can be installed here, hence blank("nl").
"""

import functools
import re
from collections.abc import Callable, Collection, Iterable, Iterator
from pathlib import Path

import spacy
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from spacy.language import Language
from spacy.lookups import Lookups
from spacy.pipeline import EntityRuler
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

from documents.answer_labels import (
    LABEL_MAX_LENGTH,
    LABEL_START,
    STATEMENT,
    STATEMENT_START,
    label_of,
    referred_in,
)
from documents.dutch_dates import parse_date
from documents.extraction.types import FOOTNOTE_MARK_CLOSE, FOOTNOTE_MARK_OPEN
from documents.lemma_table import lemma_table
from documents.reference_patterns import MAY_HOLD_REFERENCE, REFERENCE_PATTERNS

QUESTION_SPLITTER = "kamervragen_question_splitter_v1"
FOOTNOTE_MARKERS = "kamervragen_footnote_markers_v1"
REFERENCE_RULER = "kamervragen_reference_ruler_v1"
TOKENIZER = "kamervragen_tokenizer_v1"
LEMMA_LOOKUPS = "kamervragen_lemma_lookups_v1"

MARKER = re.compile(f"{FOOTNOTE_MARK_OPEN}([^{FOOTNOTE_MARK_CLOSE}]*){FOOTNOTE_MARK_CLOSE}")

Doc.set_extension("qa_label", default=None)  # ("question" | "answer" | "number", numbers)
Doc.set_extension("nader", default=False)  # the label or statement says "Nader antwoord"
Doc.set_extension("statement", default=None)  # {"what", "who", "received", "nader"}
Doc.set_extension("starts_statement", default=False)
Doc.set_extension("refers_to_numbers", default=[])
Doc.set_extension("footnote_markers", default=[])  # (start, end, marker), in order


@Language.factory(QUESTION_SPLITTER)
def make_question_splitter(nlp: Language, name: str) -> "QuestionSplitter":
    return QuestionSplitter()


class QuestionSplitter:
    """Reads a line or paragraph: is it a question/answer label, an answer's opening
    statement, or an answer that refers to other answers in the same document?"""

    def __call__(self, doc: Doc) -> Doc:
        text = MARKER.sub("", doc.text).strip()
        doc._.qa_label = label_of(text) if len(text) <= LABEL_MAX_LENGTH else None
        if doc._.qa_label and doc._.qa_label[0] == "answer":
            doc._.nader = text.lower().startswith("nader")
        doc._.starts_statement = bool(STATEMENT_START.match(text))
        statement = STATEMENT.match(text) if doc._.starts_statement else None
        if statement:
            received = parse_date(statement.group("date"))
            doc._.nader = bool(statement.group("nader"))
            doc._.statement = {
                "what": statement.group("what").lower(),
                "who": re.sub(r"\s+", " ", statement.group("who")).strip(" ,"),
                "received": received.isoformat() if received else None,
                "nader": doc._.nader,
            }
        doc._.refers_to_numbers = referred_in(text)
        return doc


@Language.factory(FOOTNOTE_MARKERS)
def make_footnote_markers(nlp: Language, name: str) -> "FootnoteMarkers":
    return FootnoteMarkers()


class FootnoteMarkers:
    """Finds the wrapped footnote markers: `doc._.footnote_markers` as (start, end, marker)
    character offsets and `doc.spans["footnote_markers"]` (label = the marker). The
    tokenizer splits them off the word they are glued to, so they never end up in a lemma."""

    def __call__(self, doc: Doc) -> Doc:
        found = [(m.start(), m.end(), m.group(1)) for m in MARKER.finditer(doc.text)]
        doc._.footnote_markers = found
        spans = (doc.char_span(start, end, label=marker) for start, end, marker in found)
        doc.spans["footnote_markers"] = [span for span in spans if span is not None]
        return doc


@Language.factory(REFERENCE_RULER)
def make_reference_ruler(nlp: Language, name: str) -> EntityRuler:
    return ReferenceRuler(nlp, name=name, overwrite_ents=True)


class ReferenceRuler(EntityRuler):
    """An EntityRuler that always holds the reference patterns, also after initialize()."""

    def __init__(self, nlp: Language, name: str, **config) -> None:
        super().__init__(nlp, name=name, **config)
        self.add_patterns(REFERENCE_PATTERNS)

    def initialize(self, get_examples, *, nlp=None, patterns=None) -> None:
        super().initialize(get_examples, nlp=nlp, patterns=patterns or REFERENCE_PATTERNS)


@spacy.registry.tokenizers(TOKENIZER)
def create_tokenizer() -> Callable[[Language], Tokenizer]:
    """spaCy's rule-based tokenizer with the language's defaults, plus the footnote markers
    as suffixes and infixes. Built with them at once: setting `suffix_search` or
    `infix_finditer` on a built tokenizer loads its 14,000 Dutch special cases again
    (about a second each time)."""

    def tokenizer_factory(nlp: Language) -> Tokenizer:
        defaults = nlp.Defaults
        marker = f"{FOOTNOTE_MARK_OPEN}[^{FOOTNOTE_MARK_CLOSE}]*{FOOTNOTE_MARK_CLOSE}"
        return Tokenizer(
            nlp.vocab,
            rules=defaults.tokenizer_exceptions,
            prefix_search=compile_prefix_regex(defaults.prefixes or ()).search,
            suffix_search=compile_suffix_regex([marker, *(defaults.suffixes or ())]).search,
            infix_finditer=compile_infix_regex([marker, *(defaults.infixes or ())]).finditer,
            token_match=defaults.token_match,
            url_match=defaults.url_match,
        )

    return tokenizer_factory


@spacy.registry.misc(LEMMA_LOOKUPS)
def lemma_lookups() -> Lookups:
    """spacy-lookups-data's Dutch lemma table, the same `Table` (hashed keys, in the file's
    order, and its Bloom filter) the lookup lemmatizer loads itself, but filled without a
    Python `__setitem__` call for each of its 213,000 entries, and kept in a cache file
    once built (`documents.lemma_table`)."""
    lookups = Lookups()
    lookups.set_table("lemma_lookup", lemma_table(_cache_dir()))
    return lookups


def _cache_dir() -> Path | None:
    try:
        return Path(settings.VAR_DIR) / "cache"
    except ImproperlyConfigured:  # the pipeline used without Django's settings
        return None


@functools.cache
def get_nlp() -> Language:
    config = {
        "nlp": {"tokenizer": {"@tokenizers": TOKENIZER}},
        "initialize": {"components": {"lemmatizer": {"lookups": {"@misc": LEMMA_LOOKUPS}}}},
    }
    nlp = spacy.blank("nl", config=config)
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.add_pipe(FOOTNOTE_MARKERS)
    nlp.add_pipe(QUESTION_SPLITTER)
    nlp.add_pipe(REFERENCE_RULER)
    nlp.initialize()
    return nlp


def may_be_label(text: str) -> bool:
    """Can the question splitter find a label or an answer's opening statement here? A cheap
    test, so that most lines of a document never reach the splitter."""
    bare = strip_markers(text).strip()
    return bool(
        (len(bare) <= LABEL_MAX_LENGTH and LABEL_START.match(bare)) or STATEMENT_START.match(bare)
    )


def may_refer(text: str) -> bool:
    """Can the question splitter find a reference to another answer here?"""
    return "antwoord" in text.lower()


def analyse_line(text: str) -> Doc:
    """A line or paragraph through the tokenizer, the marker detector and the question
    splitter only: enough for the structure stages, cheap enough to run on every line."""
    return _run(text, FOOTNOTE_MARKERS, QUESTION_SPLITTER)


def _run(text: str, *names: str) -> Doc:
    nlp = get_nlp()
    doc = nlp.make_doc(text)
    for name in names:
        doc = nlp.get_pipe(name)(doc)
    return doc


def take_markers(text: str) -> tuple[str, list[str]]:
    """Text without its footnote markers, and the markers in order of appearance."""
    if FOOTNOTE_MARK_OPEN not in text:  # most paragraphs: no need to tokenise them here
        return re.sub(r"\s+", " ", text).strip(), []
    found = _run(text, FOOTNOTE_MARKERS)._.footnote_markers
    kept, last = [], 0
    for start, end, _marker in found:
        kept.append(text[last:start])
        last = end
    kept.append(text[last:])
    return re.sub(r"\s+", " ", "".join(kept)).strip(), [marker for *_, marker in found]


def take_markers_of_paragraphs(paragraphs: list[str]) -> tuple[str, list[str], list[int]]:
    """`take_markers` of the paragraphs joined, and where each paragraph after the first
    starts in that text. The text is the one `take_markers` gives (search, linking and the
    exports read it); only the offsets are new. Should a paragraph's own words not be found
    in it, in order, there are no offsets: one paragraph, as before."""
    if len(paragraphs) == 1:  # most passages: one paragraph, no list items
        return *take_markers(paragraphs[0]), []
    text, markers = take_markers("\n\n".join(paragraphs))
    starts: list[int] = []
    position = 0
    for paragraph in paragraphs:
        words = take_markers(paragraph)[0]
        if not words:
            continue
        if position:
            if text[position : position + 1] != " ":
                return text, markers, []
            position += 1
            starts.append(position)
        if not text.startswith(words, position):
            return text, markers, []
        position += len(words)
    return text, markers, starts


def strip_markers(text: str) -> str:
    """The text without its markers, for quick tests on a line's words and punctuation."""
    return MARKER.sub("", text)


def referred_numbers(text: str, *, exclude: Iterable[int] = ()) -> list[int]:
    """Numbers of other answers in this document that the text points to."""
    excluded = set(exclude)
    return [n for n in analyse_line(text)._.refers_to_numbers if n not in excluded]


def content_lemmas_of(doc: Doc) -> str:
    """A doc's lower-cased lemmas without stop words, numbers and punctuation."""
    return " ".join(
        token.lemma_.lower()
        for token in doc
        if token.is_alpha and not token.is_stop and len(token.text) > 1
    )


SENTENCES, LEMMAS, LABELS, REFERENCES = (
    "sentencizer",
    "lemmatizer",
    QUESTION_SPLITTER,
    REFERENCE_RULER,
)


def annotate(
    texts: list[str], *, components: Collection[str] = (SENTENCES, LEMMAS, LABELS, REFERENCES)
) -> list[Doc]:
    """Marker-free texts (passages, questions, footnotes) through the pipeline's `components`
    (sentences, lemmas, labels, references), in batches. A text skips the question splitter
    where it cannot find a label, statement or referral, and the reference ruler where no
    reference can occur; their extensions then keep their defaults."""
    by_index = dict(annotated(texts, components=components))
    return [by_index[index] for index in range(len(texts))]


def annotated(
    texts: list[str], *, components: Collection[str] = (SENTENCES, LEMMAS, LABELS, REFERENCES)
) -> Iterator[tuple[int, Doc]]:
    """As `annotate`, but (index in `texts`, doc) one at a time, not in the texts' order:
    a long document's docs need not all be held at once."""
    nlp = get_nlp()
    groups: dict[frozenset[str], list[int]] = {}
    for index, text in enumerate(texts):
        wanted = set(components)
        if LABELS in wanted and not (may_be_label(text) or may_refer(text)):
            wanted.discard(LABELS)
        if REFERENCES in wanted and not MAY_HOLD_REFERENCE.search(text):
            wanted.discard(REFERENCES)
        groups.setdefault(frozenset(wanted), []).append(index)
    for enabled, indices in groups.items():
        disabled = [name for name in nlp.pipe_names if name not in enabled]
        batch = nlp.pipe((texts[i] for i in indices), batch_size=256, disable=disabled)
        yield from zip(indices, batch, strict=True)
