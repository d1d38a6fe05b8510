"""Word documents (.docx, as ministries draft them) into classified lines, via python-docx.

Like markup, a .docx says where paragraphs start: every paragraph and every table cell
becomes one line that starts a block, headings are bold; text boxes are left out. Footnotes
are read from the package's footnotes part: each `w:footnoteReference` in the text becomes a
wrapped marker numbered in reading order (as Word shows them), and each note a "footnote"
line "N text" after the body, so the later stages treat a .docx like a PDF or an HTML file.
"""

import io
import re
import unicodedata
import zipfile

from docx import Document as open_docx
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from docx.oxml.parser import parse_xml  # entities never resolved (resolve_entities=False)
from docx.table import Table
from docx.text.paragraph import Paragraph

from documents.extraction.types import (
    FOOTNOTE_MARK_CLOSE,
    FOOTNOTE_MARK_OPEN,
    ExtractedText,
    ExtractionError,
    Line,
    LineKind,
    Page,
)

LINE_HEIGHT = 12.0
FOOTNOTES_PART = "/word/footnotes.xml"
# The labels of a letter's head, beside their value in a table ("Datum" | "21 juli 2025").
HEAD_LABEL = re.compile(
    r"^(?:Datum|Betreft|Onderwerp|(?:Ons |Uw )?[Kk]enmerk|Uw brief(?: van)?|Bijlagen?)\s*:?$"
)
# A text box anchored in a paragraph (a letter's column of sender's details, a logo's caption;
# Word stores it twice, for new and old readers) is not part of that paragraph's text.
TEXT_BOX = qn("w:txbxContent")
HEADING_STYLES = re.compile(r"^(?:Heading|Kop|Title|Titel)\b", re.IGNORECASE)
BROKEN = "Dit Word-bestand is beschadigd of versleuteld en kan niet worden gelezen."


def extract_docx(data: bytes) -> ExtractedText:
    try:
        document = open_docx(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as error:
        raise ExtractionError(BROKEN) from error
    notes = _footnotes(document)
    numbers: dict[str, int] = {}  # footnote id -> number shown, in order of reference
    texts: list[tuple[LineKind, str, bool]] = []
    for block in document.iter_inner_content():
        lines = (
            _table_lines(block, numbers) if isinstance(block, Table) else [_line(block, numbers)]
        )
        texts += [("body", text, bold) for text, bold in lines if text]
    for note_id, number in numbers.items():
        texts.append(("footnote", f"{number} {notes.get(note_id, '')}".strip(), False))
    metadata = {"title": document.core_properties.title} if document.core_properties.title else {}
    page = Page(number=1, width=595.0, height=842.0)
    for index, (kind, text, bold) in enumerate(texts):
        page.lines.append(
            Line(
                text=unicodedata.normalize("NFC", text),
                page=1,
                kind=kind,
                x0=0.0,
                top=index * LINE_HEIGHT,
                size=10.0,
                bold=bold,
                starts_block=True,
            )
        )
    return ExtractedText(pages=[page], has_text_layer=bool(page.lines), metadata=metadata)


def _line(paragraph: Paragraph, numbers: dict[str, int]) -> tuple[str, bool]:
    return _squash(_paragraph_text(paragraph, numbers)), _is_heading(paragraph)


def _table_lines(table: Table, numbers: dict[str, int]) -> list[tuple[str, bool]]:
    """A line per cell paragraph; a row of a letter's head ("Datum" | "21 juli 2025") one
    line, as the letter prints it."""
    # A merged cell is returned once per grid column it spans. The elements themselves are
    # kept, not their id(): a freed element's id is reused, and a new cell was taken as seen.
    seen: set = set()
    lines = []
    for row in table.rows:
        cells = []
        for cell in row.cells:
            if cell._tc not in seen:
                seen.add(cell._tc)
                cells.append([_line(p, numbers) for p in cell.paragraphs])
        label, *rest = [" ".join(text for text, _ in cell if text) for cell in cells] or [""]
        if len(cells) == 2 and HEAD_LABEL.match(label) and rest[0]:
            lines.append((f"{label} {rest[0]}", False))
        else:
            lines += [line for cell in cells for line in cell]
    return lines


def _paragraph_text(paragraph: Paragraph, numbers: dict[str, int]) -> str:
    """The paragraph's text, each footnote reference wrapped as a marker where it stands."""
    parts = []
    for element in paragraph._p.iter(qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:footnoteReference")):
        if next(element.iterancestors(TEXT_BOX), None) is not None:
            continue
        if element.tag == qn("w:t"):
            parts.append(element.text or "")
        elif element.tag == qn("w:footnoteReference"):
            note_id = element.get(qn("w:id"))
            number = numbers.setdefault(note_id, len(numbers) + 1)
            parts.append(f"{FOOTNOTE_MARK_OPEN}{number}{FOOTNOTE_MARK_CLOSE}")
        else:
            parts.append(" ")
    return "".join(parts)


def _footnotes(document) -> dict[str, str]:
    """Footnote id -> its text, from the package's footnotes part (if it has one)."""
    part = next(
        (p for p in document.part.package.iter_parts() if str(p.partname) == FOOTNOTES_PART),
        None,
    )
    if part is None:
        return {}
    root = parse_xml(part.blob)
    notes = {}
    for note in root.iter(qn("w:footnote")):
        texts = [t.text or "" for t in note.iter(qn("w:t"))]
        notes[note.get(qn("w:id"))] = _squash("".join(texts))
    return notes


def _is_heading(paragraph: Paragraph) -> bool:
    style = paragraph.style.name if paragraph.style is not None else ""
    return bool(HEADING_STYLES.match(style or ""))


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\xa0", " ").replace("\x00", "")).strip()
