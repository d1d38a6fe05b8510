"""`python manage.py benchmark-statistics [--question-sets N] [--repeat R]`: the statistics
page at scale. Generates N question sets (with answers and notices), then times R renders of
the page (its queries and the template; the request goes through Django's test client as a
superuser) and prints median, p95 and slowest in ms: computed for every request
(`STATISTICS_CACHE_SECONDS=0`, `--cold-repeat` times) and as served, from the cache after the
first. Rolled back afterwards (unless --keep)."""

import uuid

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse

from evaluation.statistics_benchmark import sets_generate, timings


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Time the statistics page against a generated corpus of question sets."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--question-sets", type=int, default=100_000)
        parser.add_argument("--repeat", type=int, default=20)
        parser.add_argument("--cold-repeat", type=int, default=3)
        parser.add_argument("--keep", action="store_true", help="Keep the generated sets")

    def handle(self, *args, **options) -> None:
        try:
            with transaction.atomic():
                self._run(options["question_sets"], options["repeat"], options["cold_repeat"])
                if not options["keep"]:
                    raise Rollback
        except Rollback:
            self.stdout.write("rolled back: the database is as it was")

    def _run(self, question_sets: int, repeat: int, cold_repeat: int) -> None:
        if question_sets:
            documents = sets_generate(question_sets=question_sets)
            self.stdout.write(f"generated {question_sets} question sets, {documents} documents")
        name = f"benchmark-statistics-{uuid.uuid4().hex[:8]}"
        user = get_user_model().objects.create_superuser(name, password=None)
        client = Client()
        client.force_login(user)
        url = reverse("statistics")

        def render() -> None:
            with override_settings(ALLOWED_HOSTS=["testserver"]):
                response = client.get(url)
            if response.status_code != 200:
                raise RuntimeError(f"{url}: {response.status_code}")

        with override_settings(STATISTICS_CACHE_SECONDS=0):
            cold = timings(render, repeat=cold_repeat)
        self._print("computed per request", cold, cold_repeat)
        cache.clear()
        self._print("as served (cached)", timings(render, repeat=repeat), repeat)

    def _print(self, what: str, figures: dict[str, float], repeat: int) -> None:
        self.stdout.write(
            f"statistics page, {what}: median {figures['median']:.0f} ms, "
            f"p95 {figures['p95']:.0f} ms, slowest {figures['max']:.0f} ms ({repeat} requests)"
        )
