"""Reply letters that reprint each question before its answer, from the reply gold.

Dev script, run by hand from the repository root (the `dev` extra has reportlab for --pdf):

    python scripts/make_quoted_letters.py OUT train,dev [--pdf]

For every reply gold file of the given splits (tests/fixtures/linking-gold/split.json) it
writes the set's letter (tests/fixtures/linking/ID-brief.txt) three ways into OUT: each
question reprinted bare above its answer paragraphs (`-quoted`), as "Vraag: …" (`-labelled`)
and as "Vraag N" on a line of its own (`-numbered`); questions without an answer are
reprinted too. Beside each letter a gold file (its target located by file name alone: a
numbered letter is an answer document). With --pdf, each letter is also set as a PDF
(questions in italics, paragraphs apart). Measure with `ingest --sync` of the question
documents and the letters, then `evaluate-links --gold OUT/*.json`.
"""

import json
import re
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from evaluation.gold_phrases import normalise  # noqa: E402  (as evaluate-links matches)

VARIANTS = (("quoted", ""), ("labelled", "Vraag: "), ("numbered", "Vraag {n}\n"))


def paragraphs(text: str) -> list[str]:
    return [re.sub(r"\s*\n\s*", " ", p).strip() for p in re.split(r"\n\s*\n", text) if p.strip()]


def questions_of(text: str) -> dict[int, str]:
    found = {}
    pattern = r"^Vraag (\d+)\n(.*?)(?=\n\s*\nVraag \d+\n|\Z)"
    for match in re.finditer(pattern, text, re.S | re.M):
        question = re.sub(r"\s*\n\s*", " ", match.group(2)).strip()
        question = re.sub(r"(?<=[?.])\d+\b", "", question)  # footnote markers
        if "?" in question:  # the document's footnotes follow its last question
            question = question[: question.rfind("?") + 1]
        found[int(match.group(1))] = question
    return found


def letters(gold: dict) -> dict[str, str]:
    stem_questions = gold["questions"]["filename_stem"]
    stem_letter = gold["target"]["filename_stem"]
    questions = questions_of((ROOT / f"tests/fixtures/linking/{stem_questions}.txt").read_text())
    letter = paragraphs((ROOT / f"tests/fixtures/linking/{stem_letter}.txt").read_text())
    owner: dict[int, int] = {}
    for number, items in gold["answers"].items():
        for item in items:
            for index, paragraph in enumerate(letter):
                if item["grade"] == 2 and normalise(item["phrase"]) in normalise(paragraph):
                    owner.setdefault(index, int(number))
    if not owner:
        return {}
    first, last = min(owner), max(owner)
    answers: dict[int, list[str]] = {}
    for index in range(first, last + 1):  # a paragraph between answers stays with the one before
        number = owner.get(index) or owner[max(i for i in owner if i < index)]
        answers.setdefault(number, []).append(letter[index])
    written = {}
    for variant, label in VARIANTS:
        body = letter[:first]
        for number in sorted(questions):
            body.append(label.format(n=number) + questions[number])
            body += answers.get(number, [])
        written[f"{stem_letter}-{variant}"] = "\n\n".join(body + letter[last + 1 :]) + "\n"
    return written


def pdf(text: str, path: Path) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen.canvas import Canvas

    fonts = Path("/usr/share/fonts/truetype/dejavu")
    pdfmetrics.registerFont(TTFont("Serif", str(fonts / "DejaVuSerif.ttf")))
    pdfmetrics.registerFont(TTFont("Serif-Italic", str(fonts / "DejaVuSerif-Italic.ttf")))
    canvas = Canvas(str(path), pagesize=A4)
    width, height = A4
    y, page = height - 80, 1
    for paragraph in text.split("\n\n"):
        italic = paragraph.rstrip().endswith("?") or paragraph.startswith("Vraag")
        for raw in paragraph.split("\n"):
            for line in textwrap.wrap(raw, 95) or [""]:
                if y < 70:
                    canvas.setFont("Helvetica", 7)
                    canvas.drawString(width - 100, 30, f"Pagina {page}")
                    canvas.showPage()
                    y, page = height - 80, page + 1
                canvas.setFont("Serif-Italic" if italic else "Serif", 9.5)
                canvas.drawString(85, y, line)
                y -= 12
        y -= 8
    canvas.setFont("Helvetica", 7)
    canvas.drawString(width - 100, 30, f"Pagina {page}")
    canvas.save()


def main() -> None:
    out, splits = Path(sys.argv[1]), set(sys.argv[2].split(","))
    out.mkdir(parents=True, exist_ok=True)
    split = json.loads((ROOT / "tests/fixtures/linking-gold/split.json").read_text())
    for item in split["files"]:
        if item["kind"] != "reply" or item["split"] not in splits:
            continue
        gold = json.loads((ROOT / item["file"]).read_text())
        for name, text in letters(gold).items():
            (out / f"{name}.txt").write_text(text)
            if "--pdf" in sys.argv:
                pdf(text, out / f"{name}.pdf")
            located = {**gold, "target": {"filename_stem": name}, "kind": "reply"}
            (out / f"{name}.json").write_text(json.dumps(located, ensure_ascii=False, indent=1))
    print(len(list(out.glob("*.json"))), "letters in", out)


if __name__ == "__main__":
    main()
