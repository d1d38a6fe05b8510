"""Two documents of one question set processed at the same moment end in one set."""

import threading
import time

import pytest
from django.db import connection

from documents.models import Document
from documents.services import document_create
from kamervragen.ingestion import question_sets, recipe
from kamervragen.models import QuestionSet
from tests.test_answer_documents import ANSWERS, answer_document, question_document

pytestmark = pytest.mark.django_db(transaction=True)


def _someone_waits_for_an_advisory_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")
        return cursor.fetchone()[0] > 0


def _ingest_together(monkeypatch, first: Document, second: Document) -> list[BaseException]:
    """The unlucky order: the first has found or made its set but not committed it when the
    second looks for it. With the set lock the second waits for the lock instead."""
    second_entered, second_looked_up = threading.Event(), threading.Event()
    find_or_create = question_sets._question_set_for
    store = recipe.questions_store

    def store_noting_entry(*, document, structure):
        if document.pk == second.pk:
            second_entered.set()
        return store(document=document, structure=structure)

    def find_or_create_then_linger(document, structure, previous):
        question_set = find_or_create(document, structure, previous)
        if document.pk == second.pk:
            second_looked_up.set()
            return question_set
        assert second_entered.wait(timeout=60)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and not second_looked_up.is_set():
            if _someone_waits_for_an_advisory_lock():
                break
            time.sleep(0.05)
        return question_set

    monkeypatch.setattr(recipe, "questions_store", store_noting_entry)
    monkeypatch.setattr(question_sets, "_question_set_for", find_or_create_then_linger)
    errors: list[BaseException] = []

    def ingest(document_id: int) -> None:
        try:
            recipe.document_ingest(document_id=document_id)
        except BaseException as error:  # reported by the test
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=ingest, args=(d.pk,)) for d in (first, second)]
    threads[0].start()
    time.sleep(0.2)  # the first usually gets ahead; the lingering makes sure of it
    threads[1].start()
    for thread in threads:
        thread.join(timeout=120)
    return errors


def test_two_answer_documents_without_a_zaak_number_processed_together_share_a_set(
    monkeypatch,
):
    first = document_create(filename="a.txt", data=answer_document(ANSWERS)).document
    second = document_create(
        filename="b.txt", data=answer_document(ANSWERS, statement="Nader antwoord van Donner")
    ).document

    assert _ingest_together(monkeypatch, first, second) == []

    assert QuestionSet.objects.count() == 1
    assert Document.objects.filter(status=Document.Status.DONE).count() == 2


def test_two_documents_with_one_zaak_number_processed_together_share_a_set(monkeypatch):
    first = document_create(filename="a.txt", data=question_document()).document
    second = document_create(
        filename="b.txt", data=question_document() + b"\nMet vriendelijke groet\n"
    ).document

    assert _ingest_together(monkeypatch, first, second) == []

    assert list(QuestionSet.objects.values_list("zaak_number", flat=True)) == ["2010Z15780"]
    assert Document.objects.filter(status=Document.Status.DONE).count() == 2
