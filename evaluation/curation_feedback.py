"""Does curation feed back? A simulation on the gold (`manage.py simulate-curation`).

Train is cut in two halves by file. A model trained on the first half links the second; a
simulated curator reads its "Voorgesteld" and "Mogelijk ook relevant" lists as a person
would: confirms the suggestions that answer (gold grade 2), rejects the ones that do not
(grade 0), and promotes the candidates that answer. Those decisions, and only those, become
labels as `export-gold` would write them. Retrained on the first half plus the decisions,
the model is measured on dev again. Dev chooses the threshold both times; test is not read.
"""

from dataclasses import replace

from evaluation.linking_training import (
    GoldFile,
    figures,
    model_train,
    probabilities,
)
from kamervragen.linking.config import DEFAULT
from kamervragen.linking.model import model_from
from kamervragen.linking.recipe import scored_choose


def _dev_figures(dev: list[GoldFile], data: dict, threshold: float, floor: float) -> dict:
    model = model_from({**data, "threshold": threshold, "floor": floor})
    return figures(dev, probabilities(dev, model), threshold, floor)


def curated(item: GoldFile, data: dict, threshold: float, floor: float) -> GoldFile:
    """The gold file as a curator leaves it after reviewing what the model showed."""
    model = model_from({**data, "threshold": threshold, "floor": floor})
    probs = probabilities([item], model)[0]
    suggested, candidates = scored_choose(
        list(zip(item.pairs, probs, strict=True)), threshold, floor, DEFAULT
    )
    shown = {id(pair) for pair, _ in suggested} | {id(pair) for pair, _ in candidates}
    labels: list[int | None] = []
    for pair, label in zip(item.pairs, item.labels, strict=True):
        if id(pair) not in shown or label is None:
            labels.append(None)  # nobody decided on it
        else:
            labels.append(label)  # confirmed or promoted (1), rejected (0)
    return replace(item, labels=labels, split="train", kind="curated")


def simulate(train: list[GoldFile], dev: list[GoldFile]) -> dict[str, dict]:
    """Dev figures per kind before and after retraining on the simulated decisions."""
    first, second = train[::2], train[1::2]
    trained = model_train(first, dev)
    before = _dev_figures(dev, trained.data, trained.threshold, trained.floor)
    decisions = [curated(item, trained.data, trained.threshold, trained.floor) for item in second]
    retrained = model_train(first + decisions, dev)
    after = _dev_figures(dev, retrained.data, retrained.threshold, retrained.floor)
    decided = sum(label is not None for item in decisions for label in item.labels)
    return {"before": before, "after": after, "decisions": {"labels": decided}}
