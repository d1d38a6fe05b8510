"""Training the link model (`manage.py train-linking`) on gold files, and measuring it.

Examples are the (question, passage) pairs of each gold file's question set against its
target document, with the features the recipe computes (`recipe.document_features`).
Labels come from grades: grade 2 is a positive; grade 1 ("a reader would want to see it")
is left out of training, being neither an answer nor unrelated; every other passage of a
hand-annotated target is a negative. A curators' file (`export-gold`) labels only what the
curators decided: confirmed or added (2) and rejected (0) passages.

The model is fitted on train only; the regularisation and the threshold are chosen on dev.
Dev is small (7 sets), so `held_out` also predicts train and dev by folds of question sets at
the chosen regularisation: those predictions calibrate the probabilities (`platt`), choose the
floor of "Mogelijk ook relevant" and measure the chosen settings on sets the model was not
fitted on. Test is never read. Same gold, same database → byte-identical model file.
"""

import json
import math
import random
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from documents.models import Passage
from evaluation.link_gold import (
    QuestionScore,
    document_locate,
    gold_load,
    normalise,
    passage_grade,
    summary,
)
from kamervragen.linking.config import DEFAULT, LinkingConfig
from kamervragen.linking.feature_names import FEATURE_NAMES
from kamervragen.linking.features import Pair
from kamervragen.linking.model import MODEL_FORMAT, LinkModel, model_from
from kamervragen.linking.recipe import document_features, scored_choose
from kamervragen.models import Link, Question

CURATORS = "curatoren (export-gold)"  # the annotator export-gold writes
KINDS = ("reply", "topical", "mixed", "negative")
REGULARISATION = (0.01, 0.1, 1.0, 10.0)  # logistic C values tried; dev log-loss chooses
THRESHOLDS = tuple(round(0.05 * i, 2) for i in range(1, 20))
FLOORS = (0.01, 0.02, 0.03, 0.05, 0.08, 0.1, 0.15, 0.2, 0.25, 0.3)
TARGET_PRECISION = 0.85  # the targets: the threshold is chosen to meet them on dev
TARGET_SILENCE = 0.9
FOLDS = 7  # held-out folds of train and dev, by question set (`held_out`)
DEALS = 5  # … in this many deals of the sets into folds, taken together
DECIMALS = 6  # the model file's numbers: rounding makes the file byte-identical across runs
RULE_METHODS = [Link.Method.EXPLICIT, Link.Method.REFERENCE]


@dataclass
class GoldFile:
    path: str
    kind: str
    split: str
    pairs: list[Pair] = field(default_factory=list)
    labels: list[int | None] = field(default_factory=list)  # 1, 0, or None (not trained on)
    numbers: dict[int, int] = field(default_factory=dict)  # question id → annotated number
    gold: dict[int, tuple[int, int]] = field(default_factory=dict)  # number → (grade 2s, 1s)
    grades: dict[tuple[int, int], int] = field(default_factory=dict)  # (number, pk) → grade
    rules: dict[int, list[tuple[int, float]]] = field(default_factory=dict)  # number → pk, score
    set_key: str = ""  # the question document's SHA-256: the same in every database


def split_read(path: Path | None) -> dict[str, tuple[str, str]]:
    """Gold file path (resolved) → (kind, split) as `split.json` lists them."""
    if path is None or not Path(path).is_file():
        return {}
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return {
        str(Path(item["file"]).resolve()): (item["kind"], item["split"]) for item in data["files"]
    }


def gold_kind(path: str, data: dict, listed: dict[str, tuple[str, str]]) -> tuple[str, str]:
    """A file's kind and split: from split.json, else its "kind" key; unlisted files (a
    curators' export) are train."""
    kind, split = listed.get(str(Path(path).resolve()), ("", "train"))
    return data.get("kind") or kind or "curated", split


def gold_read(
    path: str, listed: dict, config: LinkingConfig = DEFAULT, read_test: bool = False
) -> GoldFile:
    """The features and labels of one gold file's pairs, read from the database."""
    data = gold_load(Path(path))
    kind, split = gold_kind(path, data, listed)
    item = GoldFile(path, kind, split)
    if split == "test" and not read_test:
        return item  # test is never used to choose features, weights or thresholds
    questions_document = document_locate(data["questions"])
    item.set_key = questions_document.sha256
    target = document_locate(data["target"])
    curated = data.get("annotator") == CURATORS
    every = list(Passage.objects.filter(document=target).order_by("order"))
    ordered = [p for p in every if not p.superseded]
    questions = list(Question.objects.filter(question_set__documents=questions_document))
    answers = {int(n): items for n, items in data["answers"].items()}
    item.numbers = {q.pk: q.number for q in questions if q.number in answers}
    for number in item.numbers.values():
        grades = [passage_grade(p.text, answers[number]) for p in every]
        item.gold[number] = (grades.count(2), grades.count(1))
    pairs, _ = document_features(target, ordered, questions, config)
    for pair in pairs:
        if pair.question.pk not in item.numbers:
            continue
        number = item.numbers[pair.question.pk]
        items = answers[number]
        grade = passage_grade(pair.passage.text, items)
        item.grades[(number, pair.passage.pk)] = grade
        named = any(normalise(i["phrase"]) in normalise(pair.passage.text) for i in items)
        if grade == 2:
            label = 1
        elif grade == 1 or (curated and not named):
            label = None
        else:
            label = 0
        item.pairs.append(pair)
        item.labels.append(label)
    for link in Link.objects.filter(
        question_id__in=item.numbers, passage__document=target, method__in=RULE_METHODS
    ):
        item.rules.setdefault(item.numbers[link.question_id], []).append(
            (link.passage_id, link.score)
        )
    return item


def examples(files: list[GoldFile]) -> tuple[list[list[float]], list[int]]:
    rows, labels = [], []
    for item in files:
        for pair, label in zip(item.pairs, item.labels, strict=True):
            if label is not None:
                rows.append(pair.values)
                labels.append(label)
    return rows, labels


def _fitted(files: list[GoldFile], c: float) -> dict:
    """The model file's data (without threshold and floor) of a logistic model fitted on
    these files' labelled pairs with regularisation `c`."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    rows, labels = examples(files)
    if len(set(labels)) < 2:
        raise ValueError("training needs both answering and other passages")
    x = np.array(rows, dtype=float)
    centre = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale < 1e-6] = 1.0  # constant on train (rounded in the file, it would be 0)
    fitted = LogisticRegression(C=c, max_iter=5000).fit((x - centre) / scale, np.array(labels))
    return _model_data(centre, scale, fitted.coef_[0], fitted.intercept_[0])


def set_folds(files: list[GoldFile], folds: int = FOLDS, deal: int = 0) -> list[list[int]]:
    """The files' indices dealt into folds by question set (sets sorted, shuffled by the
    deal's own seed unless it is 0, dealt in turn): a set's questions are never in the fold
    that is held out and the folds it is fitted on."""
    keys = [item.set_key for item in files]
    sets = sorted(set(keys))
    if deal:
        random.Random(deal).shuffle(sets)
    count = min(folds, len(sets))
    fold_of = {key: index % count for index, key in enumerate(sets)}
    return [[i for i, key in enumerate(keys) if fold_of[key] == fold] for fold in range(count)]


def out_of_fold(files: list[GoldFile], c: float, folds: list[list[int]]) -> list[list[float]]:
    """Each file's probabilities from a model fitted on the other folds only."""
    probs: list[list[float]] = [[] for _ in files]
    for held in folds:
        rest = [item for index, item in enumerate(files) if index not in held]
        model = model_from({**_fitted(rest, c), "threshold": 0.5, "floor": 0.5})
        for index in held:
            probs[index] = probabilities([files[index]], model)[0]
    return probs


def _labelled(files: list[GoldFile], probs: list[list[float]]) -> tuple[list[int], list[float]]:
    labels, predicted = [], []
    for item, item_probs in zip(files, probs, strict=True):
        for label, probability in zip(item.labels, item_probs, strict=True):
            if label is not None:
                labels.append(label)
                predicted.append(probability)
    return labels, predicted


def model_fit(train: list[GoldFile], dev: list[GoldFile]) -> tuple[dict, list[str]]:
    """Fits the logistic model on train, choosing its regularisation on dev (log-loss);
    returns the model file's data (without threshold and floor) and what was tried."""
    from sklearn.metrics import log_loss

    dev_labels = examples(dev)[1]
    tried = []
    best = None
    for c in REGULARISATION:
        data = _fitted(train, c)
        if dev_labels and len(set(dev_labels)) == 2:
            model = model_from({**data, "threshold": 0.5, "floor": 0.5})
            _, predicted = _labelled(dev, probabilities(dev, model))
            loss = log_loss(dev_labels, predicted, labels=[0, 1])
        else:
            loss = 0.0
        tried.append(f"C={c}: dev log-loss {loss:.4f}")
        if best is None or loss < best[0] - 1e-9:
            best = (loss, c, data)
    assert best is not None  # REGULARISATION is never empty
    _, c, data = best
    labels = examples(train)[1]
    data["provenance"] = {"C": c, "examples": len(labels), "positives": int(sum(labels))}
    return data, tried


@dataclass
class HeldOut:
    """The chosen regularisation's predictions for train and dev from the folds that did not
    hold each file's question set, in `DEALS` deals: what the model does on sets it was
    not fitted on, with many more sets than dev alone (`train-linking` prints it)."""

    files: list[GoldFile]  # train and dev, once per deal
    probs: list[list[float]]
    log_loss: float


def held_out(files: list[GoldFile], c: float) -> HeldOut | None:
    """`HeldOut` for these files at regularisation `c`; None for fewer than two sets."""
    deals = [set_folds(files, deal=deal) for deal in range(DEALS)]
    if len(deals[0]) < 2:
        return None
    pooled = files * DEALS
    probs = [p for folds in deals for p in out_of_fold(files, c, folds)]
    return HeldOut(pooled, probs, _log_loss(pooled, probs))


def _log_loss(files: list[GoldFile], probs: list[list[float]]) -> float:
    from sklearn.metrics import log_loss

    labels, predicted = _labelled(files, probs)
    return log_loss(labels, predicted, labels=[0, 1]) if len(set(labels)) == 2 else 0.0


def _logit(probability: float) -> float:
    probability = min(max(probability, 1e-9), 1 - 1e-9)
    return math.log(probability / (1 - probability))


def platt(estimate: HeldOut) -> tuple[float, float]:
    """Platt scaling fitted on held-out predictions: the slope and intercept that turn a
    log-odds into one whose probability matches what was observed."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    labels, predicted = _labelled(estimate.files, estimate.probs)
    if len(set(labels)) < 2:
        return 1.0, 0.0
    logits = np.array([[_logit(p)] for p in predicted])
    fitted = LogisticRegression(C=np.inf, max_iter=1000).fit(logits, np.array(labels))
    return float(fitted.coef_[0][0]), float(fitted.intercept_[0])


def calibrated(data: dict, slope: float, intercept: float) -> dict:
    """The model's data with Platt scaling folded into its coefficients and intercept: the
    same order of pairs, probabilities that mean what they say."""
    return {
        **data,
        "coefficients": [round(c * slope, DECIMALS) for c in data["coefficients"]],
        "intercept": round(data["intercept"] * slope + intercept, DECIMALS),
    }


@dataclass
class Training:
    data: dict  # the model file's data, without threshold and floor
    tried: list[str]  # each regularisation's dev log-loss
    threshold: float
    floor: float
    held_out: HeldOut | None  # the chosen C on held-out folds, calibrated as the model is


def model_train(train: list[GoldFile], dev: list[GoldFile]) -> Training:
    """Fits on train (C chosen on dev), calibrates the probabilities on held-out folds of
    train and dev (`platt`), then chooses the threshold on dev and the floor on the held-out
    folds (without folds, on dev): when introduced, dev's two-tier figure was 1.0 at every
    floor up to 0.02 and could not choose; held out it was 0.939 at 0.01, 0.926 at 0.02.

    Why calibrate on folds: fitted on train, the model was overconfident on sets it had not
    seen (held out, pairs given 0.7-0.8 answered in 0.51 of cases, 0.8-0.9 in 0.65), and the
    probability is what a user reads beside each link."""
    data, tried = model_fit(train, dev)
    estimate = held_out(train + dev, data["provenance"]["C"])
    if estimate is not None:
        slope, intercept = platt(estimate)
        data = calibrated(data, slope, intercept)
        data["provenance"]["calibration"] = {
            "method": f"Platt scaling on held-out folds ({FOLDS} by question set, {DEALS} deals)",
            "slope": round(slope, DECIMALS),
            "intercept": round(intercept, DECIMALS),
        }
        probs = [
            [1 / (1 + math.exp(-(slope * _logit(p) + intercept))) for p in file_probs]
            for file_probs in estimate.probs
        ]
        estimate = HeldOut(estimate.files, probs, _log_loss(estimate.files, probs))
    model = model_from({**data, "threshold": 0.5, "floor": 0.5})
    threshold, floor = threshold_choose(dev, probabilities(dev, model)) if dev else (0.5, 0.3)
    if estimate is not None:
        floor = floor_choose(estimate.files, estimate.probs, threshold)
    return Training(data, tried, threshold, floor, estimate)


def _model_data(centre, scale, coefficients, intercept) -> dict:
    return {
        "format": MODEL_FORMAT,
        "features": list(FEATURE_NAMES),
        "centre": [round(float(v), DECIMALS) for v in centre],
        "scale": [round(float(v), DECIMALS) for v in scale],
        "coefficients": [round(float(v), DECIMALS) for v in coefficients],
        "intercept": round(float(intercept), DECIMALS),
    }


# measuring ------------------------------------------------------------------------------------


def probabilities(files: list[GoldFile], model: LinkModel) -> list[list[float]]:
    return [[model.probability(pair.values) for pair in item.pairs] for item in files]


def question_scores(
    item: GoldFile,
    probs: list[float],
    threshold: float,
    floor: float,
    config: LinkingConfig = DEFAULT,
) -> list[tuple[QuestionScore, bool]]:
    """Per annotated question: its score as evaluate-links would compute it (the model's
    suggestions beside the rule links) and whether "Voorgesteld" plus "Mogelijk ook
    relevant" hold a grade-2 passage in their top 3."""
    suggested, candidates = scored_choose(
        list(zip(item.pairs, probs, strict=True)), threshold, floor, config
    )
    shown: dict[int, dict[int, float]] = defaultdict(dict)
    extra: dict[int, dict[int, float]] = defaultdict(dict)
    orders = {pair.passage.pk: pair.passage.order for pair in item.pairs}
    for pair, probability in suggested:
        shown[item.numbers[pair.question.pk]][pair.passage.pk] = round(probability, 4)
    for number, links in item.rules.items():
        for pk, score in links:
            shown[number][pk] = max(score, shown[number].get(pk, 0.0))
    for pair, probability in candidates:  # in the order "Mogelijk ook relevant" shows them
        number = item.numbers[pair.question.pk]
        if pair.passage.pk not in shown[number]:
            extra[number][pair.passage.pk] = round(probability, 4)
    result = []
    for number in sorted(item.numbers.values()):
        direct, related = item.gold[number]
        question_score = QuestionScore(number, direct, related)
        links = sorted(shown[number].items(), key=lambda kv: (-kv[1], kv[0]))
        question_score.suggestions = [
            (orders.get(pk, 0), value, item.grades.get((number, pk), 0)) for pk, value in links
        ]
        both = links + list(extra[number].items())
        two_tier = any(item.grades.get((number, pk), 0) == 2 for pk, _ in both[:3])
        result.append((question_score, two_tier))
    return result


def figures(
    files: list[GoldFile],
    probs: list[list[float]],
    threshold: float,
    floor: float,
    config: LinkingConfig = DEFAULT,
) -> dict[str, dict]:
    """evaluate-links' summary per kind and overall ("all"), with the two-tier figure."""
    per_kind: dict[str, list[tuple[QuestionScore, bool]]] = defaultdict(list)
    for item, item_probs in zip(files, probs, strict=True):
        scored = question_scores(item, item_probs, threshold, floor, config)
        per_kind[item.kind] += scored
        per_kind["all"] += scored
    return {kind: summary_two_tier(scored) for kind, scored in per_kind.items()}


def summary_two_tier(scored: list[tuple[QuestionScore, bool]]) -> dict:
    figures = summary([s for s, _ in scored])
    direct = [both for s, both in scored if s.gold_direct]
    figures["two_tier_top3"] = round(sum(direct) / len(direct), 3) if direct else None
    return figures


def threshold_choose(
    dev: list[GoldFile], probs: list[list[float]], config: LinkingConfig = DEFAULT
) -> tuple[float, float]:
    """The threshold that meets the precision and silence targets on dev with the best hit@3
    (else the best sum of the three), then the highest floor that keeps the best two-tier
    figure."""

    def key(threshold: float) -> tuple:
        overall = figures(dev, probs, threshold, 0.0, config)["all"]
        precision = overall["precision"] if overall["precision"] is not None else 1.0
        silence = overall["unanswered_silent"] if overall["unanswered_silent"] is not None else 1.0
        hit = overall["hit@3"] or 0.0
        meets = precision >= TARGET_PRECISION and silence >= TARGET_SILENCE
        return (meets, hit if meets else hit + precision + silence, threshold)

    threshold = max(THRESHOLDS, key=key)
    return threshold, floor_choose(dev, probs, threshold, config)


def floor_choose(
    files: list[GoldFile],
    probs: list[list[float]],
    threshold: float,
    config: LinkingConfig = DEFAULT,
) -> float:
    """The highest floor under the threshold that keeps the best two-tier figure."""
    floors = [f for f in FLOORS if f < threshold]
    two_tier = {
        f: figures(files, probs, threshold, f, config)["all"]["two_tier_top3"] or 0.0
        for f in floors
    }
    best = max(two_tier.values(), default=0.0)
    return max((f for f in floors if two_tier[f] >= best), default=threshold)


def calibration(files: list[GoldFile], probs: list[list[float]], bins: int = 10) -> list[str]:
    """Predicted against observed share of answering passages, per probability bin."""
    counts = [[0, 0.0, 0] for _ in range(bins)]
    for item, item_probs in zip(files, probs, strict=True):
        for label, probability in zip(item.labels, item_probs, strict=True):
            if label is None:
                continue
            row = counts[min(bins - 1, int(probability * bins))]
            row[0] += 1
            row[1] += probability
            row[2] += label
    lines = ["kans         paren  voorspeld  waargenomen"]
    for index, (n, total, positives) in enumerate(counts):
        low, high = index / bins, (index + 1) / bins
        if n:
            lines.append(f"{low:.1f}-{high:.1f}  {n:>8}  {total / n:>9.3f}  {positives / n:>11.3f}")
        else:
            lines.append(f"{low:.1f}-{high:.1f}  {0:>8}  {'-':>9}  {'-':>11}")
    return lines


COLUMNS = [
    "questions",
    "with_direct_answer",
    "hit@1",
    "hit@3",
    "mrr",
    "suggestions",
    "precision",
    "unanswered",
    "unanswered_silent",
    "two_tier_top3",
]


def figures_table(by_kind: dict[str, dict]) -> list[str]:
    """One line per kind (reply, topical, mixed, negative, others, all)."""
    order = [k for k in KINDS if k in by_kind]
    order += sorted(k for k in by_kind if k not in KINDS and k != "all") + ["all"]
    lines = ["soort      " + " ".join(f"{c:>18}" for c in COLUMNS)]
    for kind in order:
        if kind in by_kind:
            values = by_kind[kind]
            lines.append(f"{kind:<10} " + " ".join(f"{values[c]!s:>18}" for c in COLUMNS))
    return lines


def model_write(data: dict, path: Path) -> None:
    Path(path).write_text(json.dumps(data, indent=1, sort_keys=False) + "\n", encoding="utf-8")
