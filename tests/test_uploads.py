"""Uploads never fail silently: every file of a batch is stored or refused on its own, with
the reason next to the file field; the format is read from the content, never the name."""

import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from documents.formats import filename_clean, format_refusal, sniff_format
from documents.models import Document
from documents.services import UploadRejected, document_create
from kamervragen.ingestion.recipe import document_ingest
from tests.conftest import SEED_LETTER_PDF

pytestmark = pytest.mark.django_db

LETTER = SEED_LETTER_PDF.read_bytes()
TEXT = b"Aan de Voorzitter van de Tweede Kamer\n\nDe Douane gebruikt scanners.\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + bytes(200)


def _zip(**members: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name.replace("__", "/"), data)
    return buffer.getvalue()


def _post(client, *files: tuple[str, bytes], htmx: bool = True):
    uploads = [SimpleUploadedFile(name, data) for name, data in files]
    headers = {"HX-Request": "true"} if htmx else {}
    return client.post(reverse("documents:upload"), {"files": uploads}, headers=headers)


def _errors(html: str) -> str:
    """The block next to the file field (swapped out of band by htmx)."""
    start = html.index('<div id="upload-errors"')
    return html[start : html.index("</div>\n", start)]


# a batch ------------------------------------------------------------------------------------


def test_an_empty_file_beside_a_good_one_is_reported_and_the_good_one_stored(client_for, clerk):
    response = _post(client_for(clerk), ("brief.pdf", LETTER), ("leeg.pdf", b""))
    assert response.status_code == 200
    assert [d.filename for d in Document.objects.all()] == ["brief.pdf"]
    html = response.content.decode()
    errors = _errors(html)
    assert 'hx-swap-oob="true"' in errors
    assert "leeg.pdf" in errors and "Het bestand is leeg." in errors
    assert 'class="upload-row"' in html and "brief.pdf" in html


def test_without_htmx_the_refusals_stand_next_to_the_field_and_the_good_file_is_kept(
    client_for, clerk
):
    response = _post(client_for(clerk), ("brief.pdf", LETTER), ("setup.exe", EXE), htmx=False)
    assert response.status_code == 200
    html = response.content.decode()
    start = html.index('<form method="post" enctype="multipart/form-data"')
    form = html[start : html.index("</form>", start)]
    assert "setup.exe" in _errors(form) and "programma" in _errors(form)
    assert 'aria-invalid="true"' in form
    assert Document.objects.get().filename == "brief.pdf"


def test_no_file_chosen_is_said_next_to_the_field(client_for, clerk):
    client = client_for(clerk)
    response = client.post(reverse("documents:upload"), {}, headers={"HX-Request": "true"})
    assert response.status_code == 200  # htmx swaps only a 2xx answer
    assert "Kies ten minste één bestand." in _errors(response.content.decode())
    response = client.post(reverse("documents:upload"), {})
    assert response.status_code == 400
    assert "Kies ten minste één bestand." in _errors(response.content.decode())


def test_a_file_over_the_limit_is_refused_before_it_is_stored(client_for, clerk, settings):
    settings.MAX_UPLOAD_SIZE = 1000
    response = _post(client_for(clerk), ("groot.txt", b"tekst " * 500), ("klein.txt", TEXT))
    errors = _errors(response.content.decode())
    assert "groot.txt" in errors and "groter dan" in errors
    assert [d.filename for d in Document.objects.all()] == ["klein.txt"]
    assert len(list((settings.MEDIA_ROOT / "documents").rglob("*.*"))) == 1


# the format, by content ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("setup.exe", EXE, "een programma"),
        ("brief.pdf", EXE, "een programma"),  # the name does not count
        ("archief.zip", _zip(a__b=b"x"), "een ZIP-archief"),
        ("cijfers.xlsx", _zip(xl__workbook_xml=b"<x/>"), "Excel"),
        ("oud.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "oud Office-bestand"),
        ("foto.pdf", b"\x89PNG\r\n\x1a\n" + bytes(100), "afbeelding"),
        ("ruis.pdf", bytes(range(256)) * 20, "geen PDF, Word-, HTML-, XML- of tekstbestand"),
        ("brief.txt", "Brief".encode("utf-16"), "UTF-16 (sla het op als UTF-8)"),
    ],
)
def test_a_file_the_pipeline_cannot_read_is_refused_by_its_content(
    client_for, clerk, name, data, words
):
    response = _post(client_for(clerk), (name, data))
    errors = _errors(response.content.decode())
    assert name in errors and words in errors
    assert not Document.objects.exists()


def test_the_format_is_read_from_the_content():
    assert sniff_format(LETTER) == "pdf"
    assert sniff_format(b"<html><body><p>Brief</p></body></html>") == "html"
    assert sniff_format(TEXT) == "text"
    assert sniff_format("Café in Genève".encode("cp1252")) == "text"
    assert sniff_format(_zip(word__document_xml=b"<w/>")) == "docx"
    assert format_refusal(TEXT) is None
    assert format_refusal(EXE).startswith("Dit bestand is een programma (.exe)")


def test_html_named_pdf_is_stored_as_html(db):
    document = document_create(filename="brief.pdf", data=b"<html><p>Brief</p></html>").document
    assert document.format == "html"
    assert document.file.name.endswith(f"{document.sha256}.html")


# names --------------------------------------------------------------------------------------

LONG_EXTENSION = "x." + "e" * 200


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        (LONG_EXTENSION, LONG_EXTENSION),
        ("a" * 300 + ".pdf", "a" * 251 + ".pdf"),
        ("../../etc/passwd.txt", "passwd.txt"),
        ("..verborgen.txt", "verborgen.txt"),
        ("map\\brief.txt", "brief.txt"),
        ("na\x00am\x07\x1b.txt", "naam.txt"),
        ("\u202etxt.exe", "txt.exe"),
        ("Überprüfung – één café.txt", "Überprüfung – één café.txt"),
    ],
)
def test_any_name_is_stored_under_a_safe_one(client_for, clerk, name, shown):
    response = _post(client_for(clerk), (name, TEXT))
    assert response.status_code == 200, response.content
    document = Document.objects.get()
    assert document.filename == shown
    assert len(document.filename) <= 255
    assert Path(document.file.name).name == f"{document.sha256}.text"
    download = client_for(clerk).get(reverse("documents:file", args=[document.pk]))
    assert download.status_code == 200


def test_an_over_long_extension_beside_a_good_file_stores_both(client_for, clerk):
    response = _post(client_for(clerk), (LONG_EXTENSION, TEXT), ("brief.pdf", LETTER))
    assert response.status_code == 200
    assert sorted(d.filename for d in Document.objects.all()) == sorted(
        [LONG_EXTENSION, "brief.pdf"]
    )
    assert "upload-row" in response.content.decode()


def test_filename_clean_keeps_a_short_extension_when_cutting():
    assert filename_clean("b" * 400 + ".docx").endswith("b.docx")
    assert len(filename_clean("b" * 400 + ".docx")) == 255
    assert filename_clean("  .verborgen  ") == "verborgen"
    assert filename_clean("..") == filename_clean("a/..") == "document"


# manage.py ingest ---------------------------------------------------------------------------


def test_ingest_reports_each_bad_file_and_goes_on(tmp_path, capsys):
    files = {
        "leeg.pdf": b"",
        "setup.exe": EXE,
        LONG_EXTENSION: TEXT,
        "brief.txt": TEXT + b"\nNog een alinea.\n",
    }
    paths = []
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
        paths.append(str(tmp_path / name))
    with pytest.raises(CommandError, match="2 of 4"):
        call_command("ingest", *paths, "--sync")
    out, err = capsys.readouterr()
    assert "leeg.pdf: Het bestand is leeg." in err
    assert "setup.exe: Dit bestand is een programma" in err
    assert "Traceback" not in err
    assert sorted(d.filename for d in Document.objects.all()) == sorted(
        [LONG_EXTENSION, "brief.txt"]
    )
    assert all(d.status == "done" for d in Document.objects.all())


def test_document_create_refuses_what_it_cannot_read(db):
    with pytest.raises(UploadRejected, match="leeg"):
        document_create(filename="x.pdf", data=b"")
    with pytest.raises(UploadRejected, match="programma"):
        document_create(filename="x.pdf", data=EXE)


# "Opnieuw proberen" -------------------------------------------------------------------------


def _status_html(client, document) -> str:
    return client.get(reverse("documents:status", args=[document.pk])).content.decode()


def test_retry_is_offered_only_where_it_can_help(client_for, clerk, monkeypatch):
    client = client_for(clerk)
    broken = document_create(filename="kapot.pdf", data=b"%PDF-1.4\n no pdf at all").document
    broken = document_ingest(document_id=broken.pk)
    assert broken.status == "failed" and not broken.retry_helps
    html = _status_html(client, broken)
    assert broken.error in html.replace("&#x27;", "'")
    assert "Opnieuw proberen" not in html

    def crash(*args, **kwargs):
        raise RuntimeError("database gone")

    monkeypatch.setattr("kamervragen.ingestion.recipe.structure_document", crash)
    crashed = document_create(filename="brief.txt", data=TEXT).document
    with pytest.raises(RuntimeError):
        document_ingest(document_id=crashed.pk)
    crashed.refresh_from_db()
    assert crashed.status == "failed" and crashed.retry_helps
    assert "Opnieuw proberen" in _status_html(client, crashed)


def test_a_scan_without_text_is_not_offered_a_retry(client_for, clerk):
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.rect(100, 100, 200, 200, fill=1)  # a page with no text layer
    pdf.showPage()
    pdf.save()
    scan = document_create(filename="scan.pdf", data=buffer.getvalue()).document
    scan = document_ingest(document_id=scan.pk)
    assert scan.status == "failed" and "tekstlaag" in scan.error
    assert "Opnieuw proberen" not in _status_html(client_for(clerk), scan)


def test_a_file_without_text_that_is_no_pdf_is_not_called_a_scan(clerk):
    """An SVG drawing (XML without text) failed with "geen tekstlaag (een scan): … OCR",
    advice for a scanned PDF only."""
    drawing = b'<svg xmlns="http://www.w3.org/2000/svg"><rect width="10" height="10"/></svg>'
    document = document_create(filename="tekening.svg", data=drawing).document
    document = document_ingest(document_id=document.pk)
    assert document.status == "failed"
    assert "OCR" not in document.error and "scan" not in document.error
    assert "geen tekst" in document.error


@pytest.mark.parametrize(
    "data",
    [LETTER[: len(LETTER) // 3], b"%PDF-1.4\n%%EOF\n"],
    ids=["truncated", "no-pages"],
)
def test_a_damaged_pdf_fails_with_a_reason_and_no_retry(client_for, clerk, data):
    document = document_create(filename="kapot.pdf", data=data).document
    document = document_ingest(document_id=document.pk)
    assert document.status == "failed" and document.error and not document.retry_helps
    assert not document.passages.exists()
    html = _status_html(client_for(clerk), document)
    assert "Opnieuw proberen" not in html
