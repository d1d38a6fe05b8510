"""`manage.py train-linking --gold FILE [FILE ...] [--split FILE] [--output FILE]`.

Fits the link model on the train split's gold, chooses its threshold and floor on dev,
prints a calibration table and the figures per kind on train and dev, and the same for the
chosen settings on held-out folds of question sets (`held_out`: a model fitted without each
set, at the chosen C and threshold, whose predictions also calibrate the probabilities), and
writes the model file. Test files are not read.
Reads the documents already ingested; writes nothing to the database.
"""

from pathlib import Path

import sklearn
from django.core.management.base import BaseCommand, CommandError

from evaluation.link_gold import GoldError
from evaluation.linking_training import (
    DEALS,
    FOLDS,
    calibration,
    figures,
    figures_table,
    gold_read,
    model_train,
    model_write,
    probabilities,
    split_read,
)
from kamervragen.linking.model import MODEL_PATH, model_from

DEFAULT_SPLIT = Path("tests/fixtures/linking-gold/split.json")
GRADE_1 = "grade 1 is left out of training (neither an answer nor unrelated)"


class Command(BaseCommand):
    help = "Train the link model on gold files (train split), calibrated on dev."
    requires_system_checks = []  # it replaces a model that no longer matches the code

    def add_arguments(self, parser) -> None:
        parser.add_argument("--gold", nargs="+", required=True, metavar="FILE")
        parser.add_argument(
            "--split",
            type=Path,
            default=DEFAULT_SPLIT,
            help="split.json: each gold file's kind and split (files it lacks are train)",
        )
        parser.add_argument("--output", type=Path, default=MODEL_PATH)

    def handle(self, *args, gold: list[str], split: Path, output: Path, **options) -> None:
        listed = split_read(split)
        files = []
        for path in sorted(set(gold)):
            try:
                item = gold_read(path, listed)
            except (OSError, GoldError, ValueError) as error:
                raise CommandError(f"{path}: {error}") from error
            if item.split != "test":
                files.append(item)
        train = [f for f in files if f.split == "train"]
        dev = [f for f in files if f.split == "dev"]
        if not train:
            raise CommandError("no gold file of the train split")
        try:
            training = model_train(train, dev)
        except ValueError as error:
            raise CommandError(str(error)) from error
        data, threshold, floor = training.data, training.threshold, training.floor
        provenance = data.pop("provenance")
        data.update(
            threshold=threshold,
            floor=floor,
            provenance={
                **provenance,
                "gold": [f.path for f in files],
                "split": str(split),
                "labels": "grade 2 positive; " + GRADE_1,
                "chosen_on": "dev" if dev else "train",
                "library": f"scikit-learn {sklearn.__version__} LogisticRegression",
            },
        )
        model = model_from(data)
        for line in training.tried:
            self.stdout.write(line)
        self.stdout.write(f"drempel (Voorgesteld) {threshold}, ondergrens (Mogelijk) {floor}")
        for name, part in (("train", train), ("dev", dev)):
            if not part:
                continue
            probs = probabilities(part, model)
            self.stdout.write(f"# kalibratie {name}")
            for line in calibration(part, probs):
                self.stdout.write(line)
            self.stdout.write(f"# per soort {name}")
            for line in figures_table(figures(part, probs, threshold, floor)):
                self.stdout.write(line)
        if calibration_data := provenance.get("calibration"):
            self.stdout.write(
                f"kalibratie (Platt, buiten de vouw): helling {calibration_data['slope']}, "
                f"snijpunt {calibration_data['intercept']}"
            )
        if estimate := training.held_out:
            self.stdout.write(
                f"# buiten de vouw: {FOLDS} vouwen per vraagset, {DEALS} indelingen samen "
                f"(aantallen ×{DEALS}); log-loss {estimate.log_loss:.4f}, "
                f"drempel {threshold} zoals gekozen"
            )
            self.stdout.write("# kalibratie buiten de vouw")
            for line in calibration(estimate.files, estimate.probs):
                self.stdout.write(line)
            self.stdout.write("# per soort buiten de vouw")
            for line in figures_table(figures(estimate.files, estimate.probs, threshold, floor)):
                self.stdout.write(line)
        model_write(data, output)
        self.stdout.write(f"model geschreven: {output}")
