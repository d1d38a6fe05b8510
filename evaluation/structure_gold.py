"""How well the structure stage reads documents whose structure is known (gold files).

A fixture directory holds input files (NAME.txt, NAME.pdf, …) beside NAME.gold.json:
{"genre", "header", "questions": [{number, text, markers, truncated}],
 "answers": [{numbers, text, truncated}], "footnotes": [{marker, text, question}]}.
"""

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from documents.extraction.types import ExtractionError
from documents.pipeline import structure_document
from documents.structure import DocumentStructure
from documents.text_similarity import text_similarity

INPUT_SUFFIXES = (".txt", ".pdf", ".html", ".xml")
PAGE_NUMBER_IN_TEXT = re.compile(r"(?:^|\s)(?:Pagina\s+)?\d{1,3}\s+(?:van\s+\d+\s+)?$")


@dataclass
class Figures:
    documents: int = 0
    genre_right: int = 0
    questions_expected: int = 0
    questions_found: int = 0
    questions_exact: int = 0
    answers_expected: int = 0
    answers_paired: int = 0
    footnotes_expected: int = 0
    footnotes_attached: int = 0
    passages: int = 0
    passages_with_header_text: int = 0
    hyphenation_errors: int = 0
    failures: list[str] = field(default_factory=list)

    def add(self, other: "Figures") -> None:
        for name, value in vars(other).items():
            setattr(self, name, getattr(self, name) + value)


def evaluate_directory(directory: Path) -> dict[str, dict[str, Figures]]:
    """Figures per genre and per input format ("txt", "pdf", …)."""
    results: dict[str, dict[str, Figures]] = {}
    for gold_path in sorted(directory.glob("*.gold.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        name = gold_path.name.removesuffix(".gold.json")
        for suffix in INPUT_SUFFIXES:
            path = directory / f"{name}{suffix}"
            if path.exists():
                figures = evaluate_file(path, gold)
                by_format = results.setdefault(gold["genre"], {})
                by_format.setdefault(suffix[1:], Figures()).add(figures)
    return results


def evaluate_file(path: Path, gold: dict) -> Figures:
    figures = Figures(documents=1)
    try:
        structure = structure_document(path.read_bytes())
    except ExtractionError as error:
        figures.failures.append(f"{path.name}: {error}")
        return figures
    figures.genre_right = int(structure.kind == gold["genre"])
    if not figures.genre_right:
        figures.failures.append(f"{path.name}: soort {structure.kind}, verwacht {gold['genre']}")
    _questions(structure, gold, figures, path.name)
    _answers(structure, gold, figures, path.name)
    _footnotes(structure, gold, figures, path.name)
    _passages(structure, gold, figures, path.name)
    return figures


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _questions(structure: DocumentStructure, gold: dict, figures: Figures, name: str) -> None:
    found = {q.number: normalise(q.text) for q in structure.questions}
    for question in gold["questions"]:
        figures.questions_expected += 1
        text = found.get(question["number"])
        if text is None:
            figures.failures.append(f"{name}: vraag {question['number']} niet gevonden")
            continue
        figures.questions_found += 1
        if text == normalise(_without_markers(question["text"], question["markers"])):
            figures.questions_exact += 1
        else:
            figures.failures.append(f"{name}: vraag {question['number']} wijkt af: {text[:80]}")


def _without_markers(text: str, markers: list[str]) -> str:
    for marker in markers:
        text = re.sub(rf"(?<=[^\s\d]){marker}(?=[\s.,;:?!]|$)", "", text, count=1)
    return text


def _answers(structure: DocumentStructure, gold: dict, figures: Figures, name: str) -> None:
    answers = [p for p in structure.passages if p.role == "answer"]
    for answer in gold["answers"]:
        figures.answers_expected += 1
        expected = normalise(_without_markers(answer["text"], answer.get("markers", [])))
        match = next((p for p in answers if p.answer_numbers == answer["numbers"]), None)
        if match and text_similarity(match.text, expected) >= 0.9:
            figures.answers_paired += 1
        else:
            figures.failures.append(f"{name}: antwoord {answer['numbers']} niet goed gekoppeld")


def _footnotes(structure: DocumentStructure, gold: dict, figures: Figures, name: str) -> None:
    for note in gold["footnotes"]:
        figures.footnotes_expected += 1
        text = next((f.text for f in structure.footnotes if f.marker == note["marker"]), None)
        carriers = [q.number for q in structure.questions if note["marker"] in q.footnote_markers]
        if note["question"] is None:
            carriers = (
                [0] if any(note["marker"] in p.footnote_markers for p in structure.passages) else []
            )
            expected = [0]
        else:
            expected = [note["question"]]
        if text is not None and normalise(text) == normalise(note["text"]) and carriers == expected:
            figures.footnotes_attached += 1
        else:
            figures.failures.append(f"{name}: voetnoot {note['marker']} niet goed verbonden")


def _passages(structure: DocumentStructure, gold: dict, figures: Figures, name: str) -> None:
    texts = [p.text for p in structure.passages] + [q.text for q in structure.questions]
    header = gold.get("header", "")
    for text in texts:
        figures.passages += 1
        if (header and header in text) or PAGE_NUMBER_IN_TEXT.search(text):
            figures.passages_with_header_text += 1
            figures.failures.append(f"{name}: kop- of paginatekst in passage: {text[-60:]}")
    expected_words = Counter(
        word
        for item in gold["questions"] + gold["answers"]
        for word in re.findall(r"\w+(?:-\w+)*", item["text"])
    )
    unhyphenated = {w.replace("-", ""): w for w in expected_words}
    for text in texts:
        for word in re.findall(r"\w+(?:-\w+)*", text):
            if word not in expected_words and _hyphenation_error(word, unhyphenated):
                figures.hyphenation_errors += 1
                figures.failures.append(f"{name}: afbrekingsfout {word}")


def _hyphenation_error(word: str, unhyphenated: dict[str, str]) -> bool:
    """A hyphen kept where the word has none, or one lost where it has one."""
    correct = unhyphenated.get(word.replace("-", ""))
    return correct is not None and correct != word and len(word) > 5


def format_report(results: dict[str, dict[str, Figures]]) -> str:
    lines = []
    for genre, by_format in sorted(results.items()):
        for file_format, f in sorted(by_format.items()):
            lines.append(
                f"{genre:9} {file_format:4} docs {f.documents:2}"
                f"  genre {f.genre_right}/{f.documents}"
                f"  questions found {f.questions_found}/{f.questions_expected}"
                f" exact {f.questions_exact}/{f.questions_expected}"
                f"  answers paired {f.answers_paired}/{f.answers_expected}"
                f"  footnotes attached {f.footnotes_attached}/{f.footnotes_expected}"
                f"  passages with header/page text {f.passages_with_header_text}/{f.passages}"
                f"  hyphenation errors {f.hyphenation_errors}"
            )
    return "\n".join(lines)
