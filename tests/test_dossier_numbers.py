"""A Kamerstuk dossier number is stored in one shape ("31 934", "36 200-XII") however it
was written: by a clerk's correction, in the markup's metadata or an official identifier,
or in a reference, so that a reference finds the document it cites."""

import pytest

from documents.forms import DocumentOverrideForm
from documents.identifiers import dossier_number
from documents.metadata import read_letter_head_line, read_official_identifiers
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


@pytest.mark.parametrize(
    ("header", "dossier", "number"),
    [
        ("Tweede Kamer, vergaderjaar 2022–2023, 36 200 XII, nr. 9", "36 200-XII", "9"),
        ("Tweede Kamer, vergaderjaar 2022–2023, 36 200-XII, nr. 9", "36 200-XII", "9"),
        ("Tweede Kamer, vergaderjaar 2024–2025, 21 501 02, nr. 3", "21 501-02", "3"),
        ("Tweede Kamer, vergaderjaar 2022–2023, 31 934, nr. 52", "31 934", "52"),
    ],
)
def test_a_running_header_keeps_a_part_printed_after_a_space(header, dossier, number):
    """Kamerstukken print a budget chapter as "36 200 XII" in the running header: it was read
    as 36 200, without its number."""
    structure = DocumentStructure(kind="letter")
    read_official_identifiers(header, {}, structure)
    assert structure.identifiers["kamerstuk_dossier"] == dossier
    assert structure.identifiers["kamerstuk_number"] == number


@pytest.mark.parametrize(
    ("line", "dossier", "title"),
    [
        (
            "36 200 XII Vaststelling van de begrotingsstaten van het Ministerie van "
            "Infrastructuur en Waterstaat (XII) voor het jaar 2023",
            "36 200-XII",
            "Vaststelling van de begrotingsstaten van het Ministerie van Infrastructuur en "
            "Waterstaat (XII) voor het jaar 2023",
        ),
        ("36 200 IXB Vaststelling van de begroting", "36 200-IXB", "Vaststelling van de begroting"),
        ("36 200 A Vaststelling van de begroting", "36 200-A", "Vaststelling van de begroting"),
        ("36 200-VII Vaststelling van de begroting", "36 200-VII", "Vaststelling van de begroting"),
        ("31 934 Douane", "31 934", "Douane"),
        ("26 643 ICT in het onderwijs", "26 643", "ICT in het onderwijs"),
        ("32 317 JBZ-Raad", "32 317", "JBZ-Raad"),
    ],
)
def test_a_letter_head_keeps_a_part_printed_after_a_space(line, dossier, title):
    """A budget chapter's letter opens "36 200 XII Vaststelling …": the part went to the
    title. Only a Roman numeral or one capital is a part; a title may open with capitals."""
    structure = DocumentStructure(kind="letter")
    assert read_letter_head_line(line, "letter", structure)
    assert structure.identifiers["kamerstuk_dossier"] == dossier
    assert structure.metadata["dossier_title"] == title
