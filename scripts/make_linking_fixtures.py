"""Build linking test documents and their gold from the corpus sets' real answers.

Dev script, run by hand from the repository root (needs the `dev` extra for reportlab):

    python scripts/make_linking_fixtures.py /work/shared/corpus/sets

A letter addresses questions without numbering them; the corpus holds few such letters,
but it holds many real answers. For every set with answers this writes, into
tests/fixtures/linking/,
- ID-vragen.txt: the question document (questions only, in the Aanhangsel layout);
- ID-brief.txt: a letter to the Chamber that carries the set's answers as unnumbered
  paragraphs, in the order of the answers, without "Antwoord N" labels;
and tests/fixtures/gold/ID-vragen--ID-brief.json (format kamervragen.gold/1): each
answered question's grade-2 phrases are the opening words of each paragraph of its answer.

Left out, so that the gold holds only what a reader of the letter could link: answers that
refer to another answer by number ("Zie het antwoord op vraag 3"), answers shorter than
MIN_ANSWER characters ("Ja."), and questions the stored copy of the set does not answer;
a truncated answer is cut back to its last whole sentence.
Questions are kept in the question document either way; only annotated numbers count.
"""

import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_structure_fixtures import (  # noqa: E402
    Block,
    Fixture,
    addressee,
    dutch_date,
    question_set_fixture,
    text_lines,
)

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "tests" / "fixtures" / "linking"
GOLD = ROOT / "tests" / "fixtures" / "gold"
MIN_ANSWER = 80
PHRASE_WORDS = 10
REFERS = re.compile(r"\bantwoord(?:en)? (?:op|bij) (?:de )?vra", re.I)


def usable_answers(data: dict) -> list[dict]:
    answers = []
    for answer in data.get("answers", []):
        text = re.sub(r"\s*\[\d+\]", "", answer["text"]).strip()
        if answer.get("truncated"):
            text = text[: text.rfind(".") + 1]  # a letter prints whole sentences
        if len(text) < MIN_ANSWER or REFERS.search(text):
            continue
        answers.append({**answer, "text": text})
    return answers


def letter_fixture(data: dict, answers: list[dict]) -> Fixture:
    who = (data.get("answered_by") or ["de Minister"])[0]
    who = re.sub(r"\s*\(ontvangen[^)]*\)", "", who)
    opening = (
        f"Met deze brief informeer ik u over {data['title'][:1].lower()}{data['title'][1:]}"
        f" Ik ga daarbij in op de vragen die hierover zijn gesteld"
        f" (ingezonden {dutch_date(data['submitted'])})."
    )
    blocks = [
        Block("Aan de Voorzitter van de Tweede Kamer der Staten-Generaal"),
        Block(f"Den Haag, {dutch_date(data.get('answered') or data['submitted'])}"),
        Block(opening),
    ]
    for answer in answers:
        blocks.append(Block(answer["text"]))
    blocks.append(Block(who[:1].upper() + who[1:] + ","))
    header = f"Tweede Kamer, brief van {addressee([who])}"
    return Fixture(f"{data['id']}-brief", header, blocks, {}, {})


def gold_for(data: dict, answers: list[dict]) -> dict:
    by_number: dict[str, list[dict]] = {}
    for answer in answers:
        phrases = [
            " ".join(paragraph.split()[:PHRASE_WORDS])
            for paragraph in answer["text"].split("\n")
            if paragraph.strip()
        ]
        for number in answer["numbers"]:
            by_number.setdefault(str(number), []).extend(
                {"phrase": phrase, "grade": 2} for phrase in phrases
            )
    return {
        "schema": "kamervragen.gold/1",
        "questions": {"kind": "questions", "filename_stem": f"{data['id']}-vragen"},
        "target": {"kind": "letter", "filename_stem": f"{data['id']}-brief"},
        "annotator": "scripts/make_linking_fixtures.py: the set's own answers, unnumbered",
        "notes": "Each answered question's answer paragraphs are grade 2.",
        "answers": dict(sorted(by_number.items(), key=lambda item: int(item[0]))),
    }


def main(source: Path) -> None:
    TARGET.mkdir(parents=True, exist_ok=True)
    for path in sorted(source.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if data["kind"] != "kamervragen_with_answers" or not data.get("submitters"):
            continue
        if data["id"].startswith("openkamer-list"):
            continue  # a list page, not one question set's answers
        answers = usable_answers(data)
        if not answers:
            continue
        questions = question_set_fixture(
            {**data, "kind": "kamervragen_questions_only", "answers": []}
        )
        (TARGET / f"{data['id']}-vragen.txt").write_text("\n".join(text_lines(questions)) + "\n")
        letter = letter_fixture(data, answers)
        (TARGET / f"{letter.name}.txt").write_text("\n".join(text_lines(letter)) + "\n")
        gold = gold_for(data, answers)
        name = f"{data['id']}-vragen--{data['id']}-brief.json"
        (GOLD / name).write_text(json.dumps(gold, ensure_ascii=False, indent=1) + "\n")
        print(data["id"], "answered:", ", ".join(gold["answers"]))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
