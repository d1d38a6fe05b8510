"""Periodic upkeep, sent by Celery beat on the schedule in kamervragen/celery.py."""

from celery import shared_task
from django.core.management import call_command


@shared_task(name="kamervragen.housekeeping.sessions_clear_expired")
def sessions_clear_expired() -> None:
    """Database sessions are never deleted when they expire; Django leaves it to this command."""
    call_command("clearsessions")
