"""The PostgreSQL advisory locks of ingestion.

Session-level for a document's whole ingestion (it spans several transactions), and
transaction-level for finding or making a question set and for the moment a linked
document becomes done. PostgreSQL drops
both kinds with the connection, so a crashed worker leaves nothing behind for a retry to
wait on.
"""

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from django.db import DatabaseError, connection

logger = logging.getLogger(__name__)

# "KVDI": with a document's id, the key of the advisory lock its ingestion holds throughout.
INGEST_LOCK = 0x4B564449
LINKING_LOCK = 0x4B564C4E  # "KVLN", application-wide, held only while a document finishes
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


def linking_started() -> datetime:
    """The database's clock when a document's linking starts, read under the shared
    linking lock, so never between another document's `linking_finish_lock_take` and the
    commit that makes that document done (see `recipe`)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock_shared(%s)", [LINKING_LOCK])
        try:
            cursor.execute("SELECT clock_timestamp()")
            started = cursor.fetchone()[0]
        finally:
            cursor.execute("SELECT pg_advisory_unlock_shared(%s)", [LINKING_LOCK])
    return started


def linking_finish_lock_take() -> datetime:
    """Takes the linking lock until the transaction ends, and returns the database's clock.

    Held only for the moment between a document's linking and the commit that makes it
    done, never across the linking itself: one large document does not hold up the others.
    Documents finish one at a time, each with a time no linking start falls before and
    whose commit it could have missed.
    """
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LINKING_LOCK])
        cursor.execute("SELECT clock_timestamp()")
        return cursor.fetchone()[0]


def ingest_lock_holders_idle_since(document_id: int, before: datetime) -> list[int]:
    """The database sessions holding the document's ingest lock that have not run a query
    since `before`: a worker that died without its connection being closed (a lost
    machine, a network cut), whose lock would otherwise stay until TCP gives up."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT activity.pid FROM pg_locks AS held
            JOIN pg_stat_activity AS activity ON activity.pid = held.pid
            WHERE held.locktype = 'advisory' AND held.granted AND held.objsubid = 2
              AND held.classid = %s AND held.objid = %s
              AND activity.pid <> pg_backend_pid() AND activity.state_change < %s
            """,
            [INGEST_LOCK, document_id, before],
        )
        return [pid for (pid,) in cursor.fetchall()]


def sessions_terminate(pids: list[int]) -> None:
    """Ends these database sessions; PostgreSQL drops their locks with them.

    Waits (up to 5 s each) until each has really ended: without a timeout
    `pg_terminate_backend` only signals the session, whose locks may still be held when the
    caller next looks."""
    with connection.cursor() as cursor:
        for pid in pids:
            cursor.execute("SELECT pg_terminate_backend(%s, 5000)", [pid])


def question_set_lock_take() -> None:
    """One document finds or makes its question set at a time, until its transaction ends.

    Finding looks for a set that another document made (by zaak number or by reprinted
    questions); without the lock two documents of one set stored together would each miss
    the other's uncommitted set and make one of their own, or collide on the zaak number.
    """
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [QUESTION_SET_LOCK])


# "KVDC": with a document's id, held while the document's passages, footnotes or questions
# may be removed (a deletion, a re-processing's store), and shared by curations resting on them.
DOCUMENT_CHANGE_LOCK = 0x4B564443


def document_change_lock_take(document_id: int) -> None:
    """Waits for the curations resting on the document, until the transaction ends: a
    deletion or a re-processing then sees each curator's decision (and keeps it), and a
    curation that comes later waits and finds what was removed gone
    (`documents_curation_lock_take`). Advisory, not the document's row: the linking locks
    its links before that row, a curator the other way round."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(%s::integer, %s::integer)",
            [DOCUMENT_CHANGE_LOCK, document_id],
        )


def documents_curation_lock_take(document_ids: list[int]) -> None:
    """A curation's share of `document_change_lock_take` on each document, until the
    transaction ends (taken in order of id; curations do not wait for each other)."""
    with connection.cursor() as cursor:
        for document_id in sorted(set(document_ids)):
            cursor.execute(
                "SELECT pg_advisory_xact_lock_shared(%s::integer, %s::integer)",
                [DOCUMENT_CHANGE_LOCK, document_id],
            )
