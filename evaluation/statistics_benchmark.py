"""Generated question sets with answers and postponement notices, to time the statistics page
at scale (`benchmark-statistics`). Written with COPY; no questions (the statistics read none).

Spread like the real thing: 15 ministries (one in ten sets addressed to two), 150 members in
15 parties (one in five sets by two members), five years of submissions, four in five sets
answered after 5 to 60 days, one in six with a postponement notice."""

import json
import random
import statistics
import time
import uuid
from collections.abc import Callable
from datetime import timedelta

from django.db import connection
from django.utils import timezone

from documents.models import Document
from kamervragen.ministries import ministries_of
from kamervragen.models import QuestionSet, SetDocument

MINISTRIES = [f"Minister van Ministerie {n}" for n in range(1, 16)]
PARTIES = [f"Partij {n}" for n in range(1, 16)]
MEMBERS = [{"name": f"Kamerlid {n}", "party": PARTIES[n % len(PARTIES)]} for n in range(150)]


def sets_generate(*, question_sets: int, seed: int = 1) -> int:
    """Writes the sets, their answer and notice documents; returns the documents written."""
    rng = random.Random(seed)
    today = timezone.localdate()
    now = timezone.now()
    batch = uuid.uuid4().hex[:12]
    first_set = _next_id(QuestionSet)
    first_document = _next_id(Document)
    documents: list[tuple] = []  # (document id, set id, kind, date)
    with connection.cursor() as cursor:
        with cursor.cursor.copy(
            f"COPY {QuestionSet._meta.db_table} (id, zaak_number, title, submitted, submitters, "
            "addressed_to, ministries, created_at, answered, postponed, questions_missing) "
            "FROM STDIN"
        ) as copy:
            for index in range(question_sets):
                set_id = first_set + index
                submitted = today - timedelta(days=rng.randint(0, 5 * 365))
                members = rng.sample(MEMBERS, 2 if rng.random() < 0.2 else 1)
                ministries = rng.sample(MINISTRIES, 2 if rng.random() < 0.1 else 1)
                copy.write_row(
                    (
                        set_id,
                        f"BSTAT{batch}{index:07d}",
                        "Gegenereerde vragenset",
                        submitted,
                        json.dumps(members),
                        json.dumps(ministries),
                        ministries_of(ministries),
                        now,
                        False,  # the statuses are refreshed from the documents below
                        False,
                        False,
                    )
                )
                if rng.random() < 0.8 and submitted < today - timedelta(days=5):
                    answered = submitted + timedelta(days=rng.randint(5, 60))
                    documents.append((set_id, Document.Kind.ANSWERS, min(answered, today)))
                if rng.random() < 1 / 6:
                    documents.append((set_id, Document.Kind.NOTICE, submitted))
        with cursor.cursor.copy(
            f"COPY {Document._meta.db_table} (id, file, filename, sha256, format, kind, "
            "kind_set_by_user, title, identifiers, date, overrides, metadata, status, stage, "
            "error, created_at, updated_at, retry_helps) FROM STDIN"
        ) as copy:
            for offset, (_set_id, kind, day) in enumerate(documents):
                document_id = first_document + offset
                copy.write_row(
                    (
                        document_id,
                        "",
                        f"bench-{document_id}.txt",
                        f"{batch}{document_id:052d}",
                        Document.Format.TEXT,
                        kind,
                        False,
                        "",
                        "{}",
                        day,
                        "{}",
                        "{}",
                        Document.Status.DONE,
                        "",
                        "",
                        now,
                        now,
                        False,
                    )
                )
        with cursor.cursor.copy(
            f"COPY {SetDocument._meta.db_table} (document_id, question_set_id) FROM STDIN"
        ) as copy:
            for offset, (set_id, _kind, _day) in enumerate(documents):
                copy.write_row((first_document + offset, set_id))
        for model, last in [
            (QuestionSet, first_set + question_sets),
            (Document, first_document + len(documents)),
        ]:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{model._meta.db_table}', 'id'), %s)",
                [last],
            )
        for model in (QuestionSet, Document, SetDocument):
            cursor.execute(f"ANALYZE {model._meta.db_table}")
    return len(documents)


def _next_id(model) -> int:
    last = model.objects.order_by("-pk").values_list("pk", flat=True).first()
    return (last or 0) + 1


def timings(run: Callable[[], object], *, repeat: int) -> dict[str, float]:
    """Milliseconds of `repeat` runs (at least one, after one warm-up): median, p95 and the
    slowest."""
    run()
    times = []
    repeat = max(repeat, 1)
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return {"median": statistics.median(times), "p95": p95, "max": times[-1]}
