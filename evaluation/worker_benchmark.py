"""How many documents real Celery workers ingest per minute, with 1, 2, 4 worker processes
(`benchmark-workers`).

Each configuration starts real `celery worker` subprocesses against the configured broker
and database, consuming queues of the run's own (so a developer's worker takes nothing),
queues N generated documents the way an upload does (`document_create`, then
`ingestion_enqueue`: an outbox row, sent once the transaction commits), and waits until
every one is done or failed. It reports documents per minute from the first queued to the
last finished, and per stage (the extraction task, the linking task) the tasks' own run
times as the workers logged them. Between configurations it deletes what it made, so each
starts from the same database.
"""

import os
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction

from documents.models import Document
from documents.services import document_create
from evaluation.ingestion_benchmark import pdf_generate
from kamervragen.ingestion.outbox import ingestion_enqueue
from kamervragen.models import QuestionSet

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = ROOT / "tests" / "fixtures" / "linking"
TASK_DONE = re.compile(r"Task (kamervragen\.tasks\.\w+)\[[^\]]+\] succeeded in ([\d.]+)s")
LOGGED_AT = re.compile(r"^\[(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+)")
DEADLOCK_RETRY = re.compile(r"retry: Retry in [\d.]+s: OperationalError\('deadlock detected")
STAGE_OF_TASK = {
    "kamervragen.tasks.ingest_document": "extraction",
    "kamervragen.tasks.link_document": "linking",
}


@dataclass(frozen=True)
class WorkerSpec:
    """One `celery worker` process: its pool size and the stages (queues) it consumes."""

    concurrency: int
    stages: tuple[str, ...] = ("extraction", "linking", "default")


@dataclass(frozen=True)
class Configuration:
    name: str
    workers: tuple[WorkerSpec, ...]

    @property
    def processes(self) -> int:
        return sum(worker.concurrency for worker in self.workers)


def configurations(counts: list[int], *, split: bool) -> list[Configuration]:
    """For each count N, one worker with a pool of N processes consuming every queue; with
    `split`, also N single-process workers, half on extraction and half on linking."""
    found = [Configuration(f"1 worker, {n} process(es)", (WorkerSpec(n),)) for n in counts]
    if split:
        for n in counts:
            if n < 2:
                continue
            extraction = (n + 1) // 2
            workers = tuple(
                WorkerSpec(1, ("extraction", "default") if i < extraction else ("linking",))
                for i in range(n)
            )
            name = f"{n} workers: {extraction} extraction, {n - extraction} linking"
            found.append(Configuration(name, workers))
    return found


@dataclass
class Result:
    configuration: Configuration
    documents: int
    seconds: float
    done: int
    failed: int
    ready_seconds: float
    task_seconds: dict[str, list[float]] = field(default_factory=dict)
    deadlocks: int = 0  # tasks retried after PostgreSQL broke a deadlock between two

    @property
    def per_minute(self) -> float:
        return 60 * self.documents / self.seconds if self.seconds else 0.0


def documents_generate(count: int, folder: Path, *, seed: int = 1) -> list[tuple[str, bytes]]:
    """`count` documents, alternately a generated letter PDF (2 to 6 pages) and a real
    question document from tests/fixtures/linking; each unique (a run token in it)."""
    rng = random.Random(seed)
    questions = sorted(QUESTIONS.glob("*-vragen.txt"))
    token = uuid.uuid4().hex[:8]
    found = []
    for index in range(count):
        if index % 2 == 0:
            pages = 2 + rng.randrange(5)
            path = pdf_generate(pages, folder / f"brief-{index}.pdf", seed=seed * 1000 + index)
            data = path.read_bytes() + f"\n% {token}-{index}\n".encode()
            found.append((f"brief-{index}.pdf", data))
        else:
            source = questions[(index // 2) % len(questions)]
            text = source.read_text(encoding="utf-8").rstrip()
            data = f"{text}\n\nKenmerk benchmark {token}-{index}\n".encode()
            found.append((f"vragen-{index}-{source.name}", data))
    return found


def configuration_run(
    configuration: Configuration,
    documents: list[tuple[str, bytes]],
    *,
    log_folder: Path,
    timeout: float,
    say: Callable[[str], None],
) -> Result:
    """Starts the configuration's workers, queues the documents, waits for every one."""
    prefix = f"bench-{uuid.uuid4().hex[:8]}"
    queues = {
        "extraction": f"{prefix}-extraction",
        "linking": f"{prefix}-linking",
        "default": f"{prefix}-default",
    }
    environment = {
        **os.environ,
        "CELERY_EXTRACTION_QUEUE": queues["extraction"],
        "CELERY_LINKING_QUEUE": queues["linking"],
        "CELERY_DEFAULT_QUEUE": queues["default"],
    }
    processes, logs = [], []
    started = time.perf_counter()
    try:
        for index, worker in enumerate(configuration.workers):
            log = log_folder / f"{prefix}-{index}.log"
            logs.append(log)
            command = [sys.executable, "-m", "celery", "-A", "kamervragen", "worker"]
            command += ["--pool=prefork", f"--concurrency={worker.concurrency}"]
            command += ["-Q", ",".join(queues[stage] for stage in worker.stages)]
            command += ["--loglevel=INFO", "--without-gossip", "--without-mingle"]
            command += ["--without-heartbeat", f"--hostname={prefix}-{index}@%h"]
            with log.open("w") as handle:
                processes.append(
                    subprocess.Popen(
                        command,
                        cwd=ROOT,
                        env=environment,
                        stdout=handle,
                        stderr=subprocess.STDOUT,
                        start_new_session=True,
                    )
                )
        _wait(lambda: all(" ready." in log.read_text() for log in logs), timeout, processes)
        ready = time.perf_counter() - started
        say(f"  {configuration.name}: workers ready after {ready:.1f} s")
        ids = _queue(documents, queues)
        began = time.perf_counter()
        _wait(lambda: _unfinished(ids) == 0, timeout, processes)
        seconds = time.perf_counter() - began
        statuses = list(Document.objects.filter(pk__in=ids).values_list("status", flat=True))
    finally:
        for process in processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in processes:
            try:
                process.wait(60)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(30)
        _queues_delete(list(queues.values()))
    finished: list[tuple[str, str, float]] = []  # (logged at, stage, seconds)
    deadlocks = 0
    for log in logs:
        text = log.read_text()
        finished += tasks_finished(text)
        deadlocks += len(DEADLOCK_RETRY.findall(text))
    task_seconds: dict[str, list[float]] = {"extraction": [], "linking": []}
    for _, stage, took in sorted(finished):
        task_seconds.setdefault(stage, []).append(took)
    return Result(
        configuration=configuration,
        documents=len(ids),
        seconds=seconds,
        done=statuses.count(Document.Status.DONE),
        failed=statuses.count(Document.Status.FAILED),
        ready_seconds=ready,
        task_seconds=task_seconds,
        deadlocks=deadlocks,
    )


def tasks_finished(log: str) -> list[tuple[str, str, float]]:
    """Each task a worker's log says succeeded: when it was logged, its stage, its run time."""
    found = []
    for line in log.splitlines():
        done, logged = TASK_DONE.search(line), LOGGED_AT.match(line)
        if done and logged:
            task, took = done.groups()
            found.append((logged.group(1), STAGE_OF_TASK.get(task, task), float(took)))
    return found


def growth(values: list[float]) -> str:
    """The mean of the first and the last quarter of these task times, in the order the tasks
    finished: whether a document costs more as the database fills."""
    quarter = len(values) // 4
    if not quarter:
        return "-"
    first, last = statistics.mean(values[:quarter]), statistics.mean(values[-quarter:])
    return f"{first:.2f} → {last:.2f} s"


def _queue(documents: list[tuple[str, bytes]], queues: dict[str, str]) -> list[int]:
    """As an upload queues them (the outbox, sent on commit), to the run's own queue."""
    from kamervragen.celery import app

    routes = dict(app.conf.task_routes)
    app.conf.task_routes = {
        "kamervragen.tasks.ingest_document": {"queue": queues["extraction"]},
        "kamervragen.tasks.link_document": {"queue": queues["linking"]},
    }
    _routes_reload(app)
    try:
        ids = []
        for filename, data in documents:
            with transaction.atomic():
                document = document_create(filename=filename, data=data).document
                ingestion_enqueue(document)
            ids.append(document.pk)
        return ids
    finally:
        app.conf.task_routes = routes
        _routes_reload(app)


def _routes_reload(app) -> None:
    """Celery reads task_routes once; its router is made again from them."""
    app.amqp.flush_routes()
    app.amqp.__dict__.pop("router", None)


def _queues_delete(names: list[str]) -> None:
    """The run's queues and their bindings leave a Redis broker with it (emptied by then)."""
    url = settings.CELERY_BROKER_URL
    if not url.startswith(("redis://", "rediss://")):
        return
    import redis

    client = redis.Redis.from_url(url)
    for name in names:
        client.delete(name, f"_kombu.binding.{name}", f"_kombu.binding_permanent.{name}")


def _unfinished(ids: list[int]) -> int:
    return (
        Document.objects.filter(pk__in=ids)
        .exclude(status__in=[Document.Status.DONE, Document.Status.FAILED])
        .count()
    )


def _wait(condition: Callable[[], bool], timeout: float, processes: list) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if any(process.poll() is not None for process in processes):
            raise RuntimeError("a worker stopped; see its log")
        if time.monotonic() > deadline:
            raise TimeoutError(f"not finished within {timeout:.0f} s")
        time.sleep(0.25)


def benchmark_database_check() -> None:
    """Refuses a database that holds documents: the benchmark deletes what it made."""
    if Document.objects.exists() or QuestionSet.objects.exists():
        raise RuntimeError(
            f"database {connection.settings_dict['NAME']} holds documents; run the benchmark "
            "on a database of its own (DATABASE_URL), which it leaves empty again"
        )


def benchmark_clear() -> None:
    """Deletes every document and question set (the database was empty before the run)."""
    with transaction.atomic():
        Document.objects.all().delete()
        QuestionSet.objects.all().delete()


def summary(values: list[float]) -> str:
    if not values:
        return "-"
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"{len(values)} × mean {statistics.mean(values):.2f} s, p95 {p95:.2f} s"


def scratch_folder() -> Path:
    Path(settings.VAR_DIR).mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix="benchmark-workers-", dir=settings.VAR_DIR))


def scratch_remove(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)
