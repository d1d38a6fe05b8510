from django.core.management.base import BaseCommand

from evaluation.web_benchmark import pages_measure, pages_to_measure
from evaluation.web_corpus import web_corpus_generate


class Command(BaseCommand):
    help = (
        "p50/p95 latency and query count of the main pages on this database, requested "
        "in-process (no network). With --question-sets N, first writes a generated archive of "
        "N question sets (answered, postponed, open and overdue ones; --letters letters with "
        "passages and footnotes) and keeps it: run it against a database of its own."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--question-sets", type=int, default=0)
        parser.add_argument("--letters", type=int, default=0)
        parser.add_argument("--repeat", type=int, default=20)
        parser.add_argument("--common-word", default="mensen")
        parser.add_argument("--rare-word", default="zeehondencrèche")
        parser.add_argument(
            "--only", default="", help="Measure only the pages whose label contains this"
        )

    def handle(self, *args, **options) -> None:
        if options["question_sets"] or options["letters"]:
            corpus = web_corpus_generate(
                question_sets=options["question_sets"], letters=options["letters"]
            )
            self.stdout.write(
                f"Generated {corpus.question_sets:,} question sets, {corpus.questions:,} "
                f"questions, {corpus.answer_documents:,} answer documents, "
                f"{corpus.letters:,} letters."
            )
        pages = pages_to_measure(common_word=options["common_word"], rare_word=options["rare_word"])
        timings = pages_measure(
            [(label, url) for label, url in pages if options["only"] in label],
            repeat=options["repeat"],
        )
        self.stdout.write(f"{'page':36} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8} {'KiB':>7}")
        for timing in timings:
            flag = "" if timing.status == 200 else f"  HTTP {timing.status}"
            self.stdout.write(
                f"{timing.label:36} {timing.p50_ms:8.1f} {timing.p95_ms:8.1f} "
                f"{timing.queries:8d} {timing.kilobytes:7.1f}{flag}"
            )
