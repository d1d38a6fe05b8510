"""Time limits sized by a document's work, sent with each of its tasks.

Extraction (read, structure, store) costs about the same per page from 3 to 2,000 pages;
linking grows with the passages. A fixed limit either stops a large document that was
making progress or lets a stalled small one hold its worker for the whole limit; so each
task gets a base plus so much per page (per passage), capped at CELERY_TASK_SOFT_TIME_LIMIT.
The hard limit follows the soft one by the settings' margin, so Redis's visibility timeout
(which must outlast the hard limit) still holds.

Read in the web process when a task is sent: no pipeline imports here.
"""

import logging
from dataclasses import dataclass

from django.conf import settings

from documents.models import Document, Passage

logger = logging.getLogger(__name__)

# Bytes a page of a document that is not a PDF (text, HTML, XML, Word) counts as.
BYTES_PER_PAGE = 3_000


@dataclass(frozen=True)
class TimeLimits:
    soft: int  # seconds; SoftTimeLimitExceeded is raised in the task
    hard: int  # seconds; the child is killed
    capped: bool  # the cap, not the document's size, set the soft limit

    @property
    def minutes(self) -> int:
        return max(1, self.soft // 60)  # "longer than N minutes" stays true


def time_limits_sized(units: int, *, base: int, per_unit: float) -> TimeLimits:
    """`base + per_unit × units` seconds, at most CELERY_TASK_SOFT_TIME_LIMIT."""
    cap = settings.CELERY_TASK_SOFT_TIME_LIMIT
    margin = settings.CELERY_TASK_TIME_LIMIT - settings.CELERY_TASK_SOFT_TIME_LIMIT
    wanted = base + per_unit * max(units, 0)
    soft = int(min(cap, wanted))
    return TimeLimits(soft=soft, hard=soft + margin, capped=wanted >= cap)


def extraction_time_limits(document: Document) -> TimeLimits:
    return time_limits_sized(
        document_pages(document),
        base=settings.INGEST_EXTRACTION_BASE_SECONDS,
        per_unit=settings.INGEST_EXTRACTION_SECONDS_PER_PAGE,
    )


def linking_time_limits(document: Document) -> TimeLimits:
    passages = Passage.objects.filter(document=document, superseded=False).count()
    return time_limits_sized(
        passages,
        base=settings.INGEST_LINKING_BASE_SECONDS,
        per_unit=settings.INGEST_LINKING_SECONDS_PER_10_PASSAGES / 10,
    )


def document_pages(document: Document) -> int:
    """The document's pages: as stored by an earlier run, else counted in the PDF's page
    tree (without reading the pages), else estimated from the file's size."""
    if document.page_count:
        return document.page_count
    try:
        with document.file.open("rb") as handle:
            data = handle.read()
    except OSError as error:
        logger.warning("Document %s unreadable for its page count: %s", document.pk, error)
        return 1
    pages = pdf_page_count(data) if data.startswith(b"%PDF") else None
    return pages or max(1, len(data) // BYTES_PER_PAGE)


def pdf_page_count(data: bytes) -> int | None:
    """The /Count of the PDF's page tree; None when it cannot be read (the ingestion
    itself will say why)."""
    from io import BytesIO

    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import resolve1

    try:
        catalog = PDFDocument(PDFParser(BytesIO(data))).catalog
        count = resolve1(resolve1(catalog["Pages"])["Count"])
    except Exception:  # any damage: pdfminer raises many kinds  # noqa: BLE001
        return None
    return count if isinstance(count, int) and count > 0 else None
