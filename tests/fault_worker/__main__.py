"""A real Celery worker (`python -m tests.fault_worker worker …` takes `celery`'s arguments)
whose ingestion can be held mid-task, for the tests that kill workers.

While the file named by FAULT_WORKER_HOLD exists, an ingestion stops right after writing its
links, inside the transaction that would make the document done: half its work committed
(the stored structure), half not (the links). It writes its process id to
FAULT_WORKER_HOLD + ".pid" first, so the test knows which process to kill. Patched in the
parent before the pool forks, so every child holds too.

While the file named by FAULT_MAIL_HOLD exists, sending alert mail stops right after the mail
left (written by Django's file backend to FAULT_MAIL_DIR) and before it is recorded as sent,
writing its process id to FAULT_MAIL_HOLD + ".pid" the same way.
"""

import os
import sys
import time
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kamervragen.settings")
if os.environ.get("FAULT_MAIL_DIR"):
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.filebased.EmailBackend"
django.setup()

from django.conf import settings  # noqa: E402

from alerts import services  # noqa: E402
from kamervragen.ingestion import recipe  # noqa: E402

HOLD = Path(os.environ.get("FAULT_WORKER_HOLD", "/nonexistent/hold"))
MAIL_HOLD = Path(os.environ.get("FAULT_MAIL_HOLD", "/nonexistent/mail-hold"))
if os.environ.get("FAULT_MAIL_DIR"):
    settings.EMAIL_FILE_PATH = os.environ["FAULT_MAIL_DIR"]
_link = recipe._link
_record_sent = services._record_sent


def _hold_while(hold: Path) -> None:
    if hold.exists():
        hold.with_suffix(".pid").write_text(str(os.getpid()))
        while hold.exists():
            time.sleep(0.1)


def _link_then_hold(document) -> None:
    _link(document)
    _hold_while(HOLD)


def _hold_then_record_sent(notifications, now) -> None:
    _hold_while(MAIL_HOLD)
    _record_sent(notifications, now)


recipe._link = _link_then_hold
services._record_sent = _hold_then_record_sent

if __name__ == "__main__":
    from celery.__main__ import main

    sys.argv[0] = "celery"
    sys.exit(main())
