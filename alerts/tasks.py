from celery import shared_task

from alerts.services import (
    deadline_warnings_collect,
    digests_send,
    mails_send,
    notifications_collect,
)


@shared_task
def alerts_collect_and_mail() -> None:
    notifications_collect()
    mails_send()


@shared_task
def alerts_daily() -> None:
    deadline_warnings_collect()
    mails_send()
    digests_send()
