"""The structure stage on PDFs from scripts/make_layout_fixtures.py, against the sets' gold:
one line per layout (questions found, answers paired, mean text similarity of questions and
answers, footnotes attached), with -v one per document and its failures.

    python scripts/make_layout_fixtures.py /tmp/layouts
    PYTHONPATH=$PWD SECRET_KEY=x python scripts/measure_layouts.py /tmp/layouts [-v]
"""

import json
import os
import sys
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kamervragen.settings")
django.setup()

from documents.pipeline import structure_document  # noqa: E402
from documents.text_similarity import text_similarity  # noqa: E402
from evaluation.structure_gold import _without_markers, evaluate_file, normalise  # noqa: E402

STRUCTURE = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "structure"


def similarities(pdf: Path, gold: dict) -> list[float]:
    """Per gold question and answer, how close the text found is (0 when none is)."""
    structure = structure_document(pdf.read_bytes())
    found = {q.number: q.text for q in structure.questions}
    scores = []
    for question in gold["questions"]:
        expected = normalise(_without_markers(question["text"], question["markers"]))
        text = found.get(question["number"])
        scores.append(text_similarity(normalise(text), expected) if text else 0.0)
    answers = [p for p in structure.passages if p.role == "answer"]
    for answer in gold["answers"]:
        expected = normalise(_without_markers(answer["text"], answer.get("markers", [])))
        texts = [p.text for p in answers if p.answer_numbers == answer["numbers"]]
        scores.append(text_similarity(" ".join(texts), expected) if texts else 0.0)
    return scores


def main() -> None:
    root = Path(sys.argv[1])
    verbose = "-v" in sys.argv
    for layout in sorted(path for path in root.iterdir() if path.is_dir()):
        totals = dict.fromkeys(("n", "genre", "q", "qe", "a", "ae", "f", "fe", "bad"), 0)
        scores: list[float] = []
        for pdf in sorted(layout.glob("*.pdf")):
            gold = json.loads((STRUCTURE / f"{pdf.stem}.gold.json").read_text(encoding="utf-8"))
            f = evaluate_file(pdf, gold)
            own = similarities(pdf, gold)
            scores += own
            for key, value in (
                ("n", 1),
                ("genre", f.genre_right),
                ("q", f.questions_found),
                ("qe", f.questions_expected),
                ("a", f.answers_paired),
                ("ae", f.answers_expected),
                ("f", f.footnotes_attached),
                ("fe", f.footnotes_expected),
                ("bad", f.passages_with_header_text + f.hyphenation_errors),
            ):
                totals[key] += value
            if verbose:
                print(
                    f"{layout.name:12} {pdf.stem:20} questions {f.questions_found}/"
                    f"{f.questions_expected} answers {f.answers_paired}/{f.answers_expected}"
                    f" similarity {sum(own) / max(1, len(own)):.3f}"
                    f" footnotes {f.footnotes_attached}/{f.footnotes_expected}"
                )
                for failure in f.failures:
                    print("    ", failure)
        print(
            f"{layout.name:12} sets {totals['n']:2} genre {totals['genre']}/{totals['n']}"
            f"  questions {totals['q']}/{totals['qe']}  answers paired {totals['a']}/{totals['ae']}"
            f"  mean similarity {sum(scores) / max(1, len(scores)):.3f}"
            f"  footnotes {totals['f']}/{totals['fe']}  header/hyphenation errors {totals['bad']}"
        )


if __name__ == "__main__":
    main()
