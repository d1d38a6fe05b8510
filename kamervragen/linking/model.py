"""The learned link scorer: a logistic model over `feature_names.FEATURE_NAMES`, read from a file.

`model.json` (written by `manage.py train-linking`) holds the format version, the feature
names it was trained on, each feature's centre and scale, the coefficients and intercept,
the suggestion threshold and the candidate floor chosen on dev, and where it came from.
Applying it needs no scikit-learn. It is read once per process; a file whose features are
not the code's is refused with the features that differ.
"""

import functools
import json
import math
from dataclasses import dataclass
from pathlib import Path

from kamervragen.linking.feature_names import FEATURE_NAMES

MODEL_FORMAT = "kamervragen.link-model/1"
MODEL_PATH = Path(__file__).with_name("model.json")
EVIDENCE_FEATURES = 3  # the features that pushed a probability up most, shown as evidence


class ModelMismatch(Exception):
    pass


@dataclass(frozen=True)
class LinkModel:
    centre: tuple[float, ...]
    scale: tuple[float, ...]
    coefficients: tuple[float, ...]
    intercept: float
    threshold: float  # a probability at or above it is a suggestion ("Voorgesteld")
    floor: float  # below the threshold and at or above this: "Mogelijk ook relevant"

    def contributions(self, values: list[float]) -> list[float]:
        """Each feature's share of the log-odds."""
        return [
            w * (x - c) / s
            for w, x, c, s in zip(self.coefficients, values, self.centre, self.scale, strict=True)
        ]

    def probability(self, values: list[float]) -> float:
        z = self.intercept + sum(self.contributions(values))
        return 1 / (1 + math.exp(-max(-50.0, min(50.0, z))))

    def probabilities(self, rows: list[list[float]]) -> list[float]:
        """`probability` of each row, the contributions added in the same order (a running
        sum along the features) and the same `math.exp`: the same figures, bit for bit."""
        if not rows:
            return []
        import numpy  # not at import: the start-up check reads this module

        values = numpy.array(rows, dtype=float)
        shares = numpy.array(self.coefficients) * (values - self.centre) / self.scale
        totals = (self.intercept + shares.cumsum(axis=1)[:, -1]).tolist()
        return [1 / (1 + math.exp(-max(-50.0, min(50.0, z)))) for z in totals]

    def evidence(self, values: list[float]) -> dict[str, float]:
        """The features that raised the probability most, with their value."""
        ranked = sorted(
            zip(FEATURE_NAMES, self.contributions(values), values, strict=True),
            key=lambda item: (-item[1], item[0]),
        )
        return {name: round(value, 3) for name, share, value in ranked[:EVIDENCE_FEATURES]}


def model_check(data: dict) -> None:
    """Raises ModelMismatch unless the file is this format and has exactly the code's features."""
    if data.get("format") != MODEL_FORMAT:
        raise ModelMismatch(f"model format is {data.get('format')!r}, not {MODEL_FORMAT!r}")
    names = list(data.get("features", []))
    if names != list(FEATURE_NAMES):
        missing = [n for n in FEATURE_NAMES if n not in names]
        extra = [n for n in names if n not in FEATURE_NAMES]
        detail = f"missing {missing}, extra {extra}" if missing or extra else "order differs"
        raise ModelMismatch(
            f"the link model's features do not match the code's ({detail}); "
            "retrain it with `manage.py train-linking`"
        )


def model_from(data: dict) -> LinkModel:
    model_check(data)
    return LinkModel(
        centre=tuple(data["centre"]),
        scale=tuple(data["scale"]),
        coefficients=tuple(data["coefficients"]),
        intercept=data["intercept"],
        threshold=data["threshold"],
        floor=data["floor"],
    )


def model_read(path: Path) -> LinkModel:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ModelMismatch(f"{path}: {error}") from error
    try:
        return model_from(data)
    except ModelMismatch as error:
        raise ModelMismatch(f"{path}: {error}") from error


@functools.cache
def link_model() -> LinkModel:
    """The repository's model, read once per process."""
    return model_read(MODEL_PATH)
