"""Write gold files for explicit links from the golden answer documents.

Dev script, run by hand from the repository root:

    python scripts/make_explicit_gold.py

For every answer document in tests/fixtures/structure/ (genre "answers" in NAME.gold.json)
and each of its formats, writes tests/fixtures/gold-explicit/NAME.EXT.json (kamervragen.gold/1):
the document is both the question document and the target, and each answered question's
grade-2 phrase is the opening of its answer as printed. An answer that refers to another
("Zie het antwoord op vraag 3") also lists the answer it refers to. `evaluate-links
--methods explicit` on these files measures the explicit links alone.
"""

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "tests" / "fixtures" / "structure"
TARGET = ROOT / "tests" / "fixtures" / "gold-explicit"
FORMATS = ("txt", "pdf", "html", "xml")
PHRASE_WORDS = 8
REFERS = re.compile(r"antwoord(?:en)? op vra(?:ag|gen) (\d+)", re.IGNORECASE)


def phrase(text: str) -> str:
    first = text.split("\n")[0]
    return " ".join(re.sub(r"\s+", " ", first).split()[:PHRASE_WORDS])


def main() -> None:
    TARGET.mkdir(parents=True, exist_ok=True)
    for path in sorted(SOURCE.glob("*.gold.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        if gold["genre"] != "answers" or not gold["answers"]:
            continue
        name = path.name.removesuffix(".gold.json")
        by_number: dict[str, list[dict]] = {}
        first_of = {}
        for answer in gold["answers"]:
            for number in answer["numbers"]:
                first_of.setdefault(number, phrase(answer["text"]))
        for answer in gold["answers"]:
            items = [{"phrase": phrase(answer["text"]), "grade": 2}]
            for referred in REFERS.findall(answer["text"][:120]):
                if int(referred) in first_of and int(referred) not in answer["numbers"]:
                    items.append({"phrase": first_of[int(referred)], "grade": 2})
            for number in answer["numbers"]:
                by_number.setdefault(str(number), []).extend(items)
        for ext in FORMATS:
            if not (SOURCE / f"{name}.{ext}").exists():
                continue
            locator = {"kind": "answers", "filename": f"{name}.{ext}"}
            data = {
                "schema": "kamervragen.gold/1",
                "questions": locator,
                "target": locator,
                "annotator": "scripts/make_explicit_gold.py from NAME.gold.json",
                "notes": "Explicit links: each answered question's own answer, as printed.",
                "answers": dict(sorted(by_number.items(), key=lambda item: int(item[0]))),
            }
            out = TARGET / f"{name}.{ext}.json"
            out.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n")
        print(name, "answered:", ", ".join(by_number))


if __name__ == "__main__":
    main()
