"""Render the two seed texts as PDFs laid out like officielebekendmakingen.nl documents.

Dev script, run by hand from the repository root:

    python scripts/make_fixture_pdfs.py

Each seed line becomes one PDF line and each seed page one PDF page. A seed page starts at
a line with one leading space; its footnotes ("N text", possibly continued) are the lines
just before the next page start. Footnote markers glued to a word ("niet»?1") are set as
superscripts. Nothing is added that the seed does not contain, apart from the running
header, page numbers and the title block, which repeat facts the seed already gives.
"""

import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

SEEDS = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "seeds"
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONTS = {
    "Serif": "DejaVuSerif.ttf",
    "Serif-Bold": "DejaVuSerif-Bold.ttf",
    "Serif-Italic": "DejaVuSerif-Italic.ttf",
}
HEADER_FONT = "Helvetica"  # standard Type1: not embedded, keeps the files small

PAGE_WIDTH, PAGE_HEIGHT = A4
LEFT = 85.0
RIGHT = PAGE_WIDTH - 60.0
BODY_SIZE = 9.5
BODY_LEADING = 12.0
PARAGRAPH_SPACE = 6.0
MARKER_SIZE = 5.7  # 60 % of the body size
MARKER_RISE = 3.6
HEADER_SIZE = 7.5
HEADER_BASELINE = PAGE_HEIGHT - 34.0
BODY_FIRST_BASELINE = PAGE_HEIGHT - 72.0
FOOTNOTE_SIZE = 7.5
FOOTNOTE_LEADING = 9.0
PAGE_NUMBER_BASELINE = 28.0
FOOTNOTE_BOTTOM = 48.0  # baseline of the lowest footnote line
RULE_GAP = 8.0


@dataclass
class Footnote:
    number: int
    lines: list[str]


@dataclass
class SeedPage:
    body: list[str]  # "" marks a paragraph break
    footnotes: list[Footnote] = field(default_factory=list)


@dataclass
class Document:
    seed: str
    header_left: str
    header_right: str | None  # None: the page number goes on the right of the header
    title: list[tuple[str, str, float, float]]  # (text, font, size, space after)
    heading_lines: Callable[[list[str]], int]  # how many leading lines of a block are heading
    heading_font: str


def split_pages(text: str) -> list[list[str]]:
    pages: list[list[str]] = []
    for raw in text.split("\n"):
        starts_page = raw.startswith(" ") and not raw.startswith("  ") and raw.strip()
        if starts_page or not pages:
            pages.append([])
        pages[-1].append(raw.strip())
    return pages


def parse_seed(text: str) -> list[SeedPage]:
    pages = []
    next_number = 1
    for lines in split_pages(text):
        start = _footnote_start(lines, next_number)
        body = lines if start is None else lines[:start]
        footnotes = [] if start is None else _split_footnotes(lines[start:], next_number)
        next_number += len(footnotes)
        while body and not body[-1]:
            body.pop()
        pages.append(SeedPage(body=body, footnotes=footnotes))
    return pages


def _footnote_start(lines: list[str], number: int) -> int | None:
    pattern = re.compile(rf"^{number} \S")
    return next((i for i, line in enumerate(lines) if pattern.match(line)), None)


def _split_footnotes(lines: list[str], first: int) -> list[Footnote]:
    footnotes: list[Footnote] = []
    for line in filter(None, lines):
        if re.match(rf"^{first + len(footnotes)} \S", line):
            footnotes.append(Footnote(number=first + len(footnotes), lines=[line]))
        else:
            footnotes[-1].lines.append(line)
    return footnotes


def marker_spans(line: str, numbers: list[int]) -> list[tuple[int, int]]:
    """Spans of the footnote markers in a body line: a page's footnote number glued to
    the character before it (a letter or punctuation, not a digit or a space)."""
    spans = []
    for number in numbers:
        for match in re.finditer(rf"(?<=[^\s\d]){number}(?!\d)", line):
            spans.append(match.span())
    return sorted(spans)


def letter_heading(block: list[str]) -> int:
    """Section headings in the letter: short blocks without commas or a closing mark."""
    plain = all(
        "," not in line and line[0].isalpha() and (line[-1].isalnum() or line[-1] == ")")
        for line in block
    )
    return len(block) if len(block) <= 2 and plain else 0


def question_heading(block: list[str]) -> int:
    return 1 if re.fullmatch(r"Vraag \d+", block[0]) else 0


QUESTIONS = Document(
    seed="kamervragen-2023Z11786-nuctech",
    header_left="Tweede Kamer der Staten-Generaal",
    header_right="2023Z11786",
    title=[
        ("Tweede Kamer der Staten-Generaal", "Serif-Bold", 15.0, 8.0),
        ("2023Z11786", "Serif-Bold", 11.0, 22.0),
    ],
    heading_lines=question_heading,
    heading_font="Serif-Bold",
)
LETTER = Document(
    seed="kamerbrief-31934-scan-en-detectie",
    header_left="Tweede Kamer, vergaderjaar 2022–2023, 31 934",
    header_right=None,
    title=[
        ("31 934 Douane", "Serif-Bold", 13.0, 20.0),
        ("BRIEF VAN DE STAATSSECRETARIS VAN FINANCIËN", "Serif-Bold", BODY_SIZE, 12.0),
        ("Aan de Voorzitter van de Tweede Kamer der Staten-Generaal", "Serif", BODY_SIZE, 18.0),
    ],
    heading_lines=letter_heading,
    heading_font="Serif-Italic",
)


def register_fonts() -> None:
    for name, filename in FONTS.items():
        pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / filename)))


def render(document: Document) -> Path:
    pages = parse_seed((SEEDS / f"{document.seed}.txt").read_text(encoding="utf-8"))
    target = SEEDS / f"{document.seed}.pdf"
    canvas = Canvas(str(target), pagesize=A4, pageCompression=1, invariant=1)
    canvas.setTitle(document.title[0][0] + " " + document.title[1][0])
    for number, page in enumerate(pages, start=1):
        draw_header(canvas, document, number)
        y = BODY_FIRST_BASELINE
        if number == 1:
            y = draw_title(canvas, document.title, y)
        bottom = draw_footnotes(canvas, page.footnotes)
        y = draw_body(canvas, page, document, y)
        if y < bottom:
            sys.exit(f"{document.seed}: page {number} overflows into its footnotes")
        canvas.showPage()
    canvas.save()
    return target


def draw_header(canvas: Canvas, document: Document, number: int) -> None:
    canvas.setFont(HEADER_FONT, HEADER_SIZE)
    canvas.drawString(LEFT, HEADER_BASELINE, document.header_left)
    if document.header_right is None:
        canvas.drawRightString(RIGHT, HEADER_BASELINE, str(number))
    else:
        canvas.drawRightString(RIGHT, HEADER_BASELINE, document.header_right)
        canvas.drawCentredString(PAGE_WIDTH / 2, PAGE_NUMBER_BASELINE, str(number))


def draw_title(canvas: Canvas, title: list[tuple[str, str, float, float]], y: float) -> float:
    for text, font, size, space_after in title:
        canvas.setFont(font, size)
        canvas.drawString(LEFT, y, text)
        y -= size * 1.25 + space_after
    return y


def draw_body(canvas: Canvas, page: SeedPage, document: Document, y: float) -> float:
    """Draw the body lines from baseline y down; return the lowest baseline used."""
    numbers = [footnote.number for footnote in page.footnotes]
    found: list[int] = []
    for block in paragraphs(page.body):
        heading_lines = document.heading_lines(block)
        for index, line in enumerate(block):
            font = document.heading_font if index < heading_lines else "Serif"
            spans = marker_spans(line, numbers)
            found.extend(int(line[start:end]) for start, end in spans)
            draw_line(canvas, line, spans, font, y)
            y -= BODY_LEADING
        y -= PARAGRAPH_SPACE
    if sorted(found) != numbers:
        sys.exit(f"{document.seed}: markers {found} do not match footnotes {numbers}")
    return y + BODY_LEADING + PARAGRAPH_SPACE


def paragraphs(lines: list[str]) -> list[list[str]]:
    blocks: list[list[str]] = [[]]
    for line in lines:
        if line:
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    return [block for block in blocks if block]


def draw_line(canvas: Canvas, line: str, spans: list[tuple[int, int]], font: str, y: float) -> None:
    text = canvas.beginText(LEFT, y)
    position = 0
    for start, end in spans:
        text.setFont(font, BODY_SIZE)
        text.textOut(line[position:start])
        text.setFont(font, MARKER_SIZE)
        text.setRise(MARKER_RISE)
        text.textOut(line[start:end])
        text.setRise(0)
        position = end
    text.setFont(font, BODY_SIZE)
    text.textOut(line[position:])
    canvas.drawText(text)


def draw_footnotes(canvas: Canvas, footnotes: list[Footnote]) -> float:
    """Draw the footnotes upwards from the page bottom; return the top of the rule."""
    lines = [(footnote, index) for footnote in footnotes for index in range(len(footnote.lines))]
    if not lines:
        return PAGE_NUMBER_BASELINE + 2 * BODY_LEADING
    y = FOOTNOTE_BOTTOM + FOOTNOTE_LEADING * (len(lines) - 1)
    rule_y = y + FOOTNOTE_LEADING + RULE_GAP / 2
    canvas.setLineWidth(0.5)
    canvas.line(LEFT, rule_y, LEFT + 60, rule_y)
    canvas.setFont("Serif", FOOTNOTE_SIZE)
    for footnote, index in lines:
        indent = 0.0
        if index:
            label = f"{footnote.number} "
            indent = pdfmetrics.stringWidth(label, "Serif", FOOTNOTE_SIZE)
        canvas.drawString(LEFT + indent, y, footnote.lines[index])
        y -= FOOTNOTE_LEADING
    return rule_y + RULE_GAP


def main() -> None:
    register_fonts()
    for document in (QUESTIONS, LETTER):
        target = render(document)
        print(f"{target} ({target.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
