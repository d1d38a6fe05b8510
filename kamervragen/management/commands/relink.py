"""`python manage.py relink [--without FEATURE ...]`: links every question again.

Curated links stay exactly as they are; untouched machine suggestions are re-scored or
withdrawn. `--without` switches ranking choices off, to measure what each one brings.
"""

import dataclasses

from django.core.management.base import BaseCommand

from kamervragen.linking import DEFAULT, FEATURES, links_suggest_for_questions
from kamervragen.models import Link, Question


class Command(BaseCommand):
    help = "Link every question again (curation is kept)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--without", nargs="*", default=[], choices=sorted(FEATURES), metavar="FEATURE"
        )

    def handle(self, *args, without: list[str], **options) -> None:
        config = dataclasses.replace(DEFAULT, without=frozenset(without))
        made = links_suggest_for_questions(Question.objects.order_by("pk"), config=config)
        self.stdout.write(f"{made} nieuwe koppelingen, {Link.objects.count()} in totaal")
