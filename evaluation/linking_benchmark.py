"""A generated corpus of question sets, to measure linking at scale (`benchmark-linking`).

The questions are made of the question genre's own openings and Dutch words drawn by their
frequency (wordfreq), so the full-text index sees a realistic spread of common and rare
terms (Zipf-like: the word of rank r weighs 1 / (r + 10)). They are written with COPY,
then indexed the way ingestion indexes real questions.
"""

import itertools
import random
import uuid

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
    with connection.cursor() as cursor:
        with cursor.cursor.copy(
            f"COPY {QuestionSet._meta.db_table} (id, zaak_number, title, submitters, "
            "addressed_to, created_at, answered, postponed, questions_missing) FROM STDIN"
        ) as copy:
            for index in range(question_sets):
                title = " ".join(rng.choices(words, cum_weights=weights, k=8))
                row = (first_set + index, f"BENCH{index:07d}", title, "[]", "[]", now)
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
        cursor.execute(f"ANALYZE {Question._meta.db_table}")
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
    Passage.objects.bulk_create(
        (
            Passage(
                document=document,
                order=order,
                heading=" ".join(rng.choices(words, cum_weights=weights, k=3)) if order else "",
                text=f"{rng.choice(LETTER_OPENINGS)} "
                + " ".join(rng.choices(words, cum_weights=weights, k=rng.randint(30, 90))),
            )
            for document in documents
            for order in range(passages_per_letter)
        ),
        batch_size=5_000,
    )
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {Passage._meta.db_table}")
    return letters * passages_per_letter
