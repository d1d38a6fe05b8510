"""Data passed from the extractors (PDF, plain text) to the structure stage."""

from dataclasses import dataclass, field
from typing import Literal

FOOTNOTE_MARK_OPEN = "\ue000"  # private-use chars wrap a superscript footnote marker in line text
FOOTNOTE_MARK_CLOSE = "\ue001"  # e.g. "niet»?\ue0001\ue001"

# "margin": the column of sender's details beside a ministry's letter (Rijkshuisstijl).
# "details": a web page's own lines about the document ("Kamervraag …" over the questions,
# "NR 2026Z04886", "Datum …", "Indieners" below them), read as metadata, never as text.
LineKind = Literal["body", "header", "footer", "page_number", "footnote", "margin", "details"]


class ExtractionError(Exception):
    """The file cannot be read as a document; the message is meant for the user."""


@dataclass
class Line:
    text: str  # NFC-normalised, ligatures expanded, soft hyphens removed; markers wrapped as above
    page: int  # 1-based
    kind: LineKind
    x0: float  # left edge, points
    top: float  # distance from the top of the page to the line's top, points
    size: float  # dominant font size of the line
    bold: bool = False
    space_before: float = (
        0.0  # vertical gap to the previous line of the same kind on the page (0 for the first)
    )
    starts_block: bool = False  # markup says a paragraph, heading or list item starts here


@dataclass
class Page:
    number: int
    width: float
    height: float
    lines: list[Line] = field(default_factory=list)


@dataclass
class ExtractedText:
    pages: list[Page]
    has_text_layer: bool  # False when no page has any characters (a scan that needs OCR)
    # True for plain text, where an empty line is a paragraph break by itself; in a PDF
    # the line spacing has to be measured first
    blank_line_breaks: bool = False
    # the file's own metadata, from HTML/XML: <meta name="DC.identifier" content="ah-tk-…">
    # and <title>, names lower-cased ("dc.identifier", "overheidop.aanhangselnummer", "title")
    metadata: dict[str, str] = field(default_factory=dict)
