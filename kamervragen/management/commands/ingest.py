import logging
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from documents.models import Document
from documents.services import UploadRejected, document_create, upload_size_check
from kamervragen.ingestion.outbox import ingestion_enqueue
from kamervragen.ingestion.recipe import document_ingest

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Ingest files: enqueue them for the Celery worker (default) or process them here."

    def add_arguments(self, parser) -> None:
        parser.add_argument("paths", nargs="+", type=Path)
        parser.add_argument(
            "--sync", action="store_true", help="Run the ingestion task in this process and wait."
        )

    def handle(self, *args, paths: list[Path], sync: bool, **options) -> None:
        failures = 0
        for path in paths:
            try:
                document = self._ingest(path, sync=sync)
            except (OSError, UploadRejected) as error:
                self.stderr.write(f"{path}: {error}")
                failures += 1
                continue
            except Exception as error:  # one bad file never stops the rest of the batch
                logger.exception("Ingesting %s failed", path)
                self.stderr.write(f"{path}: {error.__class__.__name__}: {error}")
                failures += 1
                continue
            if document.status == Document.Status.FAILED:
                self.stderr.write(f"{path}: {document.error}")
                failures += 1
            self.stdout.write(f"{document.pk}\t{document.status}\t{path}")
        if failures:
            raise CommandError(f"{failures} of {len(paths)} file(s) failed.")

    def _ingest(self, path: Path, *, sync: bool) -> Document:
        upload_size_check(path.stat().st_size)  # before the file is read
        result = document_create(filename=path.name, data=path.read_bytes())
        document = result.document
        if not result.created and document.status == Document.Status.DONE:
            return document
        if sync:
            document_ingest(document_id=document.pk)  # extraction and linking, here
        else:
            ingestion_enqueue(document)  # sent now, or by the beat job once the broker is up
        document.refresh_from_db()
        return document
