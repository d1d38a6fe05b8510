"""`import-open-data`: recorded Gegevensmagazijn responses (tests/fixtures/open-data) go
through the same ingestion as an upload, once per identifier and once per file."""

import datetime
import json
import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from documents.models import Document
from kamervragen.ingestion.recipe import document_ingest
from kamervragen.models import IngestionOutbox, QuestionSet
from opendata.client import RecordedTransport, documents_url
from opendata.models import ImportedDocument, ImportRun
from opendata.services import open_data_import, open_data_import_since_last

RECORDED = Path(__file__).parent / "fixtures" / "open-data"
SINCE = datetime.datetime(2024, 3, 1, tzinfo=datetime.UTC)


def _import(folder: Path = RECORDED) -> ImportRun:
    return open_data_import(since=SINCE, transport=RecordedTransport(folder))


@pytest.mark.django_db
def test_new_documents_are_stored_with_their_kind_and_queued(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as queued:
        run = _import()
    assert (run.seen, run.created, run.skipped, run.failed, run.error) == (5, 3, 2, 0, "")
    documents = Document.objects.order_by("pk")
    assert [d.kind for d in documents] == ["questions", "answers", "questions"]
    assert all(d.status == Document.Status.QUEUED and d.kind_set_by_user for d in documents)
    assert [d.filename for d in documents] == ["2023D28125.pdf", "2011D07771.pdf", "2016D45126.pdf"]
    assert len(queued) == 3  # one ingestion task each, sent once the rows are committed
    assert IngestionOutbox.objects.count() == 3
    assert ImportedDocument.objects.count() == 4  # the copy's identifier is remembered too
    assert run.last_changed_at == datetime.datetime.fromisoformat("2024-03-08T11:30:00+01:00")


@pytest.mark.django_db
def test_a_second_run_fetches_nothing_again():
    _import()
    transport = RecordedTransport(RECORDED)
    run = open_data_import(since=SINCE, transport=transport)
    assert (run.created, run.skipped, run.failed) == (0, 5, 0)
    assert Document.objects.count() == 3
    assert not [url for url in transport.requested if url.endswith("/resource")]


@pytest.mark.django_db
def test_an_imported_document_goes_through_the_ingestion_of_an_upload():
    _import()
    questions = Document.objects.get(filename="2023D28125.pdf")
    document_ingest(document_id=questions.pk)
    questions.refresh_from_db()
    assert questions.status == Document.Status.DONE
    question_set = QuestionSet.objects.get(zaak_number="2023Z11786")
    assert question_set.questions.count() > 5


@pytest.mark.django_db
def test_a_file_that_cannot_be_fetched_is_left_for_the_next_run(tmp_path):
    folder = tmp_path / "open-data"
    shutil.copytree(RECORDED, folder)
    for name in ("seeds", "structure"):
        shutil.copytree(RECORDED.parent / name, tmp_path / name)
    manifest = json.loads((folder / "manifest.json").read_text())
    missing = next(url for url, file in manifest.items() if file.endswith("nuctech.pdf"))
    del manifest[missing]
    (folder / "manifest.json").write_text(json.dumps(manifest))

    run = _import(folder)
    assert (run.created, run.failed) == (2, 2)  # page 2 repeats the unfetchable document
    assert not ImportedDocument.objects.filter(document_number="2023D28125").exists()
    assert _import().created == 1  # the next run, with the file back, takes it


@pytest.mark.django_db
def test_an_answer_that_is_not_odata_stops_the_run_with_its_reason(tmp_path):
    (tmp_path / "manifest.json").write_text(json.dumps({documents_url(SINCE): "page.json"}))
    (tmp_path / "page.json").write_text("<html>Onderhoud</html>")
    run = _import(tmp_path)
    assert "Onverwacht antwoord" in run.error
    assert run.finished_at is not None and run.seen == 0


@pytest.mark.django_db
def test_the_scheduled_import_continues_where_the_last_run_stopped():
    first = _import()
    requested: list[str] = []

    def transport(url: str) -> bytes:
        requested.append(url)
        return b'{"value": []}'

    run = open_data_import_since_last(transport=transport)
    assert run.since == first.last_changed_at
    assert "ApiGewijzigdOp%20ge%202024-03-08T10%3A30%3A00Z" in requested[0]


@pytest.mark.django_db
def test_the_command_reports_counts_and_fails_on_a_stopped_run(tmp_path, capsys):
    call_command("import-open-data", since="2024-03-01T00:00:00+00:00", replay=RECORDED)
    assert (
        "5 gevonden, 3 nieuw in de wachtrij, 2 al aanwezig, 0 mislukt." in capsys.readouterr().out
    )
    (tmp_path / "manifest.json").write_text("{}")
    with pytest.raises(CommandError, match="Import gestopt"):
        call_command("import-open-data", since="2024-03-01T00:00:00+00:00", replay=tmp_path)
    with pytest.raises(CommandError, match="geen datum"):
        call_command("import-open-data", since="gisteren", replay=RECORDED)


@pytest.mark.django_db
def test_the_scheduled_job_imports_only_when_switched_on(settings, monkeypatch):
    from opendata import tasks

    calls: list[str] = []
    monkeypatch.setattr(tasks, "http_transport", lambda url: calls.append(url) or b'{"value": []}')
    settings.OPEN_DATA_IMPORT = False
    tasks.import_open_data_recent()
    assert calls == [] and not ImportRun.objects.exists()
    settings.OPEN_DATA_IMPORT, settings.OPEN_DATA_IMPORT_HOURS = True, 6
    tasks.import_open_data_recent()
    tasks.import_open_data_recent()  # within six hours of the last run: nothing
    assert len(calls) == 1 and ImportRun.objects.count() == 1
