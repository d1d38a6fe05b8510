"""`python manage.py refresh-statuses`: records every letter's reply declarations and the
sets each document answering several sets answers in its runs, and recomputes every question
set's stored status columns, then the statistics' answer times.

Ingestion keeps them up to date; this is for a database that was filled before they existed
(migration 0008 fills the columns from answer documents and notices, but cannot read which
sets a letter declares it answers; migration 0024 which sets a run answers) or after a change
to the rule.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from documents.models import Document
from kamervragen.ingestion.question_sets import (
    answer_runs_record,
    question_set_status_refresh,
    reply_letters_refresh,
)
from kamervragen.linking.answer_runs import answer_runs_documents
from kamervragen.models import QuestionSet
from kamervragen.statistics import answer_times_refresh

CHUNK = 1000


class Command(BaseCommand):
    help = "Record reply letters and answer runs; recompute every question set's stored status."

    def handle(self, *args, **options) -> None:
        letters = Document.objects.filter(
            kind__in=[Document.Kind.LETTER, Document.Kind.OTHER], status=Document.Status.DONE
        ).order_by("pk")
        for letter in letters.iterator():
            with transaction.atomic():
                reply_letters_refresh(letter)
        for document in answer_runs_documents().filter(status=Document.Status.DONE).iterator():
            with transaction.atomic():
                answer_runs_record(document, refresh_all=False)
        ids = list(QuestionSet.objects.order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(ids), CHUNK):
            with transaction.atomic():
                question_set_status_refresh(ids[start : start + CHUNK])
        answer_times_refresh()  # the statistics' answer times, from the new statuses
        answered = QuestionSet.objects.filter(answered=True).count()
        self.stdout.write(f"{len(ids)} vragensets bijgewerkt, {answered} beantwoord")
