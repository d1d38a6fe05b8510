"""Reading the Tweede Kamer's open data (the Gegevensmagazijn's OData v4 API, the service
that `tkapi` wraps): written questions, their answers and postponement notices changed since
a moment, page by page, and each document's file.

The transport is a function from a URL to bytes, so tests replay recorded responses
(`RecordedTransport`) and nothing here needs the network to be tested."""

import datetime
import json
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

BASE_URL = "https://gegevensmagazijn.tweedekamer.nl/OData/v4/2.0"
# The document kinds (`Soort`) that Kamervragen ingests, as the Gegevensmagazijn names them.
SOORTEN = (
    "Schriftelijke vragen",
    "Antwoord schriftelijke vragen",
    "Antwoord schriftelijke vragen (nader)",
    "Mededeling (uitstel antwoord)",
)
PAGE_SIZE = 100
TIMEOUT_SECONDS = 60

Transport = Callable[[str], bytes]


class OpenDataError(Exception):
    """The service answered something this client cannot use."""


@dataclass(frozen=True)
class RemoteDocument:
    tk_id: str
    soort: str
    document_number: str
    title: str
    date: datetime.date | None
    changed_at: datetime.datetime
    content_type: str
    zaak_numbers: tuple[str, ...]

    @property
    def filename(self) -> str:
        extension = {"application/pdf": ".pdf", "text/html": ".html"}.get(self.content_type, "")
        return f"{self.document_number or self.tk_id}{extension}"


def http_transport(url: str) -> bytes:
    request = urllib.request.Request(url, headers={"Accept": "application/json, */*"})
    with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
        return response.read()


def documents_url(since: datetime.datetime, *, base_url: str = BASE_URL) -> str:
    kinds = " or ".join(f"Soort eq '{soort}'" for soort in SOORTEN)
    moment = since.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    params = {
        "$filter": f"({kinds}) and Verwijderd eq false and ApiGewijzigdOp ge {moment}",
        "$orderby": "ApiGewijzigdOp asc",
        "$expand": "Zaak($select=Nummer)",
        "$top": str(PAGE_SIZE),
    }
    return f"{base_url}/Document?{urllib.parse.urlencode(params, quote_via=urllib.parse.quote)}"


def resource_url(tk_id: str, *, base_url: str = BASE_URL) -> str:
    return f"{base_url}/Document({tk_id})/resource"


def documents_changed_since(
    since: datetime.datetime, *, transport: Transport, base_url: str = BASE_URL
) -> Iterator[RemoteDocument]:
    """Every document of the kinds in `SOORTEN` changed since `since`, oldest change first,
    following the service's next-page links."""
    url: str | None = documents_url(since, base_url=base_url)
    while url:
        try:
            page = json.loads(transport(url))
            items = page["value"]
        except (ValueError, KeyError, TypeError) as error:
            raise OpenDataError(f"Onverwacht antwoord van {url}: {error}") from error
        for item in items:
            yield _remote_document(item)
        url = page.get("@odata.nextLink")


def _remote_document(item: dict) -> RemoteDocument:
    try:
        return RemoteDocument(
            tk_id=item["Id"],
            soort=item["Soort"],
            document_number=item.get("DocumentNummer") or "",
            title=item.get("Titel") or item.get("Onderwerp") or "",
            date=_date(item.get("Datum")),
            changed_at=datetime.datetime.fromisoformat(item["ApiGewijzigdOp"]),
            content_type=item.get("ContentType") or "",
            zaak_numbers=tuple(z["Nummer"] for z in item.get("Zaak") or [] if z.get("Nummer")),
        )
    except (KeyError, ValueError, TypeError) as error:
        raise OpenDataError(f"Onvolledig document in het antwoord: {error}") from error


def _date(value: str | None) -> datetime.date | None:
    return datetime.datetime.fromisoformat(value).date() if value else None


class RecordedTransport:
    """Answers from recorded responses: `manifest.json` in `folder` maps each URL to a file
    (relative to the folder). An unrecorded URL is an error, as a network failure would be."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.responses: dict[str, str] = json.loads((folder / "manifest.json").read_text())
        self.requested: list[str] = []

    def __call__(self, url: str) -> bytes:
        self.requested.append(url)
        if url not in self.responses:
            raise OSError(f"Geen opgenomen antwoord voor {url}")
        return (self.folder / self.responses[url]).read_bytes()
