"""Time search (`kamervragen.search.search`, and the /zoeken/ page around it) on the database
as it is: run it after `benchmark-linking --keep` for figures at 100,000 question sets.

A common and a rare word are taken from a sample of the questions unless given.
"""

import random
import re
import statistics
import time
from collections import Counter

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test import Client
from django.urls import reverse

from documents.models import Passage
from kamervragen.models import Question, QuestionSet
from kamervragen.search import search


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Time search for a common and a rare word (p50/p95), the service and the page."

    def add_arguments(self, parser) -> None:
        parser.add_argument("words", nargs="*", help="Words to search for (default: sampled)")
        parser.add_argument("--repeat", type=int, default=20)

    def handle(self, *args, **options) -> None:
        words = options["words"] or self._sampled_words()
        if not words:
            raise CommandError("Geen vragen in de database om woorden uit te kiezen.")
        self.stdout.write(
            f"corpus: {QuestionSet.objects.count()} question sets, "
            f"{Question.objects.count()} questions, {Passage.objects.count()} passages"
        )
        for word in words:
            for sort in ("relevance", "date"):
                self._time(
                    f"search({word!r}, sort={sort!r})", options["repeat"], search, word, sort=sort
                )
        try:
            with transaction.atomic():
                client = self._client()
                for word in words:
                    url = reverse("search")
                    self._time(
                        f"GET /zoeken/?q={word}",
                        options["repeat"],
                        client.get,
                        url,
                        {"q": word},
                        secure=True,
                    )
                raise Rollback
        except Rollback:
            pass

    def _time(self, label: str, repeat: int, function, *args, **kwargs) -> None:
        function(*args, **kwargs)  # warm the caches once
        timings = []
        for _ in range(repeat):
            began = time.perf_counter()
            result = function(*args, **kwargs)
            timings.append((time.perf_counter() - began) * 1000)
        timings.sort()
        p95 = timings[min(len(timings) - 1, round(0.95 * len(timings)) - 1)]
        counts = (
            " ".join(f"{g.kind}={g.count}{'+' if g.more else ''}" for g in result.groups)
            if hasattr(result, "groups")
            else f"status {result.status_code}"
        )
        self.stdout.write(
            f"{label}: p50 {statistics.median(timings):.0f} ms, p95 {p95:.0f} ms ({counts})"
        )

    def _sampled_words(self) -> list[str]:
        """The commonest and a once-seen word (5+ letters) of a sample of questions."""
        last = Question.objects.order_by("-pk").values_list("pk", flat=True).first()
        if not last:
            return []
        rng = random.Random(1)
        ids = [rng.randint(1, last) for _ in range(2000)]
        texts = Question.objects.filter(pk__in=ids).values_list("text", flat=True)
        counts = Counter(w for text in texts for w in re.findall(r"[a-zà-ÿ]{5,}", text.lower()))
        if not counts:
            return []
        common = counts.most_common(1)[0][0]
        rare = sorted(w for w, n in counts.items() if n == 1)
        return [common, rng.choice(rare)] if rare else [common]

    def _client(self) -> Client:
        user = get_user_model().objects.create_superuser(
            "benchmark-search", "benchmark@example.org", None
        )
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
        client = Client()
        client.force_login(user)
        return client
