"""`python manage.py diagnose-links --gold FILE … [--split FILE] [--only dev]`: per answered
question, is its answer lost to retrieval, ranking or the threshold?
(`evaluation.linking_diagnosis`). Test files are never read."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from evaluation.link_gold import GoldError
from evaluation.linking_diagnosis import diagnose, diagnosis_lines
from evaluation.linking_training import gold_read, probabilities, split_read
from kamervragen.linking.model import link_model

DEFAULT_SPLIT = Path("tests/fixtures/linking-gold/split.json")


class Command(BaseCommand):
    help = "Per answered question of the gold: lost to retrieval, ranking or the threshold?"

    def add_arguments(self, parser) -> None:
        parser.add_argument("--gold", nargs="+", required=True, metavar="FILE")
        parser.add_argument("--split", type=Path, default=DEFAULT_SPLIT)
        parser.add_argument("--only", choices=["train", "dev"], default="dev")

    def handle(self, *args, gold: list[str], split: Path, only: str, **options) -> None:
        listed = split_read(split)
        try:
            files = [gold_read(path, listed) for path in sorted(set(gold))]
        except (OSError, GoldError, ValueError) as error:
            raise CommandError(str(error)) from error
        files = [f for f in files if f.split == only]
        if not files:
            raise CommandError(f"no gold file of the {only} split")
        model = link_model()
        diagnoses = []
        for item, probs in zip(files, probabilities(files, model), strict=True):
            diagnoses += diagnose(item, probs, model)
        for line in diagnosis_lines(diagnoses, model.threshold):
            self.stdout.write(line)
