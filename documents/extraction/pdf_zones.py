"""Which of a PDF page's lines are body text, running header, page number, footer or
footnote, decided from their position on the page, their size against the body's and
their repetition across pages (see `documents.extraction.pdf` for the whole contract)."""

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field

from documents.extraction.types import LineKind

TOP_ZONE = 0.10  # fraction of the page height

BOTTOM_ZONE = 0.10

SMALLER = 0.9  # a line is "smaller than the body" below this fraction of the body size

SAME_HEIGHT = 4.0  # points: a repeated header or footer stands at the same height

FOOTNOTE_GAP = 1.5  # a gap above this many line heights ends the footnote block

PAGE_NUMBER = re.compile(
    r"^(?:[-–—]\s*)?\d{1,4}(?:\s*[-–—])?$"
    r"|^(?:pagina|page|blz\.?|p\.)\s*\d{1,4}(?:\s*(?:van|of|/)\s*\d{1,4})?$"
    r"|^\d{1,4}\s*(?:/|van|of)\s*\d{1,4}$",
    re.IGNORECASE,
)

FOOTNOTE_START = re.compile(r"^\d{1,3}(?:\s|$)")

# The column beside a ministry's letter (Rijkshuisstijl: directorate, visiting and postal
# address, "Ons kenmerk", "Datum", "Pagina 2 van 3", in 7 points beside a 9.5-point body):
# small lines that start right of where the body's lines end, in the page's right part, at
# one left edge; or, in other houses' letters, small lines that end left of where the body's
# lines start, in the page's left part.
MARGIN_COLUMN_START = 0.55  # fraction of the page width
MARGIN_COLUMN_EDGE = 6.0  # points: the column's lines start this close to one another
MARGIN_COLUMN_LINES = 3  # fewer is a stray note, not a column
BODY_RIGHT_QUANTILE = 0.95  # the body's right edge, past the odd long line
TABLE_ROW_CELLS = 2  # this many small cells left of a line on its baseline make a table row


@dataclass
class RawLine:
    """A line as read from the page, before it is classified."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    baseline: float  # bottom of the line's main characters, PDF coordinates
    sizes: Counter = field(default_factory=Counter)  # char count per size, markers excluded
    bold_chars: int = 0
    kind: LineKind = "body"

    @property
    def size(self) -> float:
        return self.sizes.most_common(1)[0][0]

    @property
    def bold(self) -> bool:
        return self.bold_chars * 2 > sum(self.sizes.values())


@dataclass
class RawPage:
    number: int
    width: float
    height: float
    lines: list[RawLine]


def weighted_mode(counts: Counter) -> float:
    return counts.most_common(1)[0][0]


def classify_lines(pages: list[RawPage], body_size: float) -> None:
    repeated = _repeated_lines(pages)
    page_numbers = _page_numbers(pages)
    for page in pages:
        for line in page.lines:
            line.kind = _zone_kind(line, page, body_size, id(line) in repeated)
            if id(line) in page_numbers:
                line.kind = "page_number"
    for line in _margin_column(pages, body_size):
        line.kind = "margin"
    for page in pages:
        _mark_footnotes(page, body_size)


def _margin_column(pages: list[RawPage], body_size: float) -> list[RawLine]:
    """The lines of a column of small print beside the body (`MARGIN_COLUMN_START`)."""
    body = [line for page in pages for line in page.lines if line.kind == "body"]
    ends = sorted(line.x1 for line in body if abs(line.size - body_size) <= 0.1 * body_size)
    if not ends:
        return []
    body_right = ends[int(BODY_RIGHT_QUANTILE * (len(ends) - 1))]
    starts = sorted(line.x0 for line in body if abs(line.size - body_size) <= 0.1 * body_size)
    body_left = starts[int((1 - BODY_RIGHT_QUANTILE) * (len(starts) - 1))]
    right = [
        line
        for page in pages
        for line in page.lines
        if line.kind == "body"
        and line.size < SMALLER * body_size
        and line.x0 > body_right
        and line.x0 >= MARGIN_COLUMN_START * page.width
        and not _ends_a_table_row(line, page, body_size)
    ]
    # Some ministries and agencies put the column left of the body instead, on page 1
    left = [
        line
        for page in pages
        for line in page.lines
        if line.kind == "body"
        and line.size < SMALLER * body_size
        and line.x1 < body_left
        and line.x1 <= (1 - MARGIN_COLUMN_START) * page.width
    ]
    return _one_edge(right) + _one_edge(left)


def _one_edge(beside: list[RawLine]) -> list[RawLine]:
    """The lines that start at the most common left edge, if enough of them do."""
    if not beside:
        return []
    edge = weighted_mode(Counter(round(line.x0) for line in beside))
    column = [line for line in beside if abs(line.x0 - edge) <= MARGIN_COLUMN_EDGE]
    return column if len(column) >= MARGIN_COLUMN_LINES else []


def _ends_a_table_row(line: RawLine, page: RawPage, body_size: float) -> bool:
    """Two or more cells of small print left of the line on its baseline: the line is the
    last cell of a table wider than the text, not a column beside it (whose lines stand
    beside the body's, or beside a single small label such as "Datum")."""
    cells = [
        other
        for other in page.lines
        if other is not line
        and other.x1 <= line.x0
        and other.size < SMALLER * body_size
        and abs(other.baseline - line.baseline) <= 0.2 * line.size
    ]
    return len(cells) >= TABLE_ROW_CELLS


def _zone_kind(line: RawLine, page: RawPage, body_size: float, repeated: bool) -> LineKind:
    if _in_top(line, page) and (repeated or line.size < SMALLER * body_size):
        return "header"
    if _in_bottom(line, page) and repeated:
        return "footer"
    return "body"


def _in_top(line: RawLine, page: RawPage) -> bool:
    return line.top < TOP_ZONE * page.height


def _in_bottom(line: RawLine, page: RawPage) -> bool:
    return line.bottom > (1 - BOTTOM_ZONE) * page.height


def _page_numbers(pages: list[RawPage]) -> set[int]:
    """Lone numbers in the top or bottom zone that run with the pages: their value minus
    the page's position is the same as for most of them (so a question number "1" that
    happens to stand at the top of a page is not taken for one)."""
    candidates = [
        (page.number, line)
        for page in pages
        for line in page.lines
        if (_in_top(line, page) or _in_bottom(line, page)) and PAGE_NUMBER.match(line.text)
    ]
    offsets = Counter(_first_number(line.text) - number for number, line in candidates)
    if not offsets:
        return set()
    offset = weighted_mode(offsets)
    return {id(line) for number, line in candidates if _first_number(line.text) - number == offset}


def _first_number(text: str) -> int:
    found = re.search(r"\d+", text)
    return int(found.group()) if found else 0


def _repeated_lines(pages: list[RawPage]) -> set[int]:
    """Lines in the top or bottom zone that stand at the same height on most pages with
    the same text, or with the same text apart from numbers that run with the pages."""
    if len(pages) < 2:
        return set()
    needed = max(2, (len(pages) + 1) // 2)
    by_shape: dict[str, list[tuple[int, RawLine]]] = {}
    for page in pages:
        for line in page.lines:
            if _in_top(line, page) or _in_bottom(line, page):
                by_shape.setdefault(_shape(line.text), []).append((page.number, line))
    repeated: set[int] = set()
    for occurrences in by_shape.values():
        # Lines at the same height share their level: each level is judged once (a running
        # header on every page made this quadratic in the number of pages).
        occurrences.sort(key=lambda occurrence: occurrence[1].top)
        tops = [line.top for _, line in occurrences]
        runs: dict[tuple[int, int], bool] = {}
        judged: dict[tuple[int, int, str | None], bool] = {}
        for _, line in occurrences:
            window = (
                bisect_left(tops, line.top - SAME_HEIGHT),
                bisect_right(tops, line.top + SAME_HEIGHT),
            )
            if window not in runs:
                runs[window] = _numbers_run_with_pages(occurrences[window[0] : window[1]])
            text = None if runs[window] else line.text  # else only the same text counts
            key = (*window, text)
            if key not in judged:
                level = occurrences[window[0] : window[1]]
                on_pages = {n for n, other in level if text is None or other.text == text}
                judged[key] = len(on_pages) >= needed
            if judged[key]:
                repeated.add(id(line))
    return repeated


def _shape(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"\d+", "#", text.lower())).strip()


def _numbers_run_with_pages(occurrences: list[tuple[int, RawLine]]) -> bool:
    """Each number in the text is the same everywhere or keeps step with the page number."""
    pages = [number for number, _ in occurrences]
    rows = [[int(n) for n in re.findall(r"\d+", line.text)] for _, line in occurrences]
    for column in zip(*rows, strict=True):
        if len(set(column)) > 1 and len({v - p for v, p in zip(column, pages, strict=True)}) > 1:
            return False
    return True


def _mark_footnotes(page: RawPage, body_size: float) -> None:
    """The run of small lines at the bottom of the page is footnotes from its first line
    that starts with a number, until a wide gap; small lines after that gap are footer."""
    rest = [line for line in page.lines if line.kind == "body"]
    start = len(rest)
    while start > 0 and rest[start - 1].size < SMALLER * body_size:
        start -= 1
    run = rest[start:]
    first = next((i for i, line in enumerate(run) if FOOTNOTE_START.match(line.text)), None)
    if first is None:
        tail = run
    else:
        block_end = first + 1
        while block_end < len(run) and not _wide_gap(run[block_end - 1], run[block_end]):
            block_end += 1
        for line in run[first:block_end]:
            line.kind = "footnote"
        tail = run[:first] + run[block_end:]
    for line in tail:
        if _in_bottom(line, page):
            line.kind = "footer"


def _wide_gap(above: RawLine, below: RawLine) -> bool:
    return below.top - above.bottom > FOOTNOTE_GAP * below.size
