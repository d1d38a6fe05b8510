"""Render golden sets (tests/fixtures/structure/NAME.gold.json) as PDFs in layouts the
structure fixtures do not use, to measure the structure stage on layouts it was not tuned on.

Dev script, run by hand from the repository root (needs the `dev` extra for reportlab):

    python scripts/make_layout_fixtures.py              # the fixtures, tests/fixtures/layouts/
    python scripts/make_layout_fixtures.py OUT_DIR      # every answers/questions set
    python scripts/make_layout_fixtures.py OUT_DIR NAME ...

It writes OUT_DIR/LAYOUT/NAME.pdf for each layout in LAYOUTS; tests/test_structure_layouts.py
reads the fixtures against NAME.gold.json. The text is the gold's own
(questions, answers, footnotes) with the opening lines of NAME.txt; the layouts are drawn
line by line here (not by scripts/make_structure_fixtures.py), each like a ministry's own
answer document:

- rhs_right: Rijkshuisstijl answer letter, the sender's column right of the body (7 pt),
  "Datum", "Ons kenmerk" and "Pagina 2 van 5" in that column on the following pages, bold
  "Vraag 1" / "Antwoord 1" headings on their own line, justified 9.5 pt text;
- left_column: a narrow column of sender's details left of the body on page 1, a running
  header with the ministry's name, "Pagina 2 van 5" centred at the bottom, 10.5 pt Times
  (a standard font, not embedded),
  inline "Vraag 1:" / "Antwoord 1:" labels, ragged right;
- numbered: 11 pt sans, questions as "1. Vraag:" and answers as "Antwoord op vraag 1:"
  inline, a footer "- 2 -", justified;
- plain_answer: "Vraag 1" on its own line, the answer under a bare "Antwoord" (numbered
  only where it answers several questions), 10 pt serif;
- hanging: the question bold after a hanging number ("1." a tab left of it), the answer
  plain under it without a label, the sender's column right of the body.

All of them hyphenate long words at line ends and put the footnotes (7 pt) at the foot of
the page whose text carries the marker.
"""

import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures"
STRUCTURE = FIXTURES / "structure"
FIXTURE_DIR = FIXTURES / "layouts"
# (layout, set): a footnote, a questions-only set, a collective answer to seven questions;
# hanging numbers read apart from their question and with it (2019Z15315, 2020Z06648), an
# answer under the second of two questions (2010Z15780), a bare "Antwoord" after "Antwoord
# 1 en 2" (plain_answer/2010Z15780)
FIXTURE_SETS = [
    ("rhs_right", "2020Z06648"),
    ("left_column", "2010Z15780"),
    ("left_column", "2020Z06648"),
    ("numbered", "2010Z15780"),
    ("numbered", "2021Z05633"),
    ("plain_answer", "2010Z15780"),
    ("hanging", "2010Z15780"),
    ("hanging", "2019Z15315"),
    ("hanging", "2020Z06648"),
]
FONTS = {
    "sans": "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
    "sans-bold": "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
    "serif": "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf",
    "serif-bold": "/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf",
}
WIDTH, HEIGHT = A4
VOWELS = set("aeiouyáéëïöü")
MARK = "\x01"  # a footnote marker follows, up to the next space or punctuation


@dataclass
class Layout:
    name: str
    font: str
    size: float
    leading: float
    left: float
    right: float
    top: float
    bottom: float
    justify: bool
    labels: str  # "own_line" | "inline" | "numbered" | "plain_answer" | "hanging"
    column: str  # "right" | "left" | ""
    note_size: float = 7.0


LAYOUTS = [
    Layout("rhs_right", "sans", 9.5, 13.5, 77, 422, HEIGHT - 150, 70, True, "own_line", "right"),
    Layout(
        "left_column", "Times-Roman", 10.5, 14, 170, 540, HEIGHT - 90, 72, False, "inline", "left"
    ),
    Layout("numbered", "sans", 11, 15, 72, 523, HEIGHT - 72, 80, True, "numbered", ""),
    Layout("plain_answer", "serif", 10, 14, 72, 523, HEIGHT - 80, 80, True, "plain_answer", ""),
    Layout("hanging", "sans", 10, 14, 72, 422, HEIGHT - 80, 80, False, "hanging", "right"),
]

MINISTRY = "Ministerie van Binnenlandse Zaken en Koninkrijksrelaties"
COLUMN_FIRST = [
    ("bold", "Directie Constitutionele Zaken"),
    ("", "Turfmarkt 147"),
    ("", "2511 DP  Den Haag"),
    ("", "Postbus 20011"),
    ("", "2500 EA  Den Haag"),
    ("", "www.rijksoverheid.nl"),
    ("", ""),
    ("bold", "Ons kenmerk"),
    ("", "2024-0000612345"),
    ("", ""),
    ("bold", "Uw kenmerk"),
    ("", "2024Z16676"),
]


@dataclass
class Block:
    text: str
    bold_label: str = ""  # drawn bold before the text (inline) or on its own line
    own_line: bool = False
    bold: bool = False  # the text itself bold (a question under a hanging number)
    hang: str = ""  # a number drawn left of the text, which is indented
    markers: dict[str, str] = field(default_factory=dict)


def intro(name: str) -> list[str]:
    """The opening paragraphs of NAME.txt, before the first question."""
    text = (STRUCTURE / f"{name}.txt").read_text(encoding="utf-8")
    paragraphs = []
    for chunk in re.split(r"\n\s*\n", text):
        joined = re.sub(r"-\n(?=[a-zà-ÿ])", "", chunk.strip())
        joined = re.sub(r"\s*\n\s*", " ", joined)
        if re.match(r"(Vraag|Antwoord op vraag|Antwoord \d)", joined) or re.match(r"\d+\b", joined):
            break
        if joined:
            paragraphs.append(joined)
    return paragraphs


def with_markers(text: str, markers: list[str]) -> str:
    for marker in markers:
        text = re.sub(rf"(?<=[^\s\d]){marker}(?=[\s.,;:?!]|$)", MARK + marker, text, count=1)
    return text


def numbers_label(numbers: list[int]) -> str:
    if len(numbers) == 1:
        return str(numbers[0])
    return ", ".join(map(str, numbers[:-1])) + f" en {numbers[-1]}"


def blocks_of(gold: dict, layout: Layout) -> list[Block]:
    questions = sorted(gold["questions"], key=lambda q: q["number"])
    answers = sorted(gold["answers"], key=lambda a: a["numbers"][0])
    blocks: list[Block] = []
    done: set[int] = set()

    def question(q: dict) -> None:
        text = with_markers(q["text"], q["markers"])
        n = q["number"]
        if layout.labels in ("own_line", "plain_answer"):
            blocks.append(Block("", f"Vraag {n}", own_line=True))
            blocks.append(Block(text))
        elif layout.labels == "hanging":
            blocks.append(Block(text, bold=True, hang=f"{n}."))
        elif layout.labels == "inline":
            blocks.append(Block(text, f"Vraag {n}:"))
        else:
            blocks.append(Block(text, f"{n}. Vraag:"))
        done.add(n)

    for answer in answers:
        for q in questions:
            if q["number"] not in done and q["number"] <= max(answer["numbers"]):
                question(q)
        text = with_markers(answer["text"], answer.get("markers", []))
        label = numbers_label(answer["numbers"])
        if layout.labels == "own_line":
            blocks.append(Block("", f"Antwoord {label}", own_line=True))
            blocks.append(Block(text))
        elif layout.labels == "plain_answer":
            plain = len(answer["numbers"]) == 1
            blocks.append(Block("", "Antwoord" if plain else f"Antwoord {label}", own_line=True))
            blocks.append(Block(text))
        elif layout.labels == "hanging":
            blocks.append(Block(text, hang=" "))
        elif layout.labels == "inline":
            blocks.append(Block(text, f"Antwoord {label}:"))
        else:
            blocks.append(Block(text, f"Antwoord op vraag {label}:"))
    for q in questions:
        if q["number"] not in done:
            question(q)
    return blocks


class Renderer:
    def __init__(self, layout: Layout, notes: dict[str, str], title: str) -> None:
        self.layout = layout
        self.notes = notes
        self.title = title
        self.pages: list[list[tuple]] = [[]]  # drawing ops per page
        self.page_notes: list[list[str]] = [[]]
        self.y = layout.top
        self.regular = layout.font
        self.bold_text = False
        self.bold = "Times-Bold" if layout.font == "Times-Roman" else layout.font + "-bold"

    def width(self, text: str, bold: bool = False, size: float | None = None) -> float:
        font = self.bold if bold else self.regular
        return pdfmetrics.stringWidth(text, font, size or self.layout.size)

    def word_width(self, word: str) -> float:
        plain, _, marker = word.partition(MARK)
        w = self.width(plain, bold=self.bold_text)
        if marker:
            w += self.width(marker, size=self.layout.size * 0.6)
        return w

    def notes_height(self, extra: list[str]) -> float:
        notes = self.page_notes[-1] + extra
        if not notes:
            return 0.0
        lines = sum(len(self.wrap_note(m)) for m in notes)
        return 14 + lines * (self.layout.note_size + 2)

    def wrap_note(self, marker: str) -> list[str]:
        words = self.notes.get(marker, "").split()
        lines, current = [], ""
        limit = self.layout.right - self.layout.left - 12
        for word in words:
            trial = f"{current} {word}".strip()
            if pdfmetrics.stringWidth(trial, self.regular, self.layout.note_size) > limit:
                lines.append(current)
                current = word
            else:
                current = trial
        return [*lines, current]

    def new_page(self) -> None:
        self.pages.append([])
        self.page_notes.append([])
        self.y = self.layout.top if len(self.pages) > 1 else self.layout.top

    def room(self, markers: list[str]) -> bool:
        return self.y - self.layout.leading >= self.layout.bottom + self.notes_height(markers)

    def paragraph(self, block: Block) -> None:
        layout = self.layout
        if block.own_line:
            if not self.room([]) or self.y - 3 * layout.leading < layout.bottom:
                self.new_page()
            self.pages[-1].append(("text", layout.left, self.y, block.bold_label, True))
            self.y -= layout.leading
            return
        words = block.text.split()
        label_width = self.width(block.bold_label + " ", bold=True) if block.bold_label else 0
        self.bold_text = block.bold
        indent = 24.0 if block.hang else 0.0
        first = True
        while words:
            available = layout.right - layout.left - indent - (label_width if first else 0)
            line: list[str] = []
            while words:
                trial = [*line, words[0]]
                if self.line_width(trial) <= available:
                    line = trial
                    words.pop(0)
                    continue
                split = self.hyphenate(words[0], available - self.line_width(line) - 3)
                if split:
                    line.append(split[0] + "-")
                    words[0] = split[1]
                break
            if not line:  # a word wider than the line
                line = [words.pop(0)]
            markers = [w.partition(MARK)[2].rstrip(".,;:?!»") for w in line if MARK in w]
            if not self.room(markers):
                self.new_page()
            x = layout.left + indent
            if first and block.hang.strip():
                self.pages[-1].append(("text", layout.left, self.y, block.hang, block.bold))
            if first and block.bold_label:
                self.pages[-1].append(("text", x, self.y, block.bold_label, True))
                x += label_width
            gap = self.width(" ")
            if layout.justify and words and len(line) > 1:
                gap += (available - self.line_width(line)) / (len(line) - 1)
            for word in line:
                self.pages[-1].append(("word", x, self.y, word, block.bold))
                x += self.word_width(word) + gap
            self.page_notes[-1].extend(markers)
            self.y -= layout.leading
            first = False
        self.y -= layout.leading * 0.5

    def line_width(self, words: list[str]) -> float:
        if not words:
            return 0.0
        return sum(self.word_width(w) for w in words) + self.width(" ") * (len(words) - 1)

    def hyphenate(self, word: str, room: float) -> tuple[str, str] | None:
        """A split after a vowel followed by a consonant, at least 3 letters each side."""
        if MARK in word or not word.isalpha() or len(word) < 8 or not word[1:].islower():
            return None
        for cut in range(len(word) - 3, 2, -1):
            vowel_then_consonant = word[cut - 1] in VOWELS and word[cut] not in VOWELS
            if vowel_then_consonant and self.width(word[:cut] + "-") <= room:
                return word[:cut], word[cut:]
        return None

    def save(self, path: Path, date: str) -> None:
        layout = self.layout
        canvas = Canvas(str(path), pagesize=A4, pageCompression=1, invariant=1)
        canvas.setTitle(self.title)
        total = len(self.pages)
        for index, ops in enumerate(self.pages, start=1):
            self.furniture(canvas, index, total, date)
            for op in ops:
                if op[0] == "text":
                    _, x, y, text, bold = op
                    canvas.setFont(self.bold if bold else self.regular, layout.size)
                    canvas.drawString(x, y, text)
                else:
                    _, x, y, word, bold = op
                    self.bold_text = bold
                    plain, _, marker = word.partition(MARK)
                    canvas.setFont(self.bold if bold else self.regular, layout.size)
                    canvas.drawString(x, y, plain)
                    if marker:
                        digits = re.match(r"\d+", marker).group()
                        rest = marker[len(digits) :]
                        x2 = x + self.width(plain, bold=bold)
                        canvas.setFont(self.regular, layout.size * 0.6)
                        canvas.drawString(x2, y + layout.size * 0.35, digits)
                        if rest:
                            canvas.setFont(self.regular, layout.size)
                            canvas.drawString(
                                x2 + self.width(digits, size=layout.size * 0.6), y, rest
                            )
            notes = self.page_notes[index - 1]
            if notes:
                y = layout.bottom + self.notes_height([]) - 8
                canvas.setLineWidth(0.5)
                canvas.line(layout.left, y + 6, layout.left + 100, y + 6)
                canvas.setFont(self.regular, layout.note_size)
                for marker in notes:
                    for i, text in enumerate(self.wrap_note(marker)):
                        y -= layout.note_size + 2
                        if i == 0:
                            canvas.setFont(self.regular, layout.note_size * 0.7)
                            canvas.drawString(layout.left, y + 2.5, marker)
                            canvas.setFont(self.regular, layout.note_size)
                        canvas.drawString(layout.left + 10, y, text)
            canvas.showPage()
        canvas.save()

    def furniture(self, canvas: Canvas, page: int, total: int, date: str) -> None:
        layout = self.layout
        small = 7.0
        if layout.column == "right":
            x = 467.0
            if page == 1:
                canvas.setFont(self.regular, 10)
                canvas.drawString(x - 60, HEIGHT - 60, MINISTRY[:33])
                canvas.drawString(x - 60, HEIGHT - 72, MINISTRY[34:])
                rows = COLUMN_FIRST
            else:
                rows = [("bold", "Datum"), ("", date), ("", ""), ("bold", "Ons kenmerk")]
                rows += [("", "2024-0000612345")]
            y = HEIGHT - 150
            for style, text in [*rows, ("", ""), ("bold", "Pagina"), ("", f"{page} van {total}")]:
                if style == "bold" and text == "Pagina":
                    canvas.setFont(self.regular, small)
                    text = f"Pagina {page} van {total}"
                else:
                    canvas.setFont(self.bold if style else self.regular, small)
                canvas.drawString(x, y, text)
                y -= small * 1.5
        elif layout.column == "left":
            canvas.setFont(self.regular, 8)
            canvas.drawString(layout.left, HEIGHT - 45, MINISTRY)
            if page == 1:
                y = layout.top
                for style, text in [
                    ("bold", "Ministerie van"),
                    ("bold", "Binnenlandse Zaken en"),
                    ("bold", "Koninkrijksrelaties"),
                    ("", ""),
                    ("bold", "Datum"),
                    ("", date),
                    ("", ""),
                    ("bold", "Betreft"),
                    ("", "Antwoorden op"),
                    ("", "Kamervragen"),
                    ("", ""),
                    *COLUMN_FIRST[7:],
                ]:
                    canvas.setFont(self.bold if style else self.regular, small)
                    canvas.drawString(48, y, text)
                    y -= small * 1.5
            canvas.setFont(self.regular, 8)
            canvas.drawCentredString(WIDTH / 2, 40, f"Pagina {page} van {total}")
        else:
            if page > 1:
                canvas.setFont(self.regular, 8)
                canvas.drawString(layout.left, HEIGHT - 45, self.title[:90])
            canvas.setFont(self.regular, 9)
            canvas.drawCentredString(WIDTH / 2, 40, f"- {page} -")


def render(name: str, layout: Layout, out: Path) -> Path:
    gold = json.loads((STRUCTURE / f"{name}.gold.json").read_text(encoding="utf-8"))
    notes = {note["marker"]: note["text"] for note in gold["footnotes"]}
    opening = intro(name)
    renderer = Renderer(layout, notes, f"Antwoorden Kamervragen {name}")
    for text in opening:
        renderer.paragraph(Block(text))
    for block in blocks_of(gold, layout):
        renderer.paragraph(block)
    target = out / layout.name / f"{name}.pdf"
    target.parent.mkdir(parents=True, exist_ok=True)
    renderer.save(target, "12 december 2024")
    return target


def main() -> None:
    for font, path in FONTS.items():
        pdfmetrics.registerFont(TTFont(font, path))
    if len(sys.argv) < 2:
        for layout_name, name in FIXTURE_SETS:
            layout = next(layout for layout in LAYOUTS if layout.name == layout_name)
            print(render(name, layout, FIXTURE_DIR))
        return
    out = Path(sys.argv[1])
    names = sys.argv[2:] or sorted(
        p.name.removesuffix(".gold.json")
        for p in STRUCTURE.glob("*.gold.json")
        if json.loads(p.read_text(encoding="utf-8"))["genre"] in ("answers", "questions")
    )
    for layout in LAYOUTS:
        for name in names:
            print(render(name, layout, out))


if __name__ == "__main__":
    main()
