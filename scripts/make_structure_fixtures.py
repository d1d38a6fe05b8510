"""Build the golden test documents in tests/fixtures/structure/ from the corpus sets.

Dev script, run by hand from the repository root (needs the `dev` extra for reportlab):

    python scripts/make_structure_fixtures.py /work/shared/corpus/sets

For each set it writes, in the official Aanhangsel / Kamerstuk layout,
- NAME.txt: plain text as pdftotext gives it (pages start with one leading space, a page's
  footnotes stand just before the next page), words hyphenated at line ends;
- NAME.pdf: the same lines drawn like officielebekendmakingen.nl PDFs (running header,
  page number, superscript footnote markers, smaller footnotes at the page bottom);
- NAME.gold.json: what a reader finds in it (genre, questions, answers, footnotes), taken
  from the corpus set, for `manage.py evaluate-structure`.

The text is the set's own; only the layout lines (header, "Vragen van … aan de … over …",
"Antwoord van …") are put together from the set's fields. Footnote markers whose footnote
text the corpus does not hold are left out, since a document always prints its notes.
Expected structure (NAME.expected.json) comes from `python -m tests.regenerate_structure`.
"""

import json
import re
import sys
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_fixture_pdfs import draw_line  # noqa: E402  (the seed PDFs' marker drawing)

TARGET = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "structure"
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
PAGE_WIDTH, PAGE_HEIGHT = A4
LEFT, RIGHT = 85.0, PAGE_WIDTH - 60.0
BODY_SIZE, LEADING, PARAGRAPH_SPACE = 9.5, 12.0, 6.0
HEADER_SIZE, FOOTNOTE_SIZE, FOOTNOTE_LEADING = 7.5, 7.5, 9.0
TOP, BOTTOM = PAGE_HEIGHT - 72.0, 60.0
TEXT_WIDTH = 92  # characters per plain-text line
LINES_PER_PAGE = 48  # plain text: body lines per page, so long sets cover several pages
GENRES = {
    "kamervragen_with_answers": "answers",
    "kamervragen_questions_only": "questions",
    "kamervragen_mededeling": "notice",
}
NOTICE_WORDING = "kunnen tot mijn spijt niet binnen de gebruikelijke termijn worden beantwoord."


@dataclass
class Block:
    text: str  # "\n" separates paragraphs inside one item
    bold: bool = False
    markers: list[str] = field(default_factory=list)  # footnote markers glued in the text


@dataclass
class Fixture:
    name: str
    header: str
    blocks: list[Block]
    footnotes: dict[str, str]
    gold: dict


def year_of(date: str | None) -> str:
    year = int((date or "2020")[:4])
    return f"{year - 1}–{year}" if (date or "")[5:7] < "09" else f"{year}–{year + 1}"


def dutch_date(iso: str | None) -> str:
    months = "januari februari maart april mei juni juli augustus september oktober november"
    names = (months + " december").split()
    if not iso:
        return ""
    return f"{int(iso[8:10])} {names[int(iso[5:7]) - 1]} {iso[:4]}"


def submitters_phrase(names: list[str]) -> str:
    who = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " en " + names[-1]
    return ("het lid " if len(names) == 1 else "de leden ") + who


def addressee(answered_by: list[str]) -> str:
    match = re.search(r"(Minister|Staatssecretaris) [^(]*\(([^)]+)\)", " ".join(answered_by))
    if match:
        return f"de {match.group(1)} van {match.group(2)}"
    return "de Minister"


def usable_markers(text: str, markers: list[str], notes: dict[str, str]) -> tuple[str, list]:
    """The text with markers that have no footnote text removed, and the markers kept."""
    kept = []
    for marker in markers:
        pattern = re.compile(rf"(?<=[^\s\d]){marker}(?=[\s.,;:?!]|$)")
        if marker in notes and pattern.search(text):
            kept.append(marker)
        else:
            text = pattern.sub("", text, count=1)
    return text, kept


def question_set_fixture(data: dict) -> Fixture:
    genre = GENRES[data["kind"]]
    notes = {note["marker"]: note["text"] for note in data.get("footnotes", [])}
    printed = (data.get("answer_document") or {}).get("questions_as_printed")
    questions = printed if genre == "answers" and printed else data["questions"]
    by_number = {q["number"]: q for q in data["questions"]}
    intro = (
        f"Vragen van {submitters_phrase(data['submitters'])} aan "
        f"{addressee(data['answered_by'])} over {data['title'][:1].lower()}{data['title'][1:]}"
        f" (ingezonden {dutch_date(data['submitted'])})."
    )
    blocks = [
        Block("Tweede Kamer der Staten-Generaal", bold=True),
        Block("Aanhangsel van de Handelingen" if genre != "questions" else data["id"], bold=True),
        Block(intro),
    ]
    statement = _statement(data, genre)
    if statement:
        blocks.append(Block(statement))
    if genre == "notice":
        blocks.append(
            Block(f"De vragen van {submitters_phrase(data['submitters'])} {NOTICE_WORDING}")
        )
    gold_questions, gold_answers = [], []
    answers = (
        {tuple(a["numbers"]): a for a in data.get("answers", [])} if genre == "answers" else {}
    )
    pending: list[int] = []
    truncated = False
    headings = _question_headings(questions, answers)
    for question in questions:
        number = question["number"]
        markers = by_number.get(number, question).get("footnote_markers", [])
        text, kept = usable_markers(question["text"], markers, notes)
        if headings.get(number):
            blocks.append(Block(headings[number], bold=True))
        blocks.append(Block(text, markers=kept))
        gold_questions.append(_gold_item(number, text, kept, question))
        truncated = truncated or question.get("truncated", False)
        pending.append(number)
        answer = next((a for key, a in answers.items() if key[-1] == number), None)
        if answer and not truncated:
            numbers = answer["numbers"]
            text, kept = usable_markers(answer["text"], answer.get("footnote_markers", []), notes)
            label = _answer_label(numbers, style=sum(map(ord, data["id"])) % 3)
            blocks.append(Block(label, bold=True))
            blocks.append(Block(text, markers=kept))
            gold_answers.append(
                {
                    "numbers": numbers,
                    "text": text,
                    "markers": kept,
                    "truncated": answer.get("truncated", False),
                }
            )
            truncated = answer.get("truncated", False)
            pending = []
        if truncated:
            break
    used = [m for block in blocks for m in block.markers]
    footnotes = {m: notes[m] for m in used}
    gold = {
        "genre": genre,
        "questions": gold_questions,
        "answers": gold_answers,
        "footnotes": [
            {"marker": m, "text": t, "question": _carrier(m, gold_questions)}
            for m, t in footnotes.items()
        ],
        "answered_by": _answered_by(data, genre),
    }
    header = f"Tweede Kamer, vergaderjaar {year_of(data['submitted'])}, Aanhangsel"
    if genre == "questions":
        header = f"Tweede Kamer der Staten-Generaal, {data['id']}"
    return Fixture(data["id"], header, blocks, footnotes, gold)


def _question_headings(questions: list[dict], answers: dict) -> dict[int, str]:
    """ "Vraag N" per question; questions answered together under one heading
    ("Vraag 1 en 2", one paragraph each) when each is one whole paragraph."""
    headings = {q["number"]: f"Vraag {q['number']}" for q in questions}
    texts = {q["number"]: q for q in questions}
    for numbers in answers:
        group = [texts.get(n) for n in numbers]
        if len(numbers) > 1 and all(
            q and "\n" not in q["text"] and not q.get("truncated") for q in group
        ):
            headings[numbers[0]] = "Vraag " + _numbers_label(list(numbers))
            for number in numbers[1:]:
                headings[number] = ""
    return headings


def _statement(data: dict, genre: str) -> str:
    first = (data.get("answered_by") or [""])[0]
    if genre == "notice":
        return first
    if genre == "answers" and data.get("answered"):
        who = re.sub(r"\s*\(ontvangen[^)]*\)", "", first)
        return f"Antwoord van {who} (ontvangen {dutch_date(data['answered'])})."
    return ""


def _answered_by(data: dict, genre: str) -> str | None:
    statement = _statement(data, genre)
    match = re.match(r"^(?:Antwoord|Mededeling) van (.+?)\s*\(ontvangen", statement)
    return match.group(1) if match else None


def _answer_label(numbers: list[int], style: int) -> str:
    """The label styles of the Aanhangsel: "Antwoord 1", "Antwoord op vraag 1", …"""
    joined = _numbers_label(numbers)
    if style == 1:
        return f"Antwoord op vra{'gen' if len(numbers) > 1 else 'ag'} {joined}"
    if style == 2 and len(numbers) > 1:
        return "Antwoord " + ", ".join(str(n) for n in numbers)
    return f"Antwoord {joined}"


def _numbers_label(numbers: list[int]) -> str:
    if len(numbers) == 1:
        return str(numbers[0])
    return ", ".join(str(n) for n in numbers[:-1]) + " en " + str(numbers[-1])


def _gold_item(number: int, text: str, markers: list[str], source: dict) -> dict:
    return {
        "number": number,
        "text": text,
        "markers": markers,
        "truncated": source.get("truncated", False),
    }


def _carrier(marker: str, questions: list[dict]) -> int | None:
    return next((q["number"] for q in questions if marker in q["markers"]), None)


def letter_fixture(data: dict) -> Fixture:
    paragraphs = [p.strip() for p in data["text"].split("\n\n") if p.strip()]
    uitstel = "uitstel" in data.get("cases", []) or "mededeling-uitstel" in data.get("cases", [])
    genre = (
        "notice"
        if uitstel or re.search(r"niet binnen de gebruikelijke", data["text"])
        else ("letter")
    )
    kamerstuk = data.get("kamerstuk") or ""
    header = f"Tweede Kamer, vergaderjaar {year_of(data.get('letter_date'))}"
    if kamerstuk:
        header += ", " + kamerstuk.split(",")[0]
    blocks = [
        Block(text, bold=index == 0 and bool(kamerstuk)) for index, text in enumerate(paragraphs)
    ]
    gold = {"genre": genre, "questions": [], "answers": [], "footnotes": [], "answered_by": None}
    return Fixture(data["id"], header, blocks, {}, gold)


# layout --------------------------------------------------------------------------------------


def wrap(text: str, fits) -> list[str]:
    """Lines that fit, breaking long words with a hyphen the way typesetters do."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if fits(candidate):
            current = candidate
            continue
        head, tail = _hyphenate(current, word, fits)
        if head:
            lines.append(f"{current} {head}".strip())
            current = tail
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    return lines


def _hyphenate(current: str, word: str, fits) -> tuple[str, str]:
    """Split word after a vowel-consonant boundary so its first part fits on the line."""
    if "-" in word[1:-1]:
        cut = word.index("-", 1) + 1
        if fits(f"{current} {word[:cut]}"):
            return word[:cut], word[cut:]  # break at the word's own hyphen
    if len(word) < 9 or not word.isalpha():
        return "", word
    for cut in range(len(word) - 4, 3, -1):
        if (
            word[cut - 1] in "aeiou"
            and word[cut] not in "aeiou"
            and fits(f"{current} {word[:cut]}-")
        ):
            return word[:cut] + "-", word[cut:]
    return "", word


def text_lines(fixture: Fixture) -> list[str]:
    """Plain text: body paragraphs separated by blank lines, pages by a leading space."""
    pages: list[list[str]] = [[]]
    notes_on_page: list[list[str]] = [[]]
    for block in fixture.blocks:
        for paragraph in block.text.split("\n"):
            lines = wrap(paragraph, lambda line: len(line) <= TEXT_WIDTH)
            if len(pages[-1]) + len(lines) > LINES_PER_PAGE and pages[-1]:
                pages.append([])
                notes_on_page.append([])
            pages[-1].extend(lines + [""])
            notes_on_page[-1].extend(m for m in block.markers if m in paragraph)
    out: list[str] = []
    for number, (page, notes) in enumerate(zip(pages, notes_on_page, strict=True)):
        if number:
            page[0] = " " + page[0]
        out.extend(page)
        for marker in notes:
            out.extend(wrap(f"{marker} {fixture.footnotes[marker]}", lambda s: len(s) <= 70))
        if notes:
            out.append("")
    return out


def render_pdf(fixture: Fixture, target: Path) -> None:
    canvas = Canvas(str(target), pagesize=A4, pageCompression=1, invariant=1)
    canvas.setTitle(fixture.name)

    def fits(font: str):
        return lambda line: pdfmetrics.stringWidth(line, font, BODY_SIZE) <= RIGHT - LEFT

    page = 1
    y = TOP
    pending_notes: list[str] = []
    _header(canvas, fixture, page)
    for block in fixture.blocks:
        font = "Serif-Bold" if block.bold else "Serif"
        for paragraph in block.text.split("\n"):
            lines = wrap(paragraph, fits(font))
            notes = [m for m in block.markers if m in paragraph]
            room = BOTTOM + FOOTNOTE_LEADING * (len(pending_notes) + len(notes) + 2)
            if y - LEADING * len(lines) < room and y < TOP:
                _footnotes(canvas, fixture, pending_notes)
                canvas.showPage()
                page += 1
                _header(canvas, fixture, page)
                y, pending_notes = TOP, []
            for line in lines:
                _line(canvas, line, block.markers, font, y)
                y -= LEADING
            pending_notes.extend(notes)
            y -= PARAGRAPH_SPACE
    _footnotes(canvas, fixture, pending_notes)
    canvas.showPage()
    canvas.save()


def _header(canvas: Canvas, fixture: Fixture, page: int) -> None:
    canvas.setFont("Helvetica", HEADER_SIZE)
    canvas.drawString(LEFT, PAGE_HEIGHT - 34.0, fixture.header)
    canvas.drawRightString(RIGHT, PAGE_HEIGHT - 34.0, str(page))


def _line(canvas: Canvas, line: str, markers: list[str], font: str, y: float) -> None:
    spans = sorted(
        match.span()
        for marker in markers
        for match in re.finditer(rf"(?<=[^\s\d]){marker}(?=[\s.,;:?!]|$)", line)
    )
    draw_line(canvas, line, spans, font, y)


def _footnotes(canvas: Canvas, fixture: Fixture, markers: list[str]) -> None:
    lines = []
    for marker in markers:
        wrapped = wrap(
            f"{marker} {fixture.footnotes[marker]}",
            lambda s: pdfmetrics.stringWidth(s, "Serif", FOOTNOTE_SIZE) <= 200,
        )
        lines.extend(wrapped)
    y = 40.0 + FOOTNOTE_LEADING * len(lines)
    if lines:
        canvas.setLineWidth(0.5)
        canvas.line(LEFT, y + 6, LEFT + 60, y + 6)
    canvas.setFont("Serif", FOOTNOTE_SIZE)
    for line in lines:
        y -= FOOTNOTE_LEADING
        canvas.drawString(LEFT, y, line)


def _marked(text: str, markers: list[str], markup) -> str:
    text = escape(text)
    for marker in markers:
        text = re.sub(rf"(?<=[^\s\d]){marker}(?=[\s.,;:?!]|$)", markup(marker), text, count=1)
    return text


def _kind_of(block: Block) -> str:
    match = re.fullmatch(r"(Vraag|Antwoord)\b.*", block.text)
    return match.group(1).lower() if block.bold and match else ""


def render_html(fixture: Fixture) -> str:
    """HTML like a zoek.officielebekendmakingen.nl page: navigation around div#broodtekst,
    div.vraag / div.antwoord with an h2 label, sup markers, footnotes in div.voet."""
    body: list[str] = []
    open_div = False
    for block in fixture.blocks:
        kind = _kind_of(block)
        if kind:
            body.append("</div>" if open_div else "")
            body.append(f'<div class="{kind}"><h2 class="nummer">{escape(block.text)}</h2>')
            open_div = True
            continue
        if block.bold and not open_div:
            body.append(f'<h1 class="stuktitel">{escape(block.text)}</h1>')
            continue
        for paragraph in block.text.split("\n"):
            marked = _marked(
                paragraph,
                [m for m in block.markers if m in paragraph],
                lambda m: f'<sup><a class="nootnum" href="#ID-{m}">{m}</a></sup>',
            )
            body.append(f"<p>{marked}</p>")
    body.append("</div>" if open_div else "")
    notes = "".join(
        f'<div class="noot" id="ID-{m}"><sup>{m}</sup><p>{escape(t)}</p></div>'
        for m, t in fixture.footnotes.items()
    )
    return (
        '<!DOCTYPE html>\n<html lang="nl"><head><meta charset="utf-8">'
        f"<title>{escape(fixture.name)}</title></head><body>\n"
        '<nav><a href="/">Zoeken</a> <a href="#">Naar boven</a></nav>\n'
        f'<div id="broodtekst" class="broodtekst">\n{"".join(body)}\n'
        f'<div class="voet">{notes}</div>\n</div>\n'
        "<footer>Dit is een officiële publicatie.</footer></body></html>\n"
    )


def render_xml(fixture: Fixture) -> str:
    """XML in the officielebekendmakingen vocabulary: <vraag>/<antwoord> with <nr> and <al>
    paragraphs, footnotes inline as <noot><noot.nr/><noot.al/></noot>."""
    parts: list[str] = []
    open_tag = ""
    for block in fixture.blocks:
        kind = _kind_of(block)
        if kind:
            parts.append(f"</{open_tag}>" if open_tag else "")
            parts.append(f"<{kind}><nr>{escape(block.text)}</nr>")
            open_tag = kind
            continue
        for paragraph in block.text.split("\n"):
            marked = _marked(
                paragraph,
                [m for m in block.markers if m in paragraph],
                lambda m: (
                    f'<noot id="n{m}" type="voet"><noot.nr>{m}</noot.nr>'
                    f"<noot.al>{escape(fixture.footnotes[m])}</noot.al></noot>"
                ),
            )
            parts.append(f"<al>{marked}</al>")
    parts.append(f"</{open_tag}>" if open_tag else "")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<officiele-publicatie>'
        f'<metadata><meta name="DC.identifier" content="{escape(fixture.name)}"/></metadata>'
        f"<kamerstuk>{''.join(parts)}</kamerstuk></officiele-publicatie>\n"
    )


def main(source: Path) -> None:
    for name, filename in (("Serif", "DejaVuSerif.ttf"), ("Serif-Bold", "DejaVuSerif-Bold.ttf")):
        pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / filename)))
    TARGET.mkdir(parents=True, exist_ok=True)
    for path in sorted(source.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if data["id"].startswith("openkamer-list"):
            continue  # a list page printing answers without numbers is no document layout
        if data["kind"] in GENRES and data.get("submitters"):
            fixture = question_set_fixture(data)
        elif data["kind"] == "letter" and data.get("text"):
            fixture = letter_fixture(data)
        else:
            continue  # a list page without numbering is not a document layout
        (TARGET / f"{fixture.name}.txt").write_text("\n".join(text_lines(fixture)) + "\n")
        render_pdf(fixture, TARGET / f"{fixture.name}.pdf")
        (TARGET / f"{fixture.name}.html").write_text(render_html(fixture), encoding="utf-8")
        (TARGET / f"{fixture.name}.xml").write_text(render_xml(fixture), encoding="utf-8")
        gold = {"source": data.get("source_urls") or data.get("origin"), **fixture.gold}
        gold["header"] = fixture.header
        (TARGET / f"{fixture.name}.gold.json").write_text(
            json.dumps(gold, ensure_ascii=False, indent=1) + "\n"
        )
        print(fixture.name, gold["genre"])


if __name__ == "__main__":
    main(Path(sys.argv[1]))
