"""The Celery app; broker settings come from Django settings (CELERY_* names)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kamervragen.settings")

app = Celery("kamervragen")
app.config_from_object("django.conf:settings", namespace="CELERY")
# Tasks live beside the code they run, not in a top-level tasks.py of each app.
app.autodiscover_tasks(["kamervragen.ingestion"])
app.autodiscover_tasks(["kamervragen"], related_name="housekeeping")

# Sent by the one `celery beat` process (the beat service in docker-compose.yml).
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
}
