"""The PostgreSQL advisory locks of ingestion.

Session-level for a document's whole ingestion (it spans several transactions), and
transaction-level for finding or making a question set and for linking. PostgreSQL drops
both kinds with the connection, so a crashed worker leaves nothing behind for a retry to
wait on.
"""

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import DatabaseError, connection

logger = logging.getLogger(__name__)

# "KVDI": with a document's id, the key of the advisory lock its ingestion holds throughout.
INGEST_LOCK = 0x4B564449
LINKING_LOCK = 0x4B564C4E  # "KVLN", an application-wide PostgreSQL advisory lock key
QUESTION_SET_LOCK = 0x4B565153  # "KVQS", application-wide, held while a set is found or made


@contextmanager
def ingest_lock(document_id: int) -> Iterator[bool]:
    """Yields whether this process may ingest the document: no other ingestion holds it."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_try_advisory_lock(%s::integer, %s::integer)", [INGEST_LOCK, document_id]
        )
        acquired = cursor.fetchone()[0]
    try:
        yield acquired
    finally:
        if acquired:
            try:
                with connection.cursor() as cursor:
                    cursor.execute(
                        "SELECT pg_advisory_unlock(%s::integer, %s::integer)",
                        [INGEST_LOCK, document_id],
                    )
            except DatabaseError:
                # The connection is gone, and the lock with it.
                logger.warning("Could not release the ingest lock of document %s", document_id)


def document_ingestion_running(*, document_id: int) -> bool:
    """Whether some process is ingesting the document right now."""
    with ingest_lock(document_id) as acquired:
        return not acquired


def linking_lock_take() -> None:
    """One document links at a time, until its transaction ends.

    Linking reads the documents that are done; a document becomes done in the same
    transaction as its links. Two documents finishing together therefore never both link
    before the other is visible: the second waits, then sees the first.
    """
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LINKING_LOCK])


def question_set_lock_take() -> None:
    """One document finds or makes its question set at a time, until its transaction ends.

    Finding looks for a set that another document made (by zaak number or by reprinted
    questions); without the lock two documents of one set stored together would each miss
    the other's uncommitted set and make one of their own, or collide on the zaak number.
    """
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [QUESTION_SET_LOCK])
