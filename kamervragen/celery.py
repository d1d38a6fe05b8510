"""The Celery app; broker settings come from Django settings (CELERY_* names)."""

import os

from celery import Celery
from celery.schedules import crontab
from celery.signals import worker_init

from kamervragen.startup import worker_start, worker_starting

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kamervragen.settings")
# Before Django and the task modules: no garbage collection until the warm-up, no system
# checks, spaCy without its command line (kamervragen/startup.py).
if worker_starting():
    worker_start()

app = Celery("kamervragen")
app.config_from_object("django.conf:settings", namespace="CELERY")
# Tasks live beside the code they run, not in a top-level tasks.py of each app.
app.autodiscover_tasks(["kamervragen.ingestion"])
app.autodiscover_tasks(["kamervragen"], related_name="housekeeping")
app.autodiscover_tasks(["opendata", "alerts"])

# Sent by the one `celery beat` process (the beat service in docker-compose.yml). Assigned
# whole: reading `app.conf` here would load the Django settings at import, and
# `python -m kamervragen.embedded_postgres` imports this module without them.
DAY_SECONDS = 24 * 60 * 60
app.conf.beat_schedule = {
    "clear-expired-sessions": {
        "task": "kamervragen.housekeeping.sessions_clear_expired",
        "schedule": DAY_SECONDS,
    },
    "outbox-flush": {"task": "kamervragen.housekeeping.outbox_flush", "schedule": 60},
    "requeue-stuck-documents": {
        "task": "kamervragen.housekeeping.documents_requeue_stuck",
        "schedule": 5 * 60,
    },
    # The statistics page's answer times; the page says when they were brought up to date.
    "refresh-answer-times": {
        "task": "kamervragen.housekeeping.answer_times_refresh",
        "schedule": 5 * 60,
    },
    "alerts-collect-and-mail": {
        "task": "alerts.tasks.alerts_collect_and_mail",
        "schedule": 5 * 60,
    },
    "alerts-daily": {
        "task": "alerts.tasks.alerts_daily",
        "schedule": crontab(hour=7, minute=0),  # digests and deadline warnings before work
    },
    # Every hour; it imports only when OPEN_DATA_IMPORT is on (read when it runs).
    "import-open-data": {
        "task": "opendata.tasks.import_open_data_recent",
        "schedule": 60 * 60,
    },
}


@worker_init.connect
def _load_before_forking(**kwargs) -> None:
    from kamervragen.ingestion.warm_up import worker_warm_up

    worker_warm_up()
