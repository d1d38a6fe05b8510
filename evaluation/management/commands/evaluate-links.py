"""`manage.py evaluate-links --gold FILE [FILE ...]`: scores stored links; ingests nothing."""

import json
from pathlib import Path

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
from evaluation.linking_training import KINDS, gold_kind, split_read

DEFAULT_SPLIT = Path("tests/fixtures/linking-gold/split.json")
PER_KIND = ["questions", "with_direct_answer", "hit@1", "hit@3", "precision"]
PER_KIND += ["unanswered_silent", "mrr", "two_tier_top3"]


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
        parser.add_argument(
            "--split",
            type=Path,
            default=DEFAULT_SPLIT,
            help='split.json naming each gold file\'s kind (else its "kind" key)',
        )

    def handle(self, *args, gold: list[str], **options) -> None:
        scores = []
        by_kind: dict[str, list] = {}
        listed = split_read(options["split"])
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
            by_kind.setdefault(gold_kind(path, data, listed)[0], []).extend(file_scores)
        overall = summary(scores)
        overall["median_passage_chars"] = median_passage_chars(targets)
        if options["json"]:
            self.stdout.write(json.dumps(overall))
        else:
            self.stdout.write("# totaal")
            for key, value in overall.items():
                self.stdout.write(f"{key:<28}{value}")
            self.stdout.write("# per soort")
            self.stdout.write(f"{'soort':<10}" + "".join(f"{c:>20}" for c in PER_KIND))
            kinds = [k for k in KINDS if k in by_kind] + sorted(set(by_kind) - set(KINDS))
            for kind, kind_scores in [*((k, by_kind[k]) for k in kinds), ("all", scores)]:
                figures = summary(kind_scores)
                self.stdout.write(f"{kind:<10}" + "".join(f"{figures[c]!s:>20}" for c in PER_KIND))


def _yes(hit: bool, applicable: int) -> str:
    if not applicable:
        return "  -  "
    return " ja  " if hit else " nee "
