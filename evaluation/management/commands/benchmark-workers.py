from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from evaluation.worker_benchmark import (
    benchmark_clear,
    benchmark_database_check,
    configuration_run,
    configurations,
    documents_generate,
    growth,
    scratch_folder,
    scratch_remove,
    summary,
)


class Command(BaseCommand):
    help = (
        "Documents per minute through real Celery workers (subprocesses on the configured "
        "broker and database, on queues of the run's own) with 1, 2 and 4 worker processes: "
        "N generated documents (letter PDFs and question documents) queued as an upload "
        "queues them, timed until every one is done or failed, with the extraction and "
        "linking tasks' own run times. Needs a database of its own (it refuses one holding "
        "documents, and deletes what it made after each configuration)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--documents", type=int, default=40)
        parser.add_argument("--processes", default="1,2,4", help="Worker processes per run")
        parser.add_argument(
            "--split",
            action="store_true",
            help="Also N single-process workers, half on extraction and half on linking",
        )
        parser.add_argument("--timeout", type=float, default=1800, help="Seconds per run")
        parser.add_argument("--keep-logs", action="store_true", help="Keep the workers' logs")

    def handle(self, *args, documents: int, processes: str, split: bool, **options):
        try:
            benchmark_database_check()
        except RuntimeError as error:
            raise CommandError(str(error)) from error
        counts = [int(count) for count in processes.split(",")]
        folder = scratch_folder()
        results = []
        try:
            self.stdout.write(f"Generating {documents} documents …")
            generated = documents_generate(documents, folder)
            for configuration in configurations(counts, split=split):
                try:
                    result = configuration_run(
                        configuration,
                        generated,
                        log_folder=folder,
                        timeout=options["timeout"],
                        say=self.stdout.write,
                    )
                finally:
                    benchmark_clear()
                results.append(result)
                self.stdout.write(
                    f"  {result.per_minute:.0f} docs/min ({result.done} done, "
                    f"{result.failed} failed in {result.seconds:.1f} s)"
                )
        finally:
            if options["keep_logs"]:
                self.stdout.write(f"Logs in {folder}")
            else:
                scratch_remove(Path(folder))
        self._table(results, documents)

    def _table(self, results, documents: int) -> None:
        base = results[0].per_minute if results else 0
        self.stdout.write("")
        self.stdout.write(f"{documents} documents per run")
        self.stdout.write(
            f"{'configuration':44} {'procs':>5} {'docs/min':>9} {'× first':>8} "
            f"{'ready s':>8} {'deadlk':>6}  extraction task / linking task"
        )
        for result in results:
            self.stdout.write(
                f"{result.configuration.name:44} {result.configuration.processes:5d} "
                f"{result.per_minute:9.0f} {result.per_minute / base:8.2f} "
                f"{result.ready_seconds:8.1f} {result.deadlocks:6d}  "
                f"{summary(result.task_seconds['extraction'])}"
                f" / {summary(result.task_seconds['linking'])}"
            )
        self.stdout.write(
            "docs/min: from the first document queued to the last finished (workers already "
            "ready); task times: each task's own run time as its worker logged it; deadlk: "
            "tasks retried after PostgreSQL broke a deadlock."
        )
        self.stdout.write("")
        self.stdout.write(
            "As the database fills (mean of the first and the last quarter of tasks, in the "
            "order they finished): extraction / linking"
        )
        for result in results:
            self.stdout.write(
                f"{result.configuration.name:44} {growth(result.task_seconds['extraction'])}"
                f" / {growth(result.task_seconds['linking'])}"
            )
