"""`manage.py calibrate-links --gold FILE [FILE ...]`: the figures at each suggestion threshold.

Links every question again with no threshold, inside a transaction that is rolled back, and
prints what evaluate-links would print overall if suggestions below each threshold were
never made. Curated links are untouched either way; the database is left as it was.
"""

import dataclasses

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from evaluation.link_gold import GoldError, at_threshold, gold_evaluate, gold_load, summary
from kamervragen.linking import DEFAULT, links_suggest_for_questions
from kamervragen.linking.model import link_model
from kamervragen.models import Question

THRESHOLDS = [0.1, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.8]
COLUMNS = ["hit@1", "hit@3", "mrr", "suggestions", "precision", "unanswered_silent"]


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Show hit@k, precision and silence per suggestion threshold (the database is kept)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--gold", nargs="+", required=True, metavar="FILE")
        parser.add_argument("--thresholds", nargs="+", type=float, default=THRESHOLDS)

    def handle(self, *args, gold: list[str], thresholds: list[float], **options) -> None:
        try:
            data = [gold_load(path) for path in gold]
        except (OSError, GoldError, ValueError) as error:
            raise CommandError(str(error)) from error
        scores = []
        configured = link_model().threshold
        unfiltered = dataclasses.replace(DEFAULT, threshold=0.0)
        try:
            with transaction.atomic():
                links_suggest_for_questions(Question.objects.order_by("pk"), config=unfiltered)
                for item in data:
                    try:
                        scores.extend(gold_evaluate(item)[0])
                    except GoldError as error:
                        raise CommandError(str(error)) from error
                raise Rollback
        except Rollback:
            pass
        self.stdout.write(f"drempel  {'  '.join(f'{c:>17}' for c in COLUMNS)}")
        for threshold in sorted(thresholds):
            figures = summary(at_threshold(scores, threshold))
            marker = " *" if abs(threshold - configured) < 1e-9 else ""
            self.stdout.write(
                f"{threshold:>7.2f}  {'  '.join(f'{figures[c]!s:>17}' for c in COLUMNS)}{marker}"
            )
        self.stdout.write(f"* de drempel in gebruik (model.json threshold = {configured})")
