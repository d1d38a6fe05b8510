"""A Kamerstuk dossier number is stored in one shape ("31 934", "36 200-XII") however it
was written: by a clerk's correction, in the markup's metadata or an official identifier,
or in a reference, so that a reference finds the document it cites."""

import pytest

from documents.forms import DocumentOverrideForm
from documents.identifiers import dossier_number
from documents.metadata import read_official_identifiers
from documents.references import find_references
from documents.structure import DocumentStructure


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        ("31934", "31 934"),
        ("31 934", "31 934"),
        (" 31 934 ", "31 934"),
        ("36200-XII", "36 200-XII"),
        ("36 200-XII", "36 200-XII"),
        ("36200-xii", "36 200-XII"),
        ("36 200 - VII", "36 200-VII"),
        ("36200XII", "36 200-XII"),
        ("21 501-02", "21 501-02"),
    ],
)
def test_a_dossier_number_is_written_as_references_write_it(written, stored):
    assert dossier_number(written) == stored


@pytest.mark.parametrize(
    "written",
    # "31.934": a number with a thousands separator, which no place ever took for a dossier
    ["", "abc", "3193", "31.934", "31  934", "31934-ABCDEFG", "31934-", "Kamerstuk 31934"],
)
def test_what_is_no_dossier_number_is_none(written):
    assert dossier_number(written) is None


@pytest.mark.parametrize("written", ["36200-XII", "36 200-XII"])
def test_a_correction_the_markup_an_identifier_and_a_reference_store_a_dossier_alike(written):
    form = DocumentOverrideForm({"kamerstuk_dossier": written, "kamerstuk_number": "9"})
    assert form.is_valid(), form.errors
    meta, header, identifier = (DocumentStructure(kind="letter") for _ in range(3))
    read_official_identifiers(
        "", {"overheidop.dossiernummer": written, "overheidop.ondernummer": "9"}, meta
    )
    read_official_identifiers(f"Tweede Kamer, vergaderjaar 2022–2023, {written}, nr. 9", {}, header)
    read_official_identifiers("kst-36200-XII-9", {}, identifier)
    [reference] = find_references(f"Kamerstuk {written}, nr. 9")
    assert {
        form.cleaned_data["kamerstuk_dossier"],
        meta.identifiers["kamerstuk_dossier"],
        header.identifiers["kamerstuk_dossier"],
        identifier.identifiers["kamerstuk_dossier"],
        reference.dossier,
    } == {"36 200-XII"}
