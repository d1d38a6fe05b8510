"""`python manage.py benchmark-question-page [--question-sets N] [--requests R]`: the page of
one question (with its similar earlier questions), a member's and a party's page, timed
against a generated corpus of N question sets.

Needs a question set in the database (the seed questions: `manage.py ingest … --sync`); the
corpus gets submitters (150 members of 15 parties) and submission dates. Everything is
rolled back afterwards, so it can run against a database in use.
"""

import statistics
import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test import Client, override_settings
from django.urls import reverse

from evaluation.linking_benchmark import corpus_generate
from kamervragen.models import Question, QuestionSet


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Time the question, member and party pages against a generated corpus."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--question-sets", type=int, default=100_000)
        parser.add_argument("--questions-per-set", type=int, default=6)
        parser.add_argument("--requests", type=int, default=30)

    def handle(self, *args, **options) -> None:
        question = (
            Question.objects.filter(question_set__submitted__isnull=False)
            .select_related("question_set")
            .order_by("question_set_id", "number")
            .first()
        )
        if question is None:
            raise CommandError("Geen vragenset met een indieningsdatum: ingest eerst de seeds.")
        try:
            with transaction.atomic():
                self._run(question, options)
                raise Rollback
        except Rollback:
            self.stdout.write("rolled back: the database is as it was")

    def _run(self, question: Question, options: dict) -> None:
        started = time.perf_counter()
        corpus_generate(
            question_sets=options["question_sets"],
            questions_per_set=options["questions_per_set"],
        )
        with connection.cursor() as cursor:
            # 150 members of 15 parties; submission dates over ten years before the question.
            cursor.execute(
                f"UPDATE {QuestionSet._meta.db_table} SET "
                "submitters = jsonb_build_array(jsonb_build_object("
                "'name', 'Lid ' || (id %% 150), 'party', 'Partij ' || (id %% 15))), "
                "submitted = %s::date - (id %% 3650)::int "
                "WHERE zaak_number LIKE 'BENCH%%'",
                [question.question_set.submitted],
            )
            cursor.execute(f"ANALYZE {QuestionSet._meta.db_table}")
        self.stdout.write(
            f"corpus: {QuestionSet.objects.count()} question sets in "
            f"{time.perf_counter() - started:.1f} s"
        )
        user = get_user_model().objects.create_superuser("benchmark-question-page")
        client = Client()
        client.force_login(user)
        key = question.question_set.url_key
        pages = {
            "question page": reverse("question_detail", args=[key, question.number]),
            "member page": reverse("member_detail", args=["Lid 7"]),
            "party page": reverse("party_detail", args=["Partij 7"]),
        }
        for name, url in pages.items():
            times = []
            for _ in range(options["requests"] + 1):
                began = time.perf_counter()
                with override_settings(ALLOWED_HOSTS=["testserver"]):
                    response = client.get(url)
                times.append((time.perf_counter() - began) * 1000)
                if response.status_code != 200:
                    raise CommandError(f"{url}: {response.status_code}")
            times = sorted(times[1:])  # the first warms caches
            p95 = times[min(len(times) - 1, round(0.95 * len(times)) - 1)]
            self.stdout.write(
                f"{name} {url}: p50 {statistics.median(times):.0f} ms, p95 {p95:.0f} ms"
            )
