"""A generated corpus of question sets, to measure linking at scale (`benchmark-linking`).

The questions are made of the question genre's own openings and Dutch words drawn by their
frequency (wordfreq), so the full-text index sees a realistic spread of common and rare
terms (Zipf-like: the word of rank r weighs 1 / (r + 10)). They are written with COPY,
then indexed the way ingestion indexes real questions.

Writing 600,000 questions took more than 11 minutes (`bulk_writes`): each row's history
trigger (django-pghistory) ends a subtransaction, and PostgreSQL walks the queue of deferred
foreign-key checks at each one: the queue grows with every row, so the time with its square.
The generators check foreign keys as each row is written instead, drop the tables' GIN
indexes (updated row by row otherwise), write, and create the same indexes again from their
own definitions, inside the caller's transaction: the schema is what it was afterwards, and
a rollback restores the indexes as they were.
"""

import itertools
import random
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection
from django.utils import timezone
from wordfreq import top_n_list

from documents.models import Document, Passage
from kamervragen.models import Question, QuestionSet

OPENINGS = [
    "Bent u bekend met het bericht over",
    "Hoeveel",
    "Kunt u aangeven waarom",
    "Wat is uw oordeel over",
    "Deelt u de mening dat",
    "Welke maatregelen neemt u tegen",
    "Klopt het dat",
    "Bent u bereid",
]
ENDINGS = ["?", "? Zo nee, waarom niet?", "? Zo ja, welke?", "? Kunt u dit toelichten?"]


def weighted_dutch_words() -> tuple[list[str], list[float]]:
    """Dutch words by frequency, with cumulative weights for `random.choices`."""
    words = [w for w in top_n_list("nl", 30_000) if w.isalpha() and len(w) > 3]
    return words, list(itertools.accumulate(1 / (rank + 10) for rank in range(len(words))))


@contextmanager
def bulk_writes(*tables: str) -> Iterator[None]:
    """Foreign keys checked row by row, and the inverted indexes of these tables set aside
    for the writes inside (`inverted_indexes_set_aside`). Must run inside a transaction:
    the tables are locked until it ends."""
    if not connection.in_atomic_block:
        raise RuntimeError("bulk_writes needs a transaction")
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    with inverted_indexes_set_aside(*tables):
        yield
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


@contextmanager
def inverted_indexes_set_aside(*tables: str) -> Iterator[None]:
    """Drops the GIN and GiST indexes of these tables and creates them again, with their
    exact definitions (`pg_indexes`), when the block ends; inside the caller's transaction,
    so a failure restores them (the schema is the same before and after)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() "
            "AND tablename = ANY(%s) AND (indexdef LIKE '%% USING gin %%' "
            "OR indexdef LIKE '%% USING gist %%')",
            [list(tables)],
        )
        indexes = cursor.fetchall()
        for name, _ in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
    yield
    with connection.cursor() as cursor:
        # CREATE INDEX refuses a table with foreign-key checks still pending.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        for _, definition in indexes:
            cursor.execute(definition)


def corpus_generate(*, question_sets: int, questions_per_set: int, seed: int = 1) -> int:
    """Writes question sets with their questions; returns the number of questions written."""
    rng = random.Random(seed)
    words, weights = weighted_dutch_words()
    document = Document.objects.create(
        filename="benchmark-corpus.txt",
        sha256=uuid.uuid4().hex + uuid.uuid4().hex,
        kind=Document.Kind.QUESTIONS,
        status=Document.Status.DONE,
        title="Gegenereerde vragensets (benchmark)",
    )
    first_set = _next_id(QuestionSet)
    now = timezone.now()
    tables = (QuestionSet._meta.db_table, Question._meta.db_table)
    with bulk_writes(*tables), connection.cursor() as cursor:
        with cursor.cursor.copy(
            f"COPY {QuestionSet._meta.db_table} (id, zaak_number, title, submitters, "
            "addressed_to, ministries, created_at, answered, postponed, questions_missing) "
            "FROM STDIN"
        ) as copy:
            for index in range(question_sets):
                title = " ".join(rng.choices(words, cum_weights=weights, k=8))
                row: tuple[object, ...] = (
                    first_set + index,
                    f"BENCH{index:07d}",
                    title,
                    "[]",
                    "[]",
                    [],
                    now,
                )
                copy.write_row((*row, False, False, False))  # open, no date: no deadline
        with cursor.cursor.copy(
            f"COPY {Question._meta.db_table} (question_set_id, document_id, number, text, "
            "lemmas) FROM STDIN"
        ) as copy:
            for index in range(question_sets):
                for number in range(1, questions_per_set + 1):
                    body = " ".join(rng.choices(words, cum_weights=weights, k=rng.randint(10, 30)))
                    text = f"{rng.choice(OPENINGS)} {body}{rng.choice(ENDINGS)}"
                    copy.write_row((first_set + index, document.pk, number, text, ""))
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('{QuestionSet._meta.db_table}', 'id'), %s)",
            [first_set + question_sets],
        )
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"ANALYZE {table}")
    return question_sets * questions_per_set


def _next_id(model) -> int:
    last = model.objects.order_by("-pk").values_list("pk", flat=True).first()
    return (last or 0) + 1


LETTER_OPENINGS = [
    "Hierbij informeer ik uw Kamer over",
    "In deze brief ga ik in op",
    "Het kabinet hecht eraan dat",
    "Zoals toegezegd bericht ik u over",
]


def letters_generate(*, letters: int, passages_per_letter: int, seed: int = 1) -> int:
    """Writes done letters with their passages (the database keeps their search vectors, as
    for real passages); returns the number of passages written."""
    rng = random.Random(seed)
    words, weights = weighted_dutch_words()
    batch = uuid.uuid4().hex[:12]
    with bulk_writes(Passage._meta.db_table):
        _letters_write(rng, words, weights, batch, letters, passages_per_letter)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {Passage._meta.db_table}")
        cursor.execute(f"ANALYZE {Document._meta.db_table}")
    return letters * passages_per_letter


def _letters_write(
    rng: random.Random,
    words: list[str],
    weights: list[float],
    batch: str,
    letters: int,
    passages_per_letter: int,
) -> None:
    documents = Document.objects.bulk_create(
        (
            Document(
                filename=f"benchmark-brief-{index:06d}.txt",
                sha256=f"{batch}{index:052d}",
                kind=Document.Kind.LETTER,
                status=Document.Status.DONE,
                title=" ".join(rng.choices(words, cum_weights=weights, k=6)),
            )
            for index in range(letters)
        ),
        batch_size=2_000,
    )
    copy_sql = (
        f'COPY {Passage._meta.db_table} (document_id, "order", heading, text, role, '
        "answer_numbers, refers_to_numbers, lemmas, sentence_starts, paragraph_starts, "
        "is_further_answer, superseded, answer_run) FROM STDIN"
    )
    with connection.cursor() as cursor, cursor.cursor.copy(copy_sql) as copy:
        for document in documents:
            for order in range(passages_per_letter):
                heading = " ".join(rng.choices(words, cum_weights=weights, k=3)) if order else ""
                text = f"{rng.choice(LETTER_OPENINGS)} " + " ".join(
                    rng.choices(words, cum_weights=weights, k=rng.randint(30, 90))
                )
                row = (document.pk, order, heading, text, Passage.Role.BODY.value)
                copy.write_row((*row, "{}", "{}", "", "{}", "{}", False, False, 0))
