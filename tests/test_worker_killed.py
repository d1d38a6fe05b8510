"""A worker killed with SIGKILL in the middle of a task: the document is finished by the
next worker, never half-written, never done twice (`acks_late`, `reject_on_worker_lost`,
Redis's visibility timeout). Real worker processes on the test database and Redis."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection

from documents.models import Document, Footnote, Passage
from documents.services import document_create
from kamervragen.celery import app
from kamervragen.ingestion.tasks import ingest_document
from kamervragen.models import Link, LinkCandidate, Question
from tests.conftest import FIXTURES, wait_for

ROOT = Path(__file__).resolve().parent.parent
LETTER = FIXTURES / "seeds" / "kamerbrief-31934-scan-en-detectie.txt"
QUESTIONS = FIXTURES / "seeds" / "kamervragen-2023Z11786-nuctech.pdf"

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory):
    """The configured Redis broker, or a private `redis-server` when the suite runs on the
    filesystem broker (the visibility timeout these tests rely on is Redis's)."""
    if settings.CELERY_BROKER_URL.startswith("redis://"):
        yield settings.CELERY_BROKER_URL
        return
    server = shutil.which("redis-server")
    if server is None:
        pytest.fail("these tests need Redis: set CELERY_BROKER_URL or install redis-server")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    folder = tmp_path_factory.mktemp("redis")
    process = subprocess.Popen(
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--dir", str(folder)],
        stdout=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    try:
        wait_for(lambda: _redis_answers(url), timeout=30)
        yield url
    finally:
        process.terminate()
        process.wait(30)


def _redis_answers(url: str) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url).ping())
    except redis.ConnectionError:
        return False


def _database_url() -> str:
    database = connection.settings_dict
    user = f"{database['USER']}@" if database["USER"] else ""
    port = database["PORT"] or 5432
    if database["HOST"].startswith("/"):  # a socket folder (the embedded server)
        return f"postgresql://{user}:{port}/{database['NAME']}?host={database['HOST']}"
    return f"postgresql://{user}{database['HOST'] or '127.0.0.1'}:{port}/{database['NAME']}"


class Workers:
    """Starts `celery worker` processes consuming queues of the test's own (extraction,
    linking and the default queue, named after the test)."""

    def __init__(self, tmp_path: Path, broker_url: str) -> None:
        self.broker_url = broker_url
        self.queue = f"killed-{uuid.uuid4().hex[:8]}"
        self.hold = tmp_path / "hold"
        self.processes: list[subprocess.Popen] = []
        self.tmp_path = tmp_path

    @property
    def queues(self) -> str:
        return ",".join(f"{self.queue}-{name}" for name in ("extraction", "linking", "default"))

    def start(self, **environment: str) -> subprocess.Popen:
        env = {
            **os.environ,
            "DATABASE_URL": _database_url(),
            "CELERY_BROKER_URL": self.broker_url,
            "FAULT_WORKER_HOLD": str(self.hold),
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),
            "CELERY_EXTRACTION_QUEUE": f"{self.queue}-extraction",
            "CELERY_LINKING_QUEUE": f"{self.queue}-linking",
            "CELERY_DEFAULT_QUEUE": f"{self.queue}-default",
            **environment,
        }
        log = (self.tmp_path / f"worker-{len(self.processes)}.log").open("w")
        process = subprocess.Popen(
            [sys.executable, "-m", "tests.fault_worker", "-A", "kamervragen", "worker"]
            + ["--pool=prefork", "--concurrency=1", "-Q", self.queues, "--loglevel=INFO"]
            + ["--without-gossip", "--without-mingle", f"--hostname={uuid.uuid4().hex}@test"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: killed whole
        )
        self.processes.append(process)
        return process

    def send(self, document_id: int | None, task=ingest_document, queue="extraction") -> None:
        arguments = (document_id,) if document_id is not None else ()
        with app.connection_for_write(self.broker_url) as broker:
            task.apply_async(arguments, queue=f"{self.queue}-{queue}", connection=broker)

    def logs(self) -> str:
        return "\n".join(p.read_text() for p in sorted(self.tmp_path.glob("worker-*.log")))

    def stop_all(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(30)


@pytest.fixture
def workers(tmp_path, redis_url):
    started = Workers(tmp_path, redis_url)
    yield started
    started.stop_all()


def _held_child(workers: Workers) -> int:
    pid_file = workers.hold.with_suffix(".pid")
    wait_for(pid_file.exists, timeout=180)
    return int(pid_file.read_text())


def _ends_done_once(document: Document, passages_expected: int) -> None:
    done = wait_for(
        lambda: Document.objects.filter(pk=document.pk, status="done").first(), timeout=180
    )
    assert done.error == ""
    passages = Passage.objects.filter(document=done, superseded=False)
    orders = list(passages.values_list("order", flat=True))
    assert len(orders) == passages_expected == len(set(orders))
    assert not Passage.objects.filter(document=done, superseded=True).exists()
    assert Document.objects.count() == 1
    for model, fields in (
        (Link, ("question_id", "passage_id", "footnote_id")),
        (LinkCandidate, ("question_id", "passage_id")),
        (Question, ("question_set_id", "number")),
        (Footnote, ("document_id", "order", "superseded")),
    ):
        rows = list(model.objects.values_list(*fields))
        assert len(rows) == len(set(rows)), model


def _expected_passages(path: Path) -> int:
    from documents.pipeline import structure_document

    return len(structure_document(path.read_bytes()).passages)


def test_a_killed_worker_child_is_replaced_and_the_task_finished_once(workers):
    document = document_create(filename=LETTER.name, data=LETTER.read_bytes()).document
    expected = _expected_passages(LETTER)
    workers.hold.touch()
    workers.start()
    workers.send(document.pk)
    child = _held_child(workers)
    held = Document.objects.get(pk=document.pk)
    assert (held.status, held.stage) == (Document.Status.PROCESSING, "link")
    assert held.passages.exists()  # the store stage had committed
    assert not Link.objects.exists()  # the links had not

    workers.hold.unlink()
    os.kill(child, signal.SIGKILL)  # the pool replaces the child; the task is rejected
    _ends_done_once(document, expected)
    assert "WorkerLostError" in workers.logs()


def test_a_task_of_a_worker_killed_whole_is_finished_by_another_worker(workers):
    document = document_create(filename=LETTER.name, data=LETTER.read_bytes()).document
    expected = _expected_passages(LETTER)
    # Redis hands an unacknowledged task to another worker after the visibility timeout;
    # short here (the production one outlasts the hard time limit).
    limits = {
        "CELERY_TASK_SOFT_TIME_LIMIT": "20",
        "CELERY_TASK_TIME_LIMIT": "25",
        "CELERY_VISIBILITY_TIMEOUT": "30",
    }
    workers.hold.touch()
    first = workers.start(**limits)
    workers.send(document.pk)
    _held_child(workers)
    os.killpg(first.pid, signal.SIGKILL)  # the machine is gone: nothing acknowledges
    first.wait(30)
    workers.hold.unlink()

    workers.start(**limits)
    _ends_done_once(document, expected)


def test_a_worker_killed_between_mailing_and_recording_sends_no_mail_twice(workers, tmp_path):
    """The alert mailer claims a notification, sends, then records it sent; SIGKILLed after
    the mail left, the task runs again in a new child and sends nothing more."""
    from alerts.models import Follow, Notification
    from alerts.services import follow_add, notifications_collect
    from alerts.tasks import alerts_collect_and_mail
    from tests.test_alerts import _answer_arrives, _set, _start_watching

    reader = get_user_model().objects.create_user("lezer", email="lezer@example.nl")
    question_set = _set()
    follow_add(user=reader, kind=Follow.Kind.SET, value=str(question_set.pk))
    _start_watching()
    _answer_arrives(question_set)
    assert notifications_collect() == 1
    mail_hold, mail_dir = tmp_path / "mail-hold", tmp_path / "mail"
    mail_hold.touch()
    workers.start(FAULT_MAIL_HOLD=str(mail_hold), FAULT_MAIL_DIR=str(mail_dir))
    workers.send(None, task=alerts_collect_and_mail, queue="default")

    pid_file = mail_hold.with_suffix(".pid")
    wait_for(pid_file.exists, timeout=180)
    assert len(_mails(mail_dir)) == 1  # the mail left; it is not yet recorded
    assert Notification.objects.get().mail == Notification.Mail.CLAIMED
    mail_hold.unlink()
    os.kill(int(pid_file.read_text()), signal.SIGKILL)

    wait_for(lambda: "WorkerLostError" in workers.logs(), timeout=180)
    wait_for(lambda: "succeeded" in workers.logs(), timeout=180)  # ran again in a new child
    assert len(_mails(mail_dir)) == 1
    assert Notification.objects.get().mail == Notification.Mail.CLAIMED


def _mails(folder: Path) -> list[str]:
    """The messages Django's file backend wrote (one file per connection, maybe several)."""
    if not folder.exists():
        return []
    texts = [path.read_text() for path in folder.iterdir()]
    return [part for text in texts for part in text.split("-" * 79) if "Subject:" in part]
