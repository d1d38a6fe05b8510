import os
import statistics

from django.core.management.base import BaseCommand

from evaluation.startup_benchmark import check_seconds, warm_up_parts, worker_ready


class Command(BaseCommand):
    help = (
        "Start-up times, each in a fresh process, --repeat times (minimum and median): a "
        "plain `manage.py check`; a real `celery -A kamervragen worker` (the configured "
        "broker and database, queues of its own; as the compose file's, without mingle and "
        "gossip unless --mingle) until it logs 'ready', the CPU seconds its parent had used "
        "by then, and the part of that its mingle step took; and the parts of the worker's "
        "warm-up before it forks (importing the Celery app and spaCy, django.setup, "
        "importing the warm-up's modules, the spaCy pipeline, the word frequencies, the link "
        "model, the character n-gram TF-IDF)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--repeat", type=int, default=3)
        parser.add_argument("--concurrency", type=int, default=2, help="Worker pool size")
        parser.add_argument("--timeout", type=float, default=180, help="Seconds per worker")
        parser.add_argument(
            "--mingle",
            action="store_true",
            help="Start the worker with mingle and gossip (celery's default; the compose "
            "file's workers run without them)",
        )

    def handle(
        self, *args, repeat: int, concurrency: int, timeout: float, mingle: bool, **options
    ) -> None:
        runs: dict[str, list[float]] = {}
        self.stdout.write("load average before: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
        for index in range(repeat):
            measured = {"manage.py check": check_seconds()}
            measured.update(
                {
                    f"worker {name}": value
                    for name, value in worker_ready(
                        concurrency=concurrency, timeout=timeout, mingle=mingle
                    ).items()
                }
            )
            parts = warm_up_parts()
            measured.update({f"warm-up {name}": value for name, value in parts.items()})
            measured["warm-up total"] = sum(parts.values())
            for name, value in measured.items():
                runs.setdefault(name, []).append(value)
            self.stdout.write(
                f"run {index + 1}: check {measured['manage.py check']:.2f} s, worker ready "
                f"{measured['worker ready']:.2f} s, warm-up {measured['warm-up total']:.2f} s"
            )
        self.stdout.write("")
        self.stdout.write(f"{'seconds':28} {'min':>6} {'median':>7}")
        for name, values in runs.items():
            self.stdout.write(f"{name:28} {min(values):6.2f} {statistics.median(values):7.2f}")
        self.stdout.write("load average after: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
