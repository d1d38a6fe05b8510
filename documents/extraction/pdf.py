"""PDF into classified lines, from the sizes and positions of the characters.

pdfminer.six groups characters into lines; everything else is decided here, for any PDF:

- the body font size is the most common character size in the document;
- running headers sit in the top zone of the page and are smaller than the body or repeat
  at the same height on most pages; page numbers are lone numbers ("3", "- 3 -",
  "Pagina 3 van 7") in the top or bottom zone; footers repeat in the bottom zone;
- footnotes are the run of smaller lines at the bottom of a page, from the first one that
  starts with a number;
- superscript digits glued to the character before them are footnote markers, wrapped in
  FOOTNOTE_MARK_OPEN / FOOTNOTE_MARK_CLOSE.
"""

import errno
import io
import os
import re
import statistics
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import cache
from io import IOBase
from typing import BinaryIO, cast

from pdfminer.high_level import extract_pages
from pdfminer.layout import LAParams, LTAnno, LTChar, LTPage, LTTextLine
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

from documents.extraction.pdf_zones import RawLine, RawPage, classify_lines, weighted_mode
from documents.extraction.types import (
    FOOTNOTE_MARK_CLOSE,
    FOOTNOTE_MARK_OPEN,
    ExtractedText,
    ExtractionError,
    Line,
    Page,
)

# boxes_flow=None skips pdfminer's hierarchical box grouping, which we do not use and
# which costs the most time; all_texts also reads text inside form XObjects (figures).
LAPARAMS = LAParams(boxes_flow=None, all_texts=True, detect_vertical=False)

SUPERSCRIPT_SIZE = 0.85  # marker digits are at most this fraction of the line's size
SUPERSCRIPT_RAISE = 0.2  # and their bottom at least this fraction of it above the line's
GLUED_GAP = 0.3  # a marker further than this fraction of the size from its word is apart
SAME_LINE_GAP = 1.5  # pieces of one visual line pdfminer split, at most this many sizes apart
FOOTNOTE_NUMBER_GAP = 4.0  # a footnote's raised number at most this many sizes before its text

LIGATURES = str.maketrans(
    {"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st", "\xad": None}
)
SOFT_HYPHEN = "\xad"
BOLD_FONT = re.compile(r"bold|black|heavy|demi|semibold|[-,]bd\b", re.IGNORECASE)
PDF_SIGNATURE = b"%PDF-"


def extract_pdf(path_or_file: str | os.PathLike | BinaryIO) -> ExtractedText:
    """Read a PDF into pages of classified lines; raise ExtractionError if it cannot be read."""
    with _open(path_or_file) as stream:
        pages = [_read_page(number, layout) for number, layout in _layouts(stream)]
    sizes: Counter[float] = Counter()
    for page in pages:
        for line in page.lines:
            sizes.update(line.sizes)
    if not sizes:
        return ExtractedText(pages=[_page(raw) for raw in pages], has_text_layer=False)
    body_size = weighted_mode(sizes)
    classify_lines(pages, body_size)
    return ExtractedText(pages=[_page(raw) for raw in pages], has_text_layer=True)


# reading ------------------------------------------------------------------------------------


# Why a stored file cannot be opened, for the clerk who uploaded it.
OPEN_FAILURES = {
    errno.ENOENT: "het ontbreekt op de server",
    errno.EACCES: "de server mag het niet lezen",
    errno.EISDIR: "het is een map",
}


@contextmanager
def _open(path_or_file: str | os.PathLike | BinaryIO) -> Iterator[BinaryIO]:
    """A seekable stream on the PDF; a file the caller passed in is left open."""
    if isinstance(path_or_file, str | os.PathLike):
        try:
            with open(path_or_file, "rb") as stream:
                _check_signature(stream)
                yield stream
        except OSError as exc:
            # Not exc.strerror: the system's words are English ("No such file or directory").
            reason = OPEN_FAILURES.get(exc.errno or 0, f"systeemfout {exc.errno}")
            raise ExtractionError(f"Het bestand kan niet worden geopend: {reason}.") from exc
        return
    seekable = path_or_file if path_or_file.seekable() else io.BytesIO(path_or_file.read())
    _check_signature(seekable)
    yield seekable


def _check_signature(stream: BinaryIO) -> None:
    start = stream.tell()
    head = stream.read(1024)
    stream.seek(start)
    if PDF_SIGNATURE not in head:
        raise ExtractionError("Dit bestand is geen PDF: het begint niet met %PDF-.")


def _layouts(stream: BinaryIO) -> Iterator[tuple[int, LTPage]]:
    # pdfminer.six reads any binary file object; its type hints name only IOBase.
    pages = extract_pages(cast(IOBase, stream), laparams=LAPARAMS)
    number = 0
    while True:
        try:
            layout = next(pages)
        except StopIteration:
            break
        except (PDFPasswordIncorrect, PDFEncryptionError) as exc:
            raise ExtractionError(
                "Deze PDF is beveiligd met een wachtwoord of versleuteld en kan niet worden "
                "gelezen. Sla hem onbeveiligd op en upload hem opnieuw."
            ) from exc
        except Exception as exc:  # pdfminer raises all kinds of errors on damaged files
            raise ExtractionError(
                "Deze PDF is beschadigd of onvolledig en kan niet worden gelezen."
            ) from exc
        number += 1
        yield number, layout
    if number == 0:
        raise ExtractionError("Deze PDF bevat geen pagina's of is beschadigd.")


def _read_page(number: int, layout: LTPage) -> RawPage:
    top_edge = layout.y1
    lines = [
        line
        for textline in _textlines(layout)
        if (line := _read_line(textline, top_edge, layout.x0)) is not None
    ]
    return RawPage(
        number=number,
        width=layout.width,
        height=layout.height,
        lines=_merge_split_lines(_reading_order(lines)),
    )


def _textlines(container: Iterable) -> Iterator[LTTextLine]:
    for item in container:
        if isinstance(item, LTTextLine):
            yield item
        elif isinstance(item, Iterable):
            yield from _textlines(item)


def _read_line(textline: LTTextLine, top_edge: float, left_edge: float) -> RawLine | None:
    glyphs = [
        item
        for item in textline
        if isinstance(item, LTAnno) or (isinstance(item, LTChar) and item.upright)
    ]
    solid = [g for g in glyphs if isinstance(g, LTChar) and g.get_text().strip()]
    if not solid:
        return None
    size = weighted_mode(Counter(_rounded(c.size) for c in solid))
    main = [c for c in solid if c.size >= SUPERSCRIPT_SIZE * size]
    baseline = statistics.median(c.y0 for c in main)
    raised = {id(c) for c in solid if _is_raised_digit(c, size, baseline)}
    text, markers = _line_text(glyphs, raised, size)
    if not text:
        return None
    plain = [c for c in solid if id(c) not in markers] or solid
    return RawLine(
        text=text,
        x0=min(c.x0 for c in solid) - left_edge,
        x1=max(c.x1 for c in solid) - left_edge,
        top=top_edge - max(c.y1 for c in plain),
        bottom=top_edge - min(c.y0 for c in plain),
        baseline=baseline,
        sizes=Counter(_rounded(c.size) for c in plain),
        bold_chars=sum(1 for c in plain if _is_bold(c.fontname)),
    )


@cache
def _is_bold(fontname: str) -> bool:
    return BOLD_FONT.search(fontname) is not None


def _is_raised_digit(char: LTChar, size: float, baseline: float) -> bool:
    return (
        char.get_text().isdigit()
        and char.size < SUPERSCRIPT_SIZE * size
        and char.y0 - baseline > SUPERSCRIPT_RAISE * size
    )


def _line_text(glyphs: list, raised: set[int], size: float) -> tuple[str, set[int]]:
    """The line's text with footnote markers wrapped, and the ids of the marker digits."""
    runs = _marker_runs(glyphs, raised, size)
    starts = {run[0]: run for run in runs}
    ends = {run[-1] for run in runs}
    skipped = {run[0] - 1 for run in runs if isinstance(glyphs[run[0] - 1], LTAnno)}
    leading = _leading_number_end(glyphs, raised)
    parts: list[str] = []
    for index, glyph in enumerate(glyphs):
        if index in skipped:
            continue
        if index in starts:
            parts.append(FOOTNOTE_MARK_OPEN)
        parts.append(glyph.get_text())
        if index in ends:
            parts.append(FOOTNOTE_MARK_CLOSE)
        elif index == leading:
            parts.append(" ")
    markers = {id(glyphs[index]) for run in runs for index in run}
    return _clean("".join(parts)), markers


def _marker_runs(glyphs: list, raised: set[int], size: float) -> list[list[int]]:
    """Runs of raised digits that are footnote markers: at most three digits, glued to a
    full-size letter or punctuation mark before them, and not glued to a letter or digit
    after them. The last conditions keep the ragged word sizes of OCR text layers out."""
    runs: list[list[int]] = []
    index = 0
    while index < len(glyphs):
        if id(glyphs[index]) not in raised:
            index += 1
            continue
        end = index
        while end + 1 < len(glyphs) and id(glyphs[end + 1]) in raised:
            end += 1
        following = glyphs[end + 1] if end + 1 < len(glyphs) else None
        if (
            end - index < 3
            and _glued_after_word(glyphs, index, size)
            and not (isinstance(following, LTChar) and following.get_text().isalnum())
        ):
            runs.append(list(range(index, end + 1)))
        index = end + 1
    return runs


def _glued_after_word(glyphs: list, index: int, size: float) -> bool:
    before = index - 1
    if before >= 0 and isinstance(glyphs[before], LTAnno):
        before -= 1  # a word space pdfminer inserted for a small gap
    if before < 0 or not isinstance(glyphs[before], LTChar):
        return False
    previous = glyphs[before]
    text = previous.get_text()
    return (
        bool(text.strip())
        and not text.isdigit()
        and previous.size >= SUPERSCRIPT_SIZE * size
        and glyphs[index].x0 - previous.x1 < GLUED_GAP * size
    )


def _leading_number_end(glyphs: list, raised: set[int]) -> int | None:
    """Index of the last digit of a raised number that opens the line glued to a word
    ("¹Zie …", a footnote's own number), after which a space belongs."""
    end = 0
    while end < len(glyphs) and id(glyphs[end]) in raised:
        end += 1
    following = glyphs[end] if end < len(glyphs) else None
    if end and isinstance(following, LTChar) and following.get_text().isalpha():
        return end - 1
    return None


def _clean(text: str) -> str:
    text = text.rstrip()
    if text.endswith(SOFT_HYPHEN):
        text = text[:-1] + "-"  # drawn at a line end, a soft hyphen is the visible hyphen
    return unicodedata.normalize("NFC", text.translate(LIGATURES)).strip()


def _rounded(size: float) -> float:
    return round(size, 1)


def _reading_order(lines: list[RawLine]) -> list[RawLine]:
    """Top to bottom; pieces on the same baseline left to right."""
    lines = sorted(lines, key=lambda line: -line.baseline)
    rows: list[list[RawLine]] = []
    for line in lines:
        if rows and abs(rows[-1][0].baseline - line.baseline) <= 0.2 * line.size:
            rows[-1].append(line)
        else:
            rows.append([line])
    return [line for row in rows for line in sorted(row, key=lambda line: line.x0)]


def _merge_split_lines(lines: list[RawLine]) -> list[RawLine]:
    """Join pieces of one visual line that pdfminer split at a wide gap (a tab after a
    footnote number, say); pieces far apart, like a header's left and right, stay apart."""
    merged: list[RawLine] = []
    for line in lines:
        previous = merged[-1] if merged else None
        if previous is not None and (
            _same_visual_line(previous, line) or _raised_number_before(previous, line)
        ):
            merged[-1] = _joined(previous, line)
        else:
            merged.append(line)
    return merged


def _same_visual_line(left: RawLine, right: RawLine) -> bool:
    size = max(left.size, right.size)
    return (
        abs(left.baseline - right.baseline) <= 0.2 * size
        and abs(left.size - right.size) <= 0.15 * size
        and 0 <= right.x0 - left.x1 <= SAME_LINE_GAP * size
    )


def _raised_number_before(number: RawLine, line: RawLine) -> bool:
    """A footnote's own number, raised and small, a tab's width before its text ("¹   de
    Volkskrant, …"): read apart, it would be a lone number at the page's foot."""
    return (
        re.fullmatch(r"\d{1,3}", number.text) is not None
        and number.size < SUPERSCRIPT_SIZE * line.size
        and 0 < number.baseline - line.baseline <= line.size
        and 0 <= line.x0 - number.x1 <= FOOTNOTE_NUMBER_GAP * line.size
    )


def _joined(left: RawLine, right: RawLine) -> RawLine:
    return RawLine(
        text=f"{left.text} {right.text}",
        x0=left.x0,
        x1=right.x1,
        top=min(left.top, right.top),
        bottom=max(left.bottom, right.bottom),
        baseline=left.baseline,
        sizes=left.sizes + right.sizes,
        bold_chars=left.bold_chars + right.bold_chars,
    )


# output -------------------------------------------------------------------------------------


def _page(raw: RawPage) -> Page:
    page = Page(number=raw.number, width=raw.width, height=raw.height)
    previous: dict[str, RawLine] = {}
    for line in raw.lines:
        before = previous.get(line.kind)
        gap = max(0.0, line.top - before.bottom) if before is not None else 0.0
        previous[line.kind] = line
        page.lines.append(
            Line(
                text=line.text,
                page=raw.number,
                kind=line.kind,
                x0=round(line.x0, 2),
                top=round(line.top, 2),
                size=line.size,
                bold=line.bold,
                space_before=round(gap, 2),
            )
        )
    return page
