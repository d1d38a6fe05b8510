"""Fuzzing the readers (PDF, HTML/XML, plain text) and the stages after them with
hypothesis, for a bounded number of examples: whatever the bytes, `structure_document`
returns a structure or raises `ExtractionError`, the pipeline's own error with a message for
the clerk. Any other exception is a bug (the ingestion would end "Onverwachte fout").

More examples: `KAMERVRAGEN_FUZZ_EXAMPLES=2000 pytest tests/test_fuzzing.py`.
"""

import io
import os
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from documents.extraction.types import ExtractionError
from documents.pipeline import structure_document

STRUCTURE = Path(__file__).parent / "fixtures" / "structure"
EXAMPLES = int(os.environ.get("KAMERVRAGEN_FUZZ_EXAMPLES", "40"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,  # a PDF takes what pdfminer takes; the bound is the number of examples
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    print_blob=True,
)

# What the stages look for, so generated text reaches them: labels, statements, footnotes,
# markers, page breaks, identifiers, signatures.
PHRASES = [
    "Vraag 1", "Vraag 2, 3 en 4", "Vragen 5 t/m 7", "Antwoord 1", "Antwoord op vraag 2",
    "Vraag 3 en antwoord", "Nader antwoord", "1", "12.", "1 FTM, 8 juni 2023 (https://ftm.nl/x)",
    "2 Kamerstuk 31 934, nr. 77", "Zie het antwoord op vraag 3.", "Zie antwoord 1 en 2.",
    "Vragen van het lid Van der Lee (GroenLinks) aan de Minister van Financiën over scanners "
    "(ingezonden 3 juli 2023).",
    "Antwoord van Minister Kaag (Financiën) (ontvangen 1 augustus 2023)",
    "Mededeling van staatssecretaris De Vries (ontvangen 1 mei 2023)",
    "Aan de Voorzitter van de Tweede Kamer der Staten-Generaal", "Den Haag, 18 september 2020",
    "2023Z11786", "2023D12345", "kst-31934-77", "ah-tk-20222023-3107", "Hoogachtend,",
    "De Minister van Financiën,", "S.A.M. Kaag", "niet»?\ue0001\ue001", "\ue000", "\ue001",
    "\f", " ", "", "\xad", "ﬁ", "-\n", "https://", "www.", "Uw Kamer", "BRIEF VAN",
]  # fmt: skip
TAGS = [
    "p", "div", "span", "sup", "sub", "a", "br", "h1", "h2", "li", "ol", "table", "td", "vraag",
    "antwoord", "nr", "al", "noot", "noot.nr", "noot.al", "tussenkop", "kop", "title", "head",
    "script", "style", "meta", "nav", "body", "html", "svg", "tr",
]  # fmt: skip
CLASSES = ["vraag", "antwoord", "voet", "noot", "nootnum", "broodtekst", "nummer", ""]


def _structure_or_clear_error(data: bytes) -> None:
    try:
        structure_document(data)
    except ExtractionError as error:
        assert str(error).strip()  # a message for the clerk


lines = st.lists(st.one_of(st.sampled_from(PHRASES), st.text(max_size=30)), max_size=40)


@st.composite
def markup(draw, depth: int = 0) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 4 if depth < 3 else 0))):
        if draw(st.booleans()):
            parts.append(draw(st.one_of(st.sampled_from(PHRASES), st.text(max_size=20))))
            continue
        tag = draw(st.sampled_from(TAGS))
        css = draw(st.sampled_from(CLASSES))
        attributes = f' class="{css}"' if css else ""
        if tag == "meta":
            attributes += ' name="DC.identifier" content="' + draw(st.text(max_size=10)) + '"'
        inner = draw(markup(depth + 1))
        closing = draw(st.sampled_from([f"</{tag}>", f"</{tag}>", "", "</p>", "</"]))
        parts.append(f"<{tag}{attributes}>{inner}{closing}")
    return "".join(parts)


@st.composite
def mutated(draw, original: bytes) -> bytes:
    """`original` with a few bytes flipped, cut out, repeated or inserted, or cut short."""
    data = bytearray(original)
    for _ in range(draw(st.integers(1, 8))):
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        span = draw(st.integers(1, 64))
        operation = draw(st.sampled_from(["flip", "cut", "repeat", "insert", "truncate"]))
        if operation == "flip":
            data[at] = draw(st.integers(0, 255))
        elif operation == "cut":
            del data[at : at + span]
        elif operation == "repeat":
            data[at:at] = data[at : at + span]
        elif operation == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=span))
        else:
            del data[at:]
    return bytes(data)


def _small_pdf() -> bytes:
    """A one-page question document with a footnote, streams uncompressed so that mutations
    hit the text operators as well as the structure."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, pageCompression=0)
    y = 800
    for text in [
        "Vragen van het lid Van der Lee aan de Minister (ingezonden 3 juli 2023).",
        "Vraag 1",
        "Gebruikt de Douane scanners van Nuctech?",
        "Antwoord 1",
        "Ja, zie Kamerstuk 31 934, nr. 77.",
    ]:
        pdf.setFont("Helvetica", 11)
        pdf.drawString(72, y, text)
        y -= 16
    pdf.setFont("Helvetica", 7)
    pdf.drawString(72, 60, "1 FTM, 8 juni 2023 (https://ftm.nl/x)")
    pdf.drawString(300, 800 - 16 * 2 + 4, "1")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


SMALL_PDF = _small_pdf()
SEED_HTML = (STRUCTURE / "2014Z07273.html").read_bytes()
SEED_XML = (STRUCTURE / "kst-35537-3.xml").read_bytes()


@FUZZ
@given(st.binary(max_size=4096))
@example(b"")
@example(b"%PDF-")
@example(b"%PDF-1.7\n%%EOF")
@example(b"\xef\xbb\xbf")
@example(b"<")
@example(b"<?xml version='1.0' encoding='nonsense'?><a/>")
@example(b"<?xml version='1.0' encoding='undefined'?><p>Vraag 1</p>")  # was a UnicodeError
def test_any_bytes(data):
    _structure_or_clear_error(data)


@FUZZ
@given(lines, st.sampled_from(["utf-8", "cp1252", "utf-16"]))
def test_plain_text(parts, encoding):
    _structure_or_clear_error("\n".join(parts).encode(encoding, "replace"))


@FUZZ
@given(markup(), st.sampled_from(["<!DOCTYPE html><html><body>", "<?xml version='1.0'?>", ""]))
def test_generated_markup(body, head):
    _structure_or_clear_error((head + body).encode("utf-8", "surrogatepass"))


@FUZZ
@given(st.one_of(mutated(SEED_HTML), mutated(SEED_XML)))
def test_damaged_markup(data):
    _structure_or_clear_error(data)


@FUZZ
@given(mutated(SMALL_PDF))
def test_damaged_pdf(data):
    _structure_or_clear_error(data)


def test_the_small_pdf_itself_is_read():
    structure = structure_document(SMALL_PDF)
    assert [q.number for q in structure.questions] == [1]
