"""`python manage.py benchmark-linking LETTER [--question-sets N]`: linking at scale.

Generates N question sets, ingests the letter and prints how long its structure and its
linking took. With `--letters N` the other direction: generates N letters, ingests the
file given (a question document) and prints how long linking its new questions takes.
Everything is rolled back afterwards (unless --keep), so it can run against a database in
use; it needs no Celery worker.
"""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from documents.models import Document
from documents.pipeline import structure_document
from documents.services import document_create
from documents.spacy_pipeline import get_nlp
from evaluation.linking_benchmark import corpus_generate, letters_generate
from kamervragen.ingestion.recipe import document_ingest
from kamervragen.linking import links_suggest_for_document, links_suggest_for_questions
from kamervragen.models import Link, Question, QuestionSet


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Time linking one new letter against a generated corpus of question sets."

    def add_arguments(self, parser) -> None:
        parser.add_argument("letter", type=Path, help="The letter to ingest (PDF, HTML, text)")
        parser.add_argument("--question-sets", type=int, default=100_000)
        parser.add_argument("--questions-per-set", type=int, default=6)
        parser.add_argument("--keep", action="store_true", help="Keep the generated corpus")
        parser.add_argument(
            "--letters",
            type=int,
            default=0,
            help="Generate this many letters instead and link the file (a question document)",
        )
        parser.add_argument("--passages-per-letter", type=int, default=30)

    def handle(self, *args, **options) -> None:
        letter: Path = options["letter"]
        if not letter.is_file():
            raise CommandError(f"{letter} bestaat niet.")
        try:
            with transaction.atomic():
                if options["letters"]:
                    self._run_questions(letter, options["letters"], options["passages_per_letter"])
                else:
                    self._run(letter, options["question_sets"], options["questions_per_set"])
                if not options["keep"]:
                    raise Rollback
        except Rollback:
            self.stdout.write("rolled back: the database is as it was")

    def _run(self, letter: Path, question_sets: int, questions_per_set: int) -> None:
        started = time.perf_counter()
        questions = corpus_generate(
            question_sets=question_sets, questions_per_set=questions_per_set
        )
        self.stdout.write(
            f"corpus: {QuestionSet.objects.count()} question sets, {questions} generated "
            f"questions in {time.perf_counter() - started:.1f} s"
        )
        data = letter.read_bytes()
        get_nlp()  # loaded once per worker process, not per document
        began = time.perf_counter()
        structure_document(data)
        structure = time.perf_counter() - began
        document, whole = _ingest_timed(letter.name, data)
        links = Link.objects.filter(passage__document=document).count()
        began = time.perf_counter()
        links_suggest_for_document(document)
        relink = time.perf_counter() - began
        self.stdout.write(f"letter: {letter.name}, {document.passages.count()} passages")
        self.stdout.write(f"structure alone: {structure:.2f} s")
        self.stdout.write(f"whole ingestion (structure, storing, linking): {whole:.2f} s")
        self.stdout.write(f"linking alone: {whole - structure:.2f} s ({links} suggestions)")
        self.stdout.write(f"linking again (re-scoring the same links): {relink:.2f} s")

    def _run_questions(self, path: Path, letters: int, passages_per_letter: int) -> None:
        started = time.perf_counter()
        passages = letters_generate(letters=letters, passages_per_letter=passages_per_letter)
        self.stdout.write(
            f"corpus: {letters} letters, {passages} generated passages in "
            f"{time.perf_counter() - started:.1f} s"
        )
        get_nlp()  # loaded once per worker process, not per document
        document, whole = _ingest_timed(path.name, path.read_bytes())
        questions = Question.objects.filter(document=document)
        began = time.perf_counter()
        links_suggest_for_questions(questions)
        relink = time.perf_counter() - began
        links = Link.objects.filter(question__document=document).exclude(method=Link.Method.SOURCE)
        self.stdout.write(f"questions: {path.name}, {questions.count()} questions")
        self.stdout.write(f"whole ingestion (structure, storing, linking): {whole:.2f} s")
        self.stdout.write(
            f"linking its questions (measured): {relink:.2f} s ({links.count()} links)"
        )


def _ingest_timed(name: str, data: bytes) -> tuple[Document, float]:
    """The file stored and ingested in this process, and the seconds the ingestion took."""
    created = document_create(filename=name, data=data)
    if not created.created:
        raise CommandError(
            f"{name} is already in this database; benchmark on a database without it"
        )
    began = time.perf_counter()
    document = document_ingest(document_id=created.document.pk)
    seconds = time.perf_counter() - began
    if document.status != document.Status.DONE:
        raise CommandError(f"{name}: {document.error}")
    return document, seconds
