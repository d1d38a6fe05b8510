"""`python manage.py benchmark-linking FILE [--question-sets N | --letters N | --reuse]`.

Linking at scale, in both directions. A letter (or any document that is not a question
document) is ingested against N generated question sets; a question document against N
generated letters (`--letters`). With `--reuse` nothing is generated: the file is linked
against what the database holds (a corpus kept earlier with `--keep`).

Prints the structure stage, the whole ingestion, and the linking measured as a whole and per
stage (`kamervragen.linking.stages`: rules, candidates, features, model, store), each stage
timed where it runs, both for the ingestion's linking and for linking the file again.
Everything is rolled back afterwards (with --keep, all but the file and its links), so it
can run against a database in use (the generators lock the tables they write while the
transaction lasts); it needs no Celery worker.
"""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from documents.models import Document
from documents.pipeline import structure_document
from documents.services import document_create
from evaluation.linking_benchmark import corpus_generate, letters_generate
from kamervragen.ingestion.recipe import document_ingest
from kamervragen.ingestion.warm_up import worker_warm_up
from kamervragen.linking import links_suggest_for_document, links_suggest_for_questions
from kamervragen.linking.stages import STAGES, stage, stages_timed
from kamervragen.models import Link, Question, QuestionSet


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Time linking a new letter against many sets, or new questions against many letters."

    def add_arguments(self, parser) -> None:
        parser.add_argument("letter", type=Path, help="The file to ingest (PDF, HTML, text)")
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
        parser.add_argument(
            "--reuse",
            action="store_true",
            help="Generate nothing: link the file against the corpus the database holds",
        )

    def handle(self, *args, **options) -> None:
        path: Path = options["letter"]
        if not path.is_file():
            raise CommandError(f"{path} bestaat niet.")
        try:
            with transaction.atomic():
                self._generate(options)
                try:
                    with transaction.atomic():  # the file and its links never stay
                        self._run(path, options["verbosity"])
                        raise Rollback
                except Rollback:
                    pass
                if not options["keep"]:
                    raise Rollback
        except Rollback:
            self.stdout.write("rolled back: the database is as it was")
        else:
            self.stdout.write("kept the generated corpus (the file and its links rolled back)")

    def _generate(self, options: dict) -> None:
        started = time.perf_counter()
        if options["reuse"]:
            self.stdout.write(
                f"corpus (reused): {QuestionSet.objects.count()} question sets, "
                f"{Question.objects.count()} questions, "
                f"{Document.objects.filter(kind=Document.Kind.LETTER).count()} letters"
            )
        elif options["letters"]:
            passages = letters_generate(
                letters=options["letters"], passages_per_letter=options["passages_per_letter"]
            )
            self.stdout.write(
                f"corpus: {options['letters']} letters, {passages} generated passages in "
                f"{time.perf_counter() - started:.1f} s"
            )
        else:
            questions = corpus_generate(
                question_sets=options["question_sets"],
                questions_per_set=options["questions_per_set"],
            )
            self.stdout.write(
                f"corpus: {QuestionSet.objects.count()} question sets, {questions} generated "
                f"questions in {time.perf_counter() - started:.1f} s"
            )

    def _run(self, path: Path, verbosity: int = 1) -> None:
        data = path.read_bytes()
        worker_warm_up()  # what a worker loads once, before its first document
        began = time.perf_counter()
        structure_document(data)
        self.stdout.write(f"structure alone: {time.perf_counter() - began:.2f} s")
        with stages_timed() as first:
            document, whole = _ingest_timed(path.name, data)
        self.stdout.write(f"whole ingestion (structure, storing, linking): {whole:.2f} s")
        if document.kind == Document.Kind.QUESTIONS:
            questions = Question.objects.filter(document=document)
            made = Link.objects.filter(question__document=document).exclude(
                method=Link.Method.SOURCE
            )
            self.stdout.write(f"questions: {path.name}, {questions.count()} questions")
            self._stages("linking its questions (measured)", first, f"{made.count()} links")
            with stages_timed() as again, stage("linking"):
                links_suggest_for_questions(questions)
        else:
            made = Link.objects.filter(passage__document=document)
            self.stdout.write(f"letter: {path.name}, {document.passages.count()} passages")
            self._stages("linking alone (measured)", first, f"{made.count()} suggestions")
            if verbosity > 1:  # what was linked, to compare settings at scale
                for link in made.select_related("question__question_set", "passage"):
                    question = link.question
                    self.stdout.write(
                        f"  {question.question_set.zaak_number or question.question_set_id} "
                        f"vraag {question.number} - passage {link.passage.order}: {link.score}"
                    )
            with stages_timed() as again, stage("linking"):
                links_suggest_for_document(document)
        self._stages("linking again (re-scoring the same links)", again, "")

    def _stages(self, title: str, times: dict[str, float], links: str) -> None:
        """The whole linking and each stage, as measured."""
        total = times.get("linking", 0.0)
        cpu = f"CPU {times.get('linking cpu', 0.0):.2f} s"
        self.stdout.write(f"{title}: {total:.2f} s ({cpu}{', ' + links if links else ''})")
        parts = ", ".join(f"{name} {times.get(name, 0.0):.3f} s" for name in STAGES)
        rest = total - sum(times.get(name, 0.0) for name in STAGES)
        self.stdout.write(f"  stages: {parts}; outside the stages {rest:.3f} s")


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
