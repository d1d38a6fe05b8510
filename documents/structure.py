"""The structure of one document, as the pipeline finds it (before anything is stored)."""

from collections.abc import Iterable
from dataclasses import dataclass, field


# Here, not beside the reference patterns: what the pipeline found must be readable without
# loading spaCy (the web process stores and shows it).
@dataclass
class ReferenceItem:
    kind: str  # "kamerstuk" | "motie" | "aanhangsel" | "brief" | "url" | "zaak"
    text: str
    dossier: str = ""
    numbers: list[int] = field(default_factory=list)
    session: str = ""
    date: str | None = None  # ISO
    url: str = ""


@dataclass
class Paragraph:
    """Body text joined from lines: one paragraph, heading or numbered label."""

    text: str  # footnote markers still wrapped in FOOTNOTE_MARK_OPEN/CLOSE
    page: int
    is_heading: bool = False
    label: tuple[str, tuple[int, ...]] | None = None  # ("question" | "answer", numbers)
    nader: bool = False  # the label reads "Nader antwoord …"
    bold: bool = False  # every line of it bold (a question over its answer in plain text)
    # Where a list item kept inside the paragraph ("a) …", "• …") starts in `text`
    item_starts: list[int] = field(default_factory=list)

    def parts(self) -> list[str]:
        """The text cut where its list items start: what a reader sees on lines of their own."""
        return paragraphs_of(self.text, self.item_starts)


@dataclass
class FootnoteItem:
    marker: str
    text: str
    page: int
    urls: list[str] = field(default_factory=list)
    references: list[ReferenceItem] = field(default_factory=list)


@dataclass
class PassageItem:
    order: int
    text: str
    page: int
    heading: str = ""
    role: str = "body"
    answer_numbers: list[int] = field(default_factory=list)
    refers_to_numbers: list[int] = field(default_factory=list)  # "Zie het antwoord op vraag 3"
    footnote_markers: list[str] = field(default_factory=list)
    nader: bool = False  # a further answer ("Nader antwoord"), given after a first one
    # Of a document answering several sets: whose numbering, 1 the first set's (0: the one
    # set's); `DocumentStructure.metadata["answer_runs"]` holds what each run's heading says
    answer_run: int = 0
    # Where each paragraph after the first starts in `text` (character offsets): the text
    # itself is whitespace-collapsed, one line, as search and linking read it
    paragraph_starts: list[int] = field(default_factory=list)
    # filled by the annotate stage:
    lemmas: str = ""
    sentence_starts: list[int] = field(default_factory=list)
    references: list[ReferenceItem] = field(default_factory=list)


@dataclass
class QuestionItem:
    number: int
    text: str
    page: int
    footnote_markers: list[str] = field(default_factory=list)
    # As `PassageItem.paragraph_starts`: its paragraphs and list items
    paragraph_starts: list[int] = field(default_factory=list)
    lemmas: str = ""  # filled by the annotate stage


@dataclass
class DocumentStructure:
    kind: str
    title: str = ""
    page_count: int = 0
    identifiers: dict = field(default_factory=dict)
    date: str | None = None  # ISO date
    metadata: dict = field(default_factory=dict)  # submitters, addressed_to, …
    passages: list[PassageItem] = field(default_factory=list)
    questions: list[QuestionItem] = field(default_factory=list)
    footnotes: list[FootnoteItem] = field(default_factory=list)


def paragraphs_of(text: str, starts: Iterable[int]) -> list[str]:
    """The text cut into its paragraphs at `starts` (offsets into it, as
    `PassageItem.paragraph_starts`). An offset that is no word's start after a space (out of
    range, or left from before the text was edited) is no cut: the words stay as written."""
    cuts = sorted({s for s in starts if 0 < s < len(text) and text[s - 1].isspace()})
    pieces = [text[a:b].strip() for a, b in zip([0, *cuts], [*cuts, len(text)], strict=True)]
    return [piece for piece in pieces if piece] or [text]
