"""Where the linking loses an answer (`manage.py diagnose-links`): retrieval, ranking or
the threshold.

For every annotated question with a grade-2 passage in a gold file of train or dev (test is
never read): whether a new target document's retrieval (`questions_for`, `with_whole_sets`,
as `links_suggest_for_document` calls them) reaches the question at all, the rank of its
best grade-2 passage among the target's passages by the model's probability and by BM25
alone, that passage's probability against the threshold, and which of the three lost it.
Unanswered questions that get a suggestion are listed too.
"""

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from evaluation.linking_training import GoldFile
from kamervragen.linking.candidates import (
    document_passages,
    document_weights,
    questions_for,
    with_whole_sets,
)
from kamervragen.linking.feature_names import FEATURE_NAMES
from kamervragen.linking.model import LinkModel

BM25 = FEATURE_NAMES.index("bm25")
TOP = 3  # hit@3: what a curator reads at a glance


@dataclass
class Diagnosis:
    file: str
    kind: str
    number: int
    retrieved: bool  # the document's retrieval reaches the question
    rank_model: int | None  # rank of the best grade-2 passage by probability (1 = first)
    rank_bm25: int | None  # … by BM25 alone
    probability: float  # of that passage
    best_other: float  # the best probability of a passage that is not grade 2
    cause: str  # "" (found), "retrieval", "ranking", "threshold"


def diagnose(item: GoldFile, probs: list[float], model: LinkModel) -> list[Diagnosis]:
    """One line per annotated question of the file with a grade-2 passage, and per
    unanswered question that gets a suggestion."""
    rows: dict[int, list[tuple[float, float, int]]] = defaultdict(list)
    for pair, probability in zip(item.pairs, probs, strict=True):
        number = item.numbers[pair.question.pk]
        grade = item.grades.get((number, pair.passage.pk), 0)
        rows[number].append((probability, pair.values[BM25], grade))
    target = item.pairs[0].passage.document if item.pairs else None
    reached: set[int] = set()
    if target is not None:
        weights = document_weights(document_passages(target))
        pool = {q.pk for q in with_whole_sets(questions_for(weights))}
        reached = {item.numbers[pk] for pk in item.numbers if pk in pool}
    name = Path(item.path).name
    result = []
    for number, (direct, _) in sorted(item.gold.items()):
        found = rows.get(number, [])
        if not direct:
            top = max((p for p, _, grade in found if grade == 0), default=0.0)
            if top >= model.threshold:
                result.append(
                    Diagnosis(name, item.kind, number, number in reached, None, None, 0.0, top, "")
                )
            continue
        by_model = sorted(found, key=lambda row: -row[0])
        by_bm25 = sorted(found, key=lambda row: -row[1])
        rank_model = next((i for i, row in enumerate(by_model, 1) if row[2] == 2), None)
        rank_bm25 = next((i for i, row in enumerate(by_bm25, 1) if row[2] == 2), None)
        probability = max((p for p, _, grade in found if grade == 2), default=0.0)
        best_other = max((p for p, _, grade in found if grade != 2), default=0.0)
        if number not in reached:
            cause = "retrieval"
        elif rank_model is None or rank_model > TOP:
            cause = "ranking"
        elif probability < model.threshold:
            cause = "threshold"
        else:
            cause = ""
        result.append(
            Diagnosis(
                name,
                item.kind,
                number,
                number in reached,
                rank_model,
                rank_bm25,
                probability,
                best_other,
                cause,
            )
        )
    return result


def diagnosis_lines(diagnoses: list[Diagnosis], threshold: float) -> list[str]:
    lines = [
        f"{'soort':<9} {'vraag':>5} {'gevonden':>8} {'rang':>4} {'bm25':>4} "
        f"{'kans':>6} {'anders':>6}  oorzaak  bestand   (drempel {threshold})"
    ]
    for d in diagnoses:
        if d.rank_model is None and d.cause == "" and d.best_other:
            cause = "onterecht"  # an unanswered question with a suggestion
        else:
            cause = d.cause or "ok"
        lines.append(
            f"{d.kind:<9} {d.number:>5} {'ja' if d.retrieved else 'nee':>8} "
            f"{d.rank_model or '-':>4} {d.rank_bm25 or '-':>4} {d.probability:>6.3f} "
            f"{d.best_other:>6.3f}  {cause:<9} {d.file}"
        )
    causes: dict[str, int] = defaultdict(int)
    for d in diagnoses:
        if d.rank_model is not None or d.cause:
            causes[d.cause or "ok"] += 1
    lines.append("per oorzaak: " + ", ".join(f"{k} {v}" for k, v in sorted(causes.items())))
    return lines
