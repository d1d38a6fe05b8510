"""`manage.py evaluate-links --gold FILE [FILE ...]`: scores stored links; ingests nothing."""

import json

from django.core.management.base import BaseCommand, CommandError

from evaluation.link_gold import (
    MACHINE_METHODS,
    GoldError,
    document_locate,
    gold_evaluate,
    gold_load,
    median_passage_chars,
    summary,
)


class Command(BaseCommand):
    help = "Score the links in the database against gold files (kamervragen.gold/1)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--gold", nargs="+", required=True, metavar="FILE")
        parser.add_argument(
            "--json", action="store_true", help="Print the overall figures as JSON."
        )
        parser.add_argument(
            "--methods",
            nargs="+",
            choices=MACHINE_METHODS,
            help="Score only links of these methods (default: every machine method).",
        )

    def handle(self, *args, gold: list[str], **options) -> None:
        scores = []
        targets = set()
        for path in gold:
            try:
                data = gold_load(path)
                file_scores, problems = gold_evaluate(data, options["methods"])
                targets.add(document_locate(data["target"]).pk)
            except (OSError, GoldError, ValueError) as error:
                raise CommandError(f"{path}: {error}") from error
            for problem in problems:
                self.stderr.write(f"{path}: {problem}")
            if not options["json"]:
                self.stdout.write(f"# {path}")
                self.stdout.write(
                    "vraag  gold(2/1)  hit@1  hit@3  RR     suggesties (passage:score:graad)"
                )
                for s in file_scores:
                    shown = " ".join(f"§{o}:{sc:.2f}:{g}" for o, sc, g in s.suggestions) or "-"
                    self.stdout.write(
                        f"{s.number:>5}  {s.gold_direct:>3}/{s.gold_related:<3}    "
                        f"{_yes(s.hit_at(1), s.gold_direct)}  {_yes(s.hit_at(3), s.gold_direct)}  "
                        f"{s.reciprocal_rank if s.gold_direct else float('nan'):<5.2f}  {shown}"
                    )
            scores.extend(file_scores)
        overall = summary(scores)
        overall["median_passage_chars"] = median_passage_chars(targets)
        if options["json"]:
            self.stdout.write(json.dumps(overall))
        else:
            self.stdout.write("# totaal")
            for key, value in overall.items():
                self.stdout.write(f"{key:<28}{value}")


def _yes(hit: bool, applicable: int) -> str:
    if not applicable:
        return "  -  "
    return " ja  " if hit else " nee "
