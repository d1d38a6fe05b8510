"""Word documents (.docx) go through the same stages as PDF and markup: generated here with
python-docx, a footnote added as Word writes one."""

import io
import zipfile

import pytest
from docx import Document as new_docx
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn

from documents.extraction.docx import extract_docx
from documents.extraction.types import ExtractionError
from documents.pipeline import structure_document
from documents.services import document_create
from kamervragen.ingestion.recipe import document_ingest

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
FOOTNOTES_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
INTRO = (
    "Vragen van het lid Jansen (GroenLinks-PvdA) aan de staatssecretaris van Financiën over "
    "douanescanners (ingezonden 12 juni 2023)."
)
QUESTION = "Klopt het dat de Douane scanners van Nuctech gebruikt in de haven van Rotterdam?"


def _docx(*, footnote: str | None = "Buzzfeed News, 27 augustus 2021.") -> bytes:
    document = new_docx()
    document.add_heading("Vragen over douanescanners", level=1)
    document.add_paragraph(INTRO)
    document.add_paragraph("Vraag 1")
    question = document.add_paragraph(QUESTION)
    document.add_paragraph("Vraag 2")
    document.add_paragraph("Wanneer worden de scanners vervangen?")
    document.add_paragraph("Antwoord 1")
    document.add_paragraph("Ja, de Douane gebruikt scanners van Nuctech in de haven.")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Haven", "Rotterdam"
    if footnote:
        run = question.add_run()
        reference = OxmlElement("w:footnoteReference")
        reference.set(qn("w:id"), "7")  # Word's ids need not be the numbers it shows
        run._r.append(reference)
        xml = (
            f'<w:footnotes xmlns:w="{W}"><w:footnote w:id="7"><w:p><w:r>'
            f"<w:t>{footnote}</w:t></w:r></w:p></w:footnote></w:footnotes>"
        )
        part = Part(
            PackURI("/word/footnotes.xml"), FOOTNOTES_TYPE, xml.encode(), document.part.package
        )
        document.part.relate_to(part, RELATIONSHIP_TYPE.FOOTNOTES)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_a_docx_becomes_questions_answers_and_footnotes():
    structure = structure_document(_docx())
    assert structure.metadata["format"] == "docx"
    assert structure.kind == "answers"
    assert [(q.number, q.text) for q in structure.questions][0] == (1, QUESTION)
    assert structure.questions[0].footnote_markers == ["1"]
    assert [(f.marker, f.text) for f in structure.footnotes] == [
        ("1", "Buzzfeed News, 27 augustus 2021.")
    ]
    answers = [p for p in structure.passages if p.role == "answer"]
    assert answers[0].answer_numbers == [1]
    assert "Rotterdam" in answers[-1].text  # table cells are text too


def test_headings_are_marked_and_lines_start_blocks():
    lines = extract_docx(_docx(footnote=None)).pages[0].lines
    assert (lines[0].text, lines[0].bold) == ("Vragen over douanescanners", True)
    assert all(line.starts_block for line in lines)
    assert [line.kind for line in lines].count("footnote") == 0


def test_a_damaged_docx_fails_with_a_reason():
    data = _docx()
    with pytest.raises(ExtractionError, match="Word-bestand"):
        extract_docx(data[: len(data) // 2])


def test_an_external_entity_in_a_docx_is_never_expanded():
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(_docx(footnote=None))) as source,
        zipfile.ZipFile(buffer, "w") as target,
    ):
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "word/document.xml":
                data = data.replace(
                    b"<w:document",
                    b'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><w:document',
                    1,
                ).replace(b"Haven", b"Haven &xxe;")
            target.writestr(item, data)
    try:
        lines = extract_docx(buffer.getvalue()).pages[0].lines
    except ExtractionError:
        return  # refusing the file is as good as not expanding it
    assert not any("root:" in line.text for line in lines)


@pytest.mark.django_db
def test_an_uploaded_docx_is_ingested():
    document = document_create(filename="concept-antwoorden.docx", data=_docx()).document
    assert document.format == "docx"
    document = document_ingest(document_id=document.pk)
    assert document.status == "done", document.error
    assert document.kind == "answers"
    assert document.questions.count() == 2
    assert document.footnotes.get().text == "Buzzfeed News, 27 augustus 2021."


def test_a_letters_head_in_a_table_gives_its_date_and_subject():
    """The ministries' Word letters set "Datum" and "Betreft" beside their values in a table:
    one line each, as printed, so the letter's date and title are read."""
    document = new_docx()
    head = document.add_table(rows=2, cols=2)
    for row, (label, value) in enumerate([("Datum", "21 juli 2025"), ("Betreft", "PFAS")]):
        head.cell(row, 0).text, head.cell(row, 1).text = label, value
    document.add_paragraph("Geachte voorzitter,")
    document.add_paragraph("Met deze brief informeer ik uw Kamer over PFAS.")
    document.add_paragraph("Hoogachtend,")
    document.add_paragraph("de staatssecretaris van Infrastructuur en Waterstaat,")
    buffer = io.BytesIO()
    document.save(buffer)
    structure = structure_document(buffer.getvalue())
    assert structure.kind == "letter"
    assert (structure.date, structure.title) == ("2025-07-21", "PFAS")
    assert [(p.heading, p.text) for p in structure.passages if p.role == "body"] == [
        ("", "Met deze brief informeer ik uw Kamer over PFAS.")
    ]


def test_every_cell_of_a_table_is_read_once():
    """A merged cell is read once; every other cell is read, however many rows the table
    has (a cell was once skipped when Python reused a freed cell's id)."""
    document = new_docx()
    table = document.add_table(rows=40, cols=2)
    for row in range(40):
        table.cell(row, 0).text, table.cell(row, 1).text = f"Kolom {row}", f"Waarde {row}"
    merged = document.add_table(rows=1, cols=3)
    merged.cell(0, 0).merge(merged.cell(0, 1)).text = "Samengevoegd"
    merged.cell(0, 2).text = "Los"
    buffer = io.BytesIO()
    document.save(buffer)
    lines = [line.text for line in extract_docx(buffer.getvalue()).pages[0].lines]
    expected = [text for row in range(40) for text in (f"Kolom {row}", f"Waarde {row}")]
    assert lines == expected + ["Samengevoegd", "Los"]


def test_a_text_box_is_not_read_into_the_paragraph_it_is_anchored_in():
    """A Word letter's column of sender's details is a text box anchored in a paragraph of
    the body (stored twice: for new and for old readers of the file). Before, its lines
    were glued to that paragraph: "Geachte voorzitter,Directie DouaneOns kenmerk …"."""
    document = new_docx()
    paragraph = document.add_paragraph("Geachte voorzitter,")
    box = (
        "<w:txbxContent><w:p><w:r><w:t>Directie Douane</w:t></w:r></w:p>"
        "<w:p><w:r><w:t>Ons kenmerk 2025-0001</w:t></w:r></w:p></w:txbxContent>"
    )
    run = parse_xml(
        f'<w:r xmlns:w="{W}" xmlns:v="urn:schemas-microsoft-com:vml"'
        ' xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
        ' xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        '<mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx>'
        f"{box}</wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox>"
        f"{box}</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
    )
    paragraph._p.append(run)
    document.add_paragraph("Met deze brief informeer ik u over PFAS.")
    buffer = io.BytesIO()
    document.save(buffer)
    lines = [line.text for line in extract_docx(buffer.getvalue()).pages[0].lines]
    assert lines == ["Geachte voorzitter,", "Met deze brief informeer ik u over PFAS."]
