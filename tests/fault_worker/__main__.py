"""A real Celery worker (`python -m tests.fault_worker worker …` takes `celery`'s arguments)
whose ingestion can be held mid-task, for the tests that kill workers.

While the file named by FAULT_WORKER_HOLD exists, an ingestion stops right after writing its
links, inside the transaction that would make the document done: half its work committed
(the stored structure), half not (the links). It writes its process id to
FAULT_WORKER_HOLD + ".pid" first, so the test knows which process to kill. Patched in the
parent before the pool forks, so every child holds too.
"""

import os
import sys
import time
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kamervragen.settings")
django.setup()

from kamervragen.ingestion import recipe  # noqa: E402

HOLD = Path(os.environ["FAULT_WORKER_HOLD"])
_link = recipe._link


def _link_then_hold(document) -> None:
    _link(document)
    if HOLD.exists():
        HOLD.with_suffix(".pid").write_text(str(os.getpid()))
        while HOLD.exists():
            time.sleep(0.1)


recipe._link = _link_then_hold

if __name__ == "__main__":
    from celery.__main__ import main

    sys.argv[0] = "celery"
    sys.exit(main())
