from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from evaluation.structure_gold import evaluate_directory, format_report


class Command(BaseCommand):
    help = (
        "Run the structure stage on the documents in FIXTURE_DIR and compare with their "
        "NAME.gold.json: per genre and format, questions, answers, footnotes, header text "
        "in passages and hyphenation errors."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("fixture_dir")
        parser.add_argument("--verbose-failures", action="store_true", help="List every miss.")

    def handle(self, *args, fixture_dir: str, verbose_failures: bool = False, **options) -> None:
        directory = Path(fixture_dir)
        if not directory.is_dir():
            raise CommandError(f"{directory} is geen map.")
        results = evaluate_directory(directory)
        if not results:
            raise CommandError(f"Geen *.gold.json in {directory}.")
        self.stdout.write(format_report(results))
        if verbose_failures:
            for by_format in results.values():
                for figures in by_format.values():
                    for failure in figures.failures:
                        self.stdout.write(f"  {failure}")
