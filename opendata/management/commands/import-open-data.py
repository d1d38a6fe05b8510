import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from opendata.client import BASE_URL, RecordedTransport, http_transport
from opendata.services import open_data_import


class Command(BaseCommand):
    help = (
        "Fetches the written questions, answers and postponement notices changed since "
        "--since from the Tweede Kamer's open data (Gegevensmagazijn, OData v4) and queues "
        "each new one for ingestion, as an upload would be. A document already imported (by "
        "its identifier there) or already stored (by SHA-256) is skipped. --replay FOLDER "
        "answers from recorded responses instead of the network."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--since", required=True, help="YYYY-MM-DD or an ISO moment")
        parser.add_argument("--replay", type=Path, help="Folder with manifest.json")
        parser.add_argument("--base-url", default=BASE_URL)

    def handle(self, *args, since: str, replay: Path | None, base_url: str, **options) -> None:
        try:
            moment = datetime.datetime.fromisoformat(since)
        except ValueError as error:
            raise CommandError(f"--since: geen datum: {since}") from error
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        transport = RecordedTransport(replay) if replay else http_transport
        run = open_data_import(since=moment, transport=transport, base_url=base_url)
        self.stdout.write(
            f"{run.seen} gevonden, {run.created} nieuw in de wachtrij, {run.skipped} al "
            f"aanwezig, {run.failed} mislukt."
        )
        if run.error:
            raise CommandError(f"Import gestopt: {run.error}")
        if run.failed:
            raise CommandError(f"{run.failed} document(en) niet opgehaald of geweigerd.")
