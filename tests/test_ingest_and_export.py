"""`ingest --sync` of the seed PDFs followed by `export` (the stable command interface)."""

import io
import json
import re

import pytest
from django.core.management import CommandError, call_command

from documents.models import Document
from documents.pipeline import structure_document
from tests.conftest import FIXTURES, SEED_LETTER_PDF, SEED_QUESTIONS_PDF

pytestmark = pytest.mark.django_db


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _seed_questions() -> dict[int, str]:
    """Question texts read straight from the seed text: "Vraag N" up to the next one."""
    raw = (FIXTURES / "seeds" / "kamervragen-2023Z11786-nuctech.txt").read_text()
    raw = re.sub(r"\n\d+ [^\n]*\n(?:[^\n]*\n)?(?= Vraag)", "\n", raw)  # page-bottom footnotes
    raw = re.sub(r"(\w)-\n(\w)", r"\1\2", raw)  # words hyphenated at line ends
    raw = re.sub(r"(?<=[?»])\d(?=\s)", "", raw)  # footnote markers glued to a word
    parts = re.split(r"^ ?Vraag (\d+)\n", raw, flags=re.MULTILINE)
    return {int(n): _normalise(text) for n, text in zip(parts[1::2], parts[2::2], strict=True)}


@pytest.fixture
def exported(tmp_path):
    call_command("ingest", str(SEED_QUESTIONS_PDF), str(SEED_LETTER_PDF), sync=True)
    output = tmp_path / "export.json"
    call_command("export", output=str(output))
    return json.loads(output.read_text())


def test_the_export_has_the_thirteen_seed_questions_with_exact_text(exported):
    assert exported["schema"] == "kamervragen.export/1"
    questions_document = next(d for d in exported["documents"] if d["kind"] == "questions")
    found = {q["number"]: _normalise(q["text"]) for q in questions_document["questions"]}
    assert found == _seed_questions()
    assert len(found) == 13


def test_the_two_question_footnotes_are_attached_to_questions_1_and_5(exported):
    questions_document = next(d for d in exported["documents"] if d["kind"] == "questions")
    with_notes = {
        q["number"]: [f["marker"] for f in q["footnotes"]]
        for q in questions_document["questions"]
        if q["footnotes"]
    }
    assert with_notes == {1: ["1"], 5: ["2"]}
    first = questions_document["questions"][0]["footnotes"][0]
    assert first["urls"] == [
        "https://www.ftm.nl/artikelen/chinese-scanners-in-nederlandse-zee-en-luchthavens"
    ]


def test_passages_hold_no_page_headers_numbers_or_footnote_text(exported):
    for document in exported["documents"]:
        footnote_texts = [f["text"] for f in document["footnotes"]]
        for passage in document["passages"]:
            text = passage["text"]
            assert not re.fullmatch(r"\d+", text), passage
            assert "Tweede Kamer, vergaderjaar" not in text, passage
            for footnote in footnote_texts:
                assert footnote[:40] not in text, (passage, footnote)
    letter = next(d for d in exported["documents"] if d["kind"] == "letter")
    assert len(letter["footnotes"]) == 9
    assert all(f["passage_id"] for f in letter["footnotes"])


def test_the_export_lists_links_with_their_targets(exported):
    assert exported["links"]
    for link in exported["links"]:
        assert set(link) >= {"id", "question_id", "passage_id", "footnote_id", "score"}
        assert link["method"] in {"lexical", "explicit", "reference", "source", "manual"}


def test_ingest_fails_with_the_reason_for_a_file_that_cannot_be_read(tmp_path):
    broken = tmp_path / "kapot.pdf"
    broken.write_bytes(b"%PDF-1.4 no pdf at all")
    stderr = io.StringIO()
    with pytest.raises(CommandError, match="1 of 1"):
        call_command("ingest", str(broken), sync=True, stderr=stderr)
    assert "kapot.pdf: " in stderr.getvalue()


def test_plain_text_and_pdf_give_the_same_questions():
    pdf = structure_document(SEED_QUESTIONS_PDF.read_bytes())
    text = structure_document(SEED_QUESTIONS_PDF.with_suffix(".txt").read_bytes())
    assert [(q.number, q.text) for q in pdf.questions] == [
        (q.number, q.text) for q in text.questions
    ]


def test_odd_pdfs_end_in_a_clear_status():
    odd = FIXTURES / "odd"
    scan = odd / "minvws_woodecision_besluitbrief.pdf"
    thread = odd / "minvws_VWS-WOO-204737_nieuwe_kamervraag_reptielenbeurs.pdf"
    with pytest.raises(CommandError):
        call_command("ingest", str(scan), str(thread), sync=True, stderr=io.StringIO())
    scanned = Document.objects.get(filename=scan.name)
    assert scanned.status == Document.Status.FAILED
    assert "OCR" in scanned.error
    assert not scanned.passages.exists()
    mail = Document.objects.get(filename=thread.name)
    assert (mail.status, mail.kind) == (Document.Status.DONE, Document.Kind.OTHER)
    assert mail.passages.count() > 10


def test_the_export_carries_metadata_references_and_answer_pointers(exported):
    letter = next(d for d in exported["documents"] if d["kind"] == "letter")
    assert letter["metadata"]["signed_by"] == [
        {"role": "Staatssecretaris van Financiën", "name": "A. de Vries"}
    ]
    cited = {(r["kind"], r["dossier"], tuple(r["numbers"])) for r in letter["references"]}
    assert ("kamerstuk", "29 911", (379,)) in cited
    assert all(r["resolved_document_id"] is None for r in letter["references"])
    assert all(r["passage_id"] or r["footnote_id"] for r in letter["references"])
    questions_document = next(d for d in exported["documents"] if d["kind"] == "questions")
    assert questions_document["metadata"]["submitted"] == "2023-06-23"
    for document in exported["documents"]:
        for passage in document["passages"]:
            assert passage["refers_to_numbers"] == []
            assert passage["is_further_answer"] is False
