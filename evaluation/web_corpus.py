"""A generated archive of parliamentary questions, to measure the web pages at scale
(`benchmark-web`).

Unlike `linking_benchmark.corpus_generate` (questions only, for the linking stage), this
writes what the pages show: question sets submitted over three decades by members of
parties to ministries, most of them answered by an answer document with one answer passage
per question and a confirmed explicit link, some postponed, some overdue; and letters with
passages and footnotes. Words are drawn by their Dutch frequency (wordfreq), so full-text
search sees common and rare terms as in real text.
"""

import datetime
import random
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pghistory.models
import pgtrigger
from django.apps import apps
from django.db import connection, transaction

from documents.models import Document, Footnote, Passage
from evaluation.linking_benchmark import (
    OPENINGS,
    inverted_indexes_set_aside,
    weighted_dutch_words,
)
from kamervragen.deadlines import due_date
from kamervragen.ministries import ministries_of
from kamervragen.models import Link, Question, QuestionSet, SetDocument

MINISTRIES = [
    "Justitie en Veiligheid",
    "Binnenlandse Zaken en Koninkrijksrelaties",
    "Volksgezondheid, Welzijn en Sport",
    "Financiën",
    "Buitenlandse Zaken",
    "Onderwijs, Cultuur en Wetenschap",
    "Infrastructuur en Waterstaat",
    "Economische Zaken en Klimaat",
    "Sociale Zaken en Werkgelegenheid",
    "Defensie",
    "Landbouw, Natuur en Voedselkwaliteit",
    "Asiel en Migratie",
    "Klimaat en Groene Groei",
    "Volkshuisvesting en Ruimtelijke Ordening",
]
PARTIES = ["VVD", "PVV", "CDA", "D66", "GL-PvdA", "SP", "PvdD", "CU", "SGP", "DENK", "JA21",
           "BBB", "NSC", "Volt", "FvD"]  # fmt: skip
SURNAMES = ["de Vries", "Jansen", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder",
            "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker", "Brouwer",
            "de Wit", "Dijkstra", "Smits", "de Graaf", "van der Meer", "van der Linden", "Kok",
            "Jacobs", "de Haan", "Vermeulen", "van den Berg", "van der Heijden", "Schouten",
            "van Beek", "Willems", "van Vliet", "van de Ven", "Hoekstra", "Maas", "Verhoeven",
            "Koster", "van Dam", "van der Wal", "Prins"]  # fmt: skip
ANSWER_OPENINGS = ["Ja.", "Nee.", "Het kabinet", "Ik verwijs naar", "Zoals aangegeven",
                   "Dat klopt niet."]  # fmt: skip
FIRST_DAY = datetime.date(1995, 1, 1)
YEARS = 32  # 1995 to 2026
BATCH = 5_000


@dataclass(frozen=True)
class WebCorpus:
    question_sets: int
    questions: int
    answer_documents: int
    letters: int


class _Words:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.words, self.weights = weighted_dutch_words()

    def text(self, low: int, high: int) -> str:
        count = self.rng.randint(low, high)
        return " ".join(self.rng.choices(self.words, cum_weights=self.weights, k=count))


def web_corpus_generate(*, question_sets: int, letters: int, seed: int = 1) -> WebCorpus:
    """Writes the archive in one transaction (a failure leaves nothing half-written)."""
    rng = random.Random(seed)
    words = _Words(rng)
    today = datetime.date.today()
    members = [
        {"name": f"{rng.choice('ABCDEFGHJKLMNPRSTVW')}. {surname}", "party": rng.choice(PARTIES)}
        for surname in SURNAMES
        for _ in range(5)
    ]
    batch = uuid.uuid4().hex[:10]
    tables = [model._meta.db_table for model in _BULK_TABLES]
    with (
        transaction.atomic(),
        inverted_indexes_set_aside(*tables),
        _history_written_in_bulk(),
    ):
        question_document = Document.objects.create(
            filename=f"web-corpus-{batch}.txt",
            sha256=f"{batch}{'0' * 54}",
            kind=Document.Kind.QUESTIONS,
            status=Document.Status.DONE,
            title="Gegenereerde vragensets (benchmark)",
        )
        set_count = question_count = answer_count = 0
        offset = QuestionSet.objects.count()
        for chunk in _chunks(range(offset, offset + question_sets), BATCH):
            sets = QuestionSet.objects.bulk_create(
                QuestionSet(
                    # One year after another, so each year holds a share of the zaak numbers.
                    zaak_number=f"{_year(index, today)}Z{index // YEARS:05d}",
                    title=f"Vragen over {words.text(4, 10)}",
                    submitted=_day_in(_year(index, today), rng, today),
                    submitters=rng.sample(members, rng.choice([1, 1, 1, 2, 2, 3])),
                    addressed_to=(addressees := _addressees(rng)),
                    ministries=ministries_of(addressees),  # bulk_create calls no save()
                )
                for index in chunk
            )
            questions = Question.objects.bulk_create(
                Question(
                    question_set=question_set,
                    document=question_document,
                    number=number,
                    text=f"{rng.choice(OPENINGS)} {words.text(10, 30)}?",
                )
                for question_set in sets
                for number in range(1, rng.randint(3, 10) + 1)
            )
            set_count += len(sets)
            question_count += len(questions)
            answer_count += _answers_write(sets, questions, words, rng, today, batch)
        letter_count = _letters_write(letters, words, rng, today, batch)
        if letters:
            _long_report_write(words, rng, batch)
        _search_vectors_fill()
    with connection.cursor() as cursor:
        # As autovacuum leaves a table some minutes after a bulk load: statistics, and the
        # visibility map that lets a page be read from an index alone (without it, the set
        # list's page 3,000 took 330 ms instead of 30). VACUUM cannot run in a transaction
        # (as in the tests): there, statistics only.
        cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
    return WebCorpus(set_count, question_count, answer_count, letter_count)


# The tables the generator fills whose GIN indexes (search vectors, submitters, ministries)
# it builds once at the end instead of row by row: inserting into a GIN index row by row is
# most of the cost of a bulk load (82 s for 4,000 sets with them, see the README).
_BULK_TABLES = (QuestionSet, Question, Link, SetDocument, Document, Passage, Footnote)


@contextmanager
def _history_written_in_bulk() -> Iterator[None]:
    """The audit trail's insert snapshots, written with one INSERT … SELECT per table at the
    end instead of by the row triggers: each trigger call opens a subtransaction (the
    EXCEPTION block of pghistory's context function), and 100,000s of subtransactions in one
    transaction make every later insert and foreign-key check slower (the link inserts took
    60 s for 26,000 rows). The snapshots are the rows the triggers would write, without a
    context (none is set in a management command)."""
    tracked = {model._meta.db_table for model in _BULK_TABLES}
    uris = [
        trigger.get_uri(model)
        for model, trigger in pgtrigger.registered()
        if model._meta.db_table in tracked and (trigger.name or "").startswith("insert")
    ]
    with pgtrigger.ignore(*uris):
        yield
    with connection.cursor() as cursor:
        for event in apps.get_models():
            if not issubclass(event, pghistory.models.Event):
                continue
            tracked_model = event.pgh_tracked_model
            if tracked_model is None or tracked_model._meta.db_table not in tracked:
                continue
            table = tracked_model._meta.db_table
            columns = [
                field.column
                for field in event._meta.concrete_fields
                if not field.name.startswith("pgh_")
            ]
            listed = ", ".join(f'"{column}"' for column in columns)
            cursor.execute(
                f'INSERT INTO "{event._meta.db_table}" ({listed}, pgh_obj_id, pgh_label, '
                f"pgh_created_at) SELECT {listed}, t.id, 'insert', NOW() FROM \"{table}\" t "
                f'WHERE NOT EXISTS (SELECT 1 FROM "{event._meta.db_table}" e '
                "WHERE e.pgh_obj_id = t.id)"
            )


def _answers_write(sets, questions, words: _Words, rng, today, batch: str) -> int:
    """Most sets older than six weeks get an answer document (median answer time about five
    weeks), some a postponement notice first; the rest stay open or overdue."""
    by_set: dict[int, list[Question]] = {}
    for question in questions:
        by_set.setdefault(question.question_set_id, []).append(question)
    answered, notices = [], []
    for question_set in sets:
        age = (today - question_set.submitted).days
        if rng.random() < 0.15:
            notices.append(question_set)
        if age > 42 and rng.random() < 0.9 or age > 21 and rng.random() < 0.4:
            days = min(age, int(rng.lognormvariate(3.5, 0.6)))
            answered.append((question_set, question_set.submitted + datetime.timedelta(days=days)))
    documents = Document.objects.bulk_create(
        [
            Document(
                filename=f"ah-{batch}-{question_set.pk}.txt",
                sha256=f"a{batch}{question_set.pk:053d}",
                kind=Document.Kind.ANSWERS,
                status=Document.Status.DONE,
                title=f"Antwoord op vragen over {question_set.title[12:]}",
                date=answered_on,
            )
            for question_set, answered_on in answered
        ]
        + [
            Document(
                filename=f"uitstel-{batch}-{question_set.pk}.txt",
                sha256=f"n{batch}{question_set.pk:053d}",
                kind=Document.Kind.NOTICE,
                status=Document.Status.DONE,
                title="Uitstelbericht",
                date=question_set.submitted + datetime.timedelta(days=20),
            )
            for question_set in notices
        ]
    )
    owners = [question_set for question_set, _ in answered] + notices
    SetDocument.objects.bulk_create(
        SetDocument(document=document, question_set=question_set)
        for document, question_set in zip(documents, owners, strict=True)
    )
    passages, targets = [], []
    for document, (question_set, _) in zip(documents, answered, strict=False):
        for question in by_set.get(question_set.pk, []):
            passages.append(
                Passage(
                    document=document,
                    order=question.number,
                    heading=f"Antwoord op vraag {question.number}",
                    text=f"{rng.choice(ANSWER_OPENINGS)} {words.text(20, 80)}.",
                    role=Passage.Role.ANSWER,
                    answer_numbers=[question.number],
                )
            )
            targets.append(question)
    passages = Passage.objects.bulk_create(passages, batch_size=BATCH)
    Link.objects.bulk_create(
        (
            Link(
                question=question,
                passage=passage,
                score=1.0,
                method=Link.Method.EXPLICIT,
                status=Link.Status.CONFIRMED if rng.random() < 0.3 else Link.Status.SUGGESTED,
                evidence={"answer_number": question.number},
            )
            for question, passage in zip(targets, passages, strict=True)
        ),
        batch_size=BATCH,
    )
    _statuses_store(sets, answered, notices)
    return len(answered)


def _statuses_store(sets, answered, notices) -> None:
    """The stored status columns, as `question_set_status_refresh` would write them for
    these documents (one bulk update instead of a refresh per set)."""
    answered_on = {question_set.pk: day for question_set, day in answered}
    postponed = {question_set.pk for question_set in notices}
    rows = [
        (
            question_set.pk,
            question_set.pk in answered_on,
            answered_on.get(question_set.pk),
            question_set.pk in postponed,
            due_date(submitted=question_set.submitted, postponed=question_set.pk in postponed),
        )
        for question_set in sets
    ]
    # One UPDATE from arrays (bulk_update's CASE per row costs seconds per 5,000 sets).
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {QuestionSet._meta.db_table} AS s SET answered = v.answered, "
            "answered_on = v.answered_on, postponed = v.postponed, due = v.due "
            "FROM unnest(%s::bigint[], %s::boolean[], %s::date[], %s::boolean[], %s::date[]) "
            "AS v(id, answered, answered_on, postponed, due) WHERE s.id = v.id",
            [list(column) for column in zip(*rows, strict=True)] if rows else [[]] * 5,
        )


def _letters_write(letters: int, words: _Words, rng, today, batch: str) -> int:
    span = (today - FIRST_DAY).days
    for chunk in _chunks(range(letters), BATCH // 20):
        documents = Document.objects.bulk_create(
            Document(
                filename=f"brief-{batch}-{index}.txt",
                sha256=f"l{batch}{index:053d}",
                kind=Document.Kind.LETTER,
                status=Document.Status.DONE,
                title=f"Kamerbrief over {words.text(3, 8)}",
                date=FIRST_DAY + datetime.timedelta(days=rng.randrange(span)),
                identifiers={"kamerstuk": f"{rng.randint(21000, 36600)}-{rng.randint(1, 400)}"},
            )
            for index in chunk
        )
        passages = Passage.objects.bulk_create(
            (
                Passage(
                    document=document,
                    order=order,
                    heading=words.text(2, 5) if order % 5 == 0 else "",
                    text=words.text(30, 120) + ".",
                )
                for document in documents
                for order in range(rng.randint(8, 40))
            ),
            batch_size=BATCH,
        )
        _footnotes_write(passages, rng, lambda passage: str(passage.order))
    return letters


LONG_REPORT_PASSAGES = 1_300
LONG_REPORT_PREFIX = "rapport-"


def _long_report_write(words: _Words, rng, batch: str) -> None:
    """One long report (a Kamerstuk of hundreds of pages): 1,300 passages under a heading
    every 40, a footnote on every fourth, a suggested link on every tenth; for the long
    document page (`benchmark-web`'s "document page, long")."""
    document = Document.objects.create(
        filename=f"{LONG_REPORT_PREFIX}{batch}.txt",
        sha256=f"r{batch}{'0' * 53}",
        kind=Document.Kind.OTHER,
        status=Document.Status.DONE,
        title="Gegenereerd lang rapport (benchmark)",
    )
    headings = [words.text(2, 6) for _ in range(LONG_REPORT_PASSAGES // 40 + 1)]
    passages = Passage.objects.bulk_create(
        (
            Passage(
                document=document,
                order=order,
                heading=headings[order // 40],
                text=words.text(40, 110) + ".",
                page=order // 4 + 1,
            )
            for order in range(LONG_REPORT_PASSAGES)
        ),
        batch_size=BATCH,
    )
    _footnotes_write(passages, rng, lambda passage: str(passage.order // 4 + 1))
    questions = list(Question.objects.order_by("-pk").values_list("pk", flat=True)[:500])
    if questions:
        Link.objects.bulk_create(
            (
                Link(
                    question_id=rng.choice(questions),
                    passage=passage,
                    score=0.5,
                    method=Link.Method.LEXICAL,
                    status=Link.Status.SUGGESTED,
                )
                for passage in passages
                if passage.order % 10 == 3
            ),
            batch_size=BATCH,
        )


def _footnotes_write(
    passages: list[Passage], rng: random.Random, marker: Callable[[Passage], str]
) -> None:
    """A footnote citing a Kamerstuk on every fourth passage."""
    Footnote.objects.bulk_create(
        (
            Footnote(
                document_id=passage.document_id,
                order=passage.order,
                marker=marker(passage),
                text=f"Kamerstukken II {rng.randint(1995, 2026)}, {rng.randint(21000, 36600)}, "
                f"nr. {rng.randint(1, 400)}",
                passage=passage,
            )
            for passage in passages
            if passage.order % 4 == 1
        ),
        batch_size=BATCH,
    )


def _search_vectors_fill() -> None:
    """Fills the search vectors the way ingestion does, where the database does not keep
    them itself (a generated column needs nothing)."""
    with connection.cursor() as cursor:
        for model, expression in (
            (Question, "to_tsvector('dutch', text)"),
            (
                Passage,
                "setweight(to_tsvector('dutch', heading), 'A') || "
                "setweight(to_tsvector('dutch', text), 'B')",
            ),
        ):
            if type(model._meta.get_field("search_vector")).__name__ == "GeneratedField":
                continue
            cursor.execute(
                f"UPDATE {model._meta.db_table} SET search_vector = {expression} "
                "WHERE search_vector IS NULL"
            )


def _addressees(rng: random.Random) -> list[str]:
    return [f"Minister van {m}" for m in rng.sample(MINISTRIES, rng.choice([1, 1, 2]))]


def _year(index: int, today: datetime.date) -> int:
    return FIRST_DAY.year + index % YEARS


def _day_in(year: int, rng: random.Random, today: datetime.date) -> datetime.date:
    first = datetime.date(year, 1, 1)
    last = min(datetime.date(year, 12, 31), today)
    return first + datetime.timedelta(days=rng.randrange((last - first).days + 1))


def _chunks(items: range, size: int) -> Iterator[range]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
