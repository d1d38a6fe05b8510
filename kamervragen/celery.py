"""The Celery app; broker settings come from Django settings (CELERY_* names)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kamervragen.settings")

app = Celery("kamervragen")
app.config_from_object("django.conf:settings", namespace="CELERY")
# Tasks live beside the code they run, not in a top-level tasks.py of each app.
app.autodiscover_tasks(["kamervragen.ingestion"])
