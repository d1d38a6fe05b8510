"""`python manage.py simulate-curation --gold FILE …`: does retraining on curators'
decisions improve the dev figures? (`evaluation.curation_feedback`)"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from evaluation.curation_feedback import simulate
from evaluation.link_gold import GoldError
from evaluation.linking_training import figures_table, gold_read, split_read

DEFAULT_SPLIT = Path("tests/fixtures/linking-gold/split.json")


class Command(BaseCommand):
    help = "Simulate curators on half of train and show the dev figures before and after."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--gold", nargs="+", required=True, metavar="FILE")
        parser.add_argument("--split", type=Path, default=DEFAULT_SPLIT)

    def handle(self, *args, gold: list[str], split: Path, **options) -> None:
        listed = split_read(split)
        try:
            files = [gold_read(path, listed) for path in sorted(set(gold))]
        except (OSError, GoldError, ValueError) as error:
            raise CommandError(str(error)) from error
        train = [f for f in files if f.split == "train"]
        dev = [f for f in files if f.split == "dev"]
        if len(train) < 2 or not dev:
            raise CommandError("needs at least two train files and one dev file")
        result = simulate(train, dev)
        self.stdout.write(
            f"beslissingen van de gesimuleerde curator: {result['decisions']['labels']}"
        )
        for name in ("before", "after"):
            self.stdout.write(f"# dev, {'voor' if name == 'before' else 'na'} hertrainen")
            for line in figures_table(result[name]):
                self.stdout.write(line)
