"""A file uploaded again says what was found in it, as it did the first time: the row of a
duplicate read "Al eerder geüpload als notitie.txt … Verwerkt · Overig" without the
"Geen vragen of antwoorden herkend" its first upload showed, so the clerk could not tell a
note from a letter that was linked."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

pytestmark = pytest.mark.django_db

NOTE = "Een aantekening zonder vragen of antwoorden erin.\n"


def test_a_duplicate_upload_shows_what_was_found_in_the_document(client_for, clerk, tmp_path):
    note = tmp_path / "notitie.txt"
    note.write_text(NOTE, encoding="utf-8")
    call_command("ingest", str(note), sync=True)
    again = SimpleUploadedFile("notitie-opnieuw.txt", NOTE.encode())
    response = client_for(clerk).post(
        reverse("documents:upload"), {"files": [again]}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert "Al eerder geüpload als" in html
    assert "Geen vragen of antwoorden herkend" in html
