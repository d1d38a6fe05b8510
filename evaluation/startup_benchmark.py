"""How long processes take to start (`benchmark-startup`): a plain `manage.py check`, a real
`celery worker` until it logs "ready", and the parts of the worker's warm-up (what it loads
before forking its pool) timed in a fresh process of their own.

The worker runs against the configured broker and database, consuming queues of its own
(so it takes no one's tasks), with the options of the compose file's worker (without mingle
and gossip, unless asked to mingle).
"""

import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import datetime
from pathlib import Path

from evaluation.worker_benchmark import _queues_delete

ROOT = Path(__file__).resolve().parent.parent
LOG_TIME = r"\[(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}): INFO/MainProcess\] "
MINGLE_START = re.compile(LOG_TIME + "mingle: searching for neighbors")
MINGLE_END = re.compile(LOG_TIME + "mingle: (?:all alone|sync with)")

# As a worker's parent: `worker_start` (kamervragen/startup.py: the Celery app, spaCy),
# django.setup, the warm-up's modules, the warm-up.
PARTS_SCRIPT = """
import json, time
started = time.perf_counter()
from kamervragen.startup import worker_start
worker_start()
begun = time.perf_counter()
import django
django.setup()
set_up = time.perf_counter()
import kamervragen.celery
from kamervragen.ingestion.warm_up import worker_warm_up
imported = time.perf_counter()
parts = worker_warm_up()
print(json.dumps({
    "start": begun - started, "django.setup": set_up - begun, "imports": imported - set_up,
    **parts,
}))
"""


def check_seconds() -> float:
    """Seconds a fresh `manage.py check` takes, start to exit."""
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, check=True, capture_output=True
    )
    return time.perf_counter() - started


def warm_up_parts() -> dict[str, float]:
    """In a fresh process: seconds of `worker_start` (importing the Celery app and spaCy),
    of django.setup, of importing the warm-up's modules, and of each part of
    `worker_warm_up`."""
    result = subprocess.run(
        [sys.executable, "-c", PARTS_SCRIPT],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "kamervragen.settings"},
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def worker_ready(*, concurrency: int, timeout: float, mingle: bool = False) -> dict[str, float]:
    """Starts `celery -A kamervragen worker` on queues of its own and returns the seconds
    until it logged "ready", the CPU seconds its parent process had used by then, and the
    seconds its mingle step took (part of them, when `mingle`)."""
    prefix = f"startup-{uuid.uuid4().hex[:8]}"
    queues = [f"{prefix}-extraction", f"{prefix}-linking", f"{prefix}-default"]
    environment = {
        **os.environ,
        "CELERY_EXTRACTION_QUEUE": queues[0],
        "CELERY_LINKING_QUEUE": queues[1],
        "CELERY_DEFAULT_QUEUE": queues[2],
        "PYTHONUNBUFFERED": "1",
    }
    command = [sys.executable, "-m", "celery", "-A", "kamervragen", "worker"]
    command += ["-Q", ",".join(queues), f"--concurrency={concurrency}", "--loglevel=INFO"]
    command += [f"--hostname={prefix}@%h"]
    if not mingle:
        command += ["--without-mingle", "--without-gossip"]
    with tempfile.NamedTemporaryFile("w+", prefix=f"{prefix}-", suffix=".log") as log:
        started = time.perf_counter()
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            deadline = time.monotonic() + timeout
            while " ready." not in Path(log.name).read_text():
                if process.poll() is not None:
                    raise RuntimeError(f"the worker stopped:\n{Path(log.name).read_text()}")
                if time.monotonic() > deadline:
                    raise TimeoutError(f"the worker was not ready within {timeout:.0f} s")
                time.sleep(0.05)
            ready = time.perf_counter() - started
            cpu = _cpu_seconds(process.pid)
        finally:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(60)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(30)
            _queues_delete(queues)
        text = Path(log.name).read_text()
    return {"ready": ready, "ready cpu": cpu, "mingle": _mingle_seconds(text)}


def _cpu_seconds(pid: int) -> float:
    """The CPU seconds (user and system) a process has used so far, from /proc (Linux; NaN
    elsewhere): less sensitive than the wall clock to other jobs on shared cores."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    # utime and stime, the 14th and 15th fields (counting the pid as the first)
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _mingle_seconds(log: str) -> float:
    start, end = MINGLE_START.search(log), MINGLE_END.search(log)
    if not (start and end):
        return 0.0
    moment = "%Y-%m-%d %H:%M:%S,%f"
    return (
        datetime.strptime(end.group(1), moment) - datetime.strptime(start.group(1), moment)
    ).total_seconds()
