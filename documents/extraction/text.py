"""Plain text, as pdftotext-like tools give it, into classified lines.

In such text a new page starts on a line with one leading space, and a page's footnotes
stand just before it ("1 FTM, 8 juni 2023 (…)", continuing over several lines). Footnote
markers are digits glued to the word before them ("niet»?1"); they are recognised only
where a footnote with that number exists on the same page.
"""

import re
import unicodedata

from documents.extraction.types import (
    FOOTNOTE_MARK_CLOSE,
    FOOTNOTE_MARK_OPEN,
    ExtractedText,
    ExtractionError,
    Line,
    LineKind,
    Page,
)

FOOTNOTE_START = re.compile(r"^(\d{1,3})\s+\S")
LINE_HEIGHT = 12.0


def extract_text(data: bytes) -> ExtractedText:
    text = _decode(data)
    pages = [_page(number, raw) for number, raw in enumerate(_split_pages(text), start=1)]
    _number_footnotes(pages)
    return ExtractedText(
        pages=pages, has_text_layer=any(page.lines for page in pages), blank_line_breaks=True
    )


def _decode(data: bytes) -> str:
    text = None
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    if text is None:  # pragma: no cover - cp1252 decodes nearly everything
        raise ExtractionError("Het tekstbestand heeft een onbekende tekenset.")
    if "\x00" in text:
        raise ExtractionError("Dit is geen tekstbestand: het bevat binaire gegevens.")
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\xad", "")
    return unicodedata.normalize("NFC", text)


def _split_pages(text: str) -> list[list[str]]:
    pages: list[list[str]] = [[]]
    for raw in text.split("\n"):
        if "\f" in raw or (raw.startswith(" ") and not raw.startswith("  ") and raw.strip()):
            if any(line.strip() for line in pages[-1]):
                pages.append([])
            raw = raw.replace("\f", "")
        pages[-1].append(raw.strip())
    return pages


def _page(number: int, raw_lines: list[str]) -> Page:
    footnote_from = _footnote_block_start(raw_lines)
    page = Page(number=number, width=595.0, height=842.0)
    gap = 0.0
    for index, text in enumerate(raw_lines):
        if not text:
            gap += LINE_HEIGHT
            continue
        kind: LineKind = (
            "footnote" if footnote_from is not None and index >= footnote_from else "body"
        )
        page.lines.append(
            Line(
                text=text,
                page=number,
                kind=kind,
                x0=0.0,
                top=index * LINE_HEIGHT,
                size=10.0,
                space_before=gap,
            )
        )
        gap = 0.0
    return page


def _footnote_block_start(lines: list[str]) -> int | None:
    """Index of the first line of the footnote block that closes the page, if any.

    The block is a run of numbered notes (consecutive numbers) reaching the end of the
    page; lines in between that do not start with a number continue the previous note.
    """
    candidates = [i for i, line in enumerate(lines) if FOOTNOTE_START.match(line)]
    for start in candidates:
        if start == 0 or lines[start - 1].strip():
            continue  # a footnote block follows a blank line
        numbers = [int(_footnote_marker(lines[i])) for i in candidates if i >= start]
        consecutive = numbers == list(range(numbers[0], numbers[0] + len(numbers)))
        if consecutive and _glued_marker(str(numbers[0])).search("\n".join(lines[:start])):
            return start
    return None


def _glued_marker(marker: str) -> re.Pattern:
    """A footnote number glued to the word or punctuation before it ("niet»?1", "aan4.",
    "«…»1?"), or the next marker of the same place ("»1?, 2": the ", " is part of the match,
    so that taking the markers out leaves no comma behind)."""
    close = FOOTNOTE_MARK_CLOSE
    after_marker = rf"(?:(?<={close})|(?<={close}[?!.])),\s?"
    return re.compile(
        rf"(?:(?<=[^\s\d{close}])|{after_marker}){marker}(?=[\s.,;:?!]|$)", re.MULTILINE
    )


def _number_footnotes(pages: list[Page]) -> None:
    for page in pages:
        markers = [
            _footnote_marker(line.text)
            for line in page.lines
            if line.kind == "footnote" and FOOTNOTE_START.match(line.text)
        ]
        for marker in markers:
            _wrap_first_marker(page, marker)


def _wrap_first_marker(page: Page, marker: str) -> None:
    glued = _glued_marker(marker)
    for line in page.lines:
        if line.kind != "body":
            continue
        match = glued.search(line.text)
        if match:
            line.text = (
                line.text[: match.start()]
                + f"{FOOTNOTE_MARK_OPEN}{marker}{FOOTNOTE_MARK_CLOSE}"
                + line.text[match.end() :]
            )
            return


def _footnote_marker(line: str) -> str:
    """The number a footnote line starts with (the caller checked FOOTNOTE_START)."""
    match = FOOTNOTE_START.match(line)
    assert match is not None
    return match.group(1)
