"""The PDF extractor on the two seed PDFs (made by scripts/make_fixture_pdfs.py), on two
real odd PDFs and on small PDFs drawn here."""

import io
import re
import unicodedata
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.pdfgen.canvas import Canvas

from documents.extraction.pdf import extract_pdf
from documents.extraction.types import (
    FOOTNOTE_MARK_CLOSE,
    FOOTNOTE_MARK_OPEN,
    ExtractedText,
    ExtractionError,
    Line,
)

FIXTURES = Path(__file__).parent / "fixtures"
SEEDS = FIXTURES / "seeds"
QUESTIONS = "kamervragen-2023Z11786-nuctech"
LETTER = "kamerbrief-31934-scan-en-detectie"
SCAN = FIXTURES / "odd" / "minvws_woodecision_besluitbrief.pdf"
EMAIL_THREAD = FIXTURES / "odd" / "minvws_VWS-WOO-204737_nieuwe_kamervraag_reptielenbeurs.pdf"

QUESTION_TITLE = ["Tweede Kamer der Staten-Generaal", "2023Z11786"]
LETTER_TITLE = [
    "31 934 Douane",
    "BRIEF VAN DE STAATSSECRETARIS VAN FINANCIËN",
    "Aan de Voorzitter van de Tweede Kamer der Staten-Generaal",
]
HEADERS = {
    QUESTIONS: ["Tweede Kamer der Staten-Generaal", "2023Z11786"],
    LETTER: ["Tweede Kamer, vergaderjaar 2022–2023, 31 934"],
}


def marker(number: int) -> str:
    return f"{FOOTNOTE_MARK_OPEN}{number}{FOOTNOTE_MARK_CLOSE}"


def unmarked(text: str) -> str:
    return text.replace(FOOTNOTE_MARK_OPEN, "").replace(FOOTNOTE_MARK_CLOSE, "")


def lines_of(extracted: ExtractedText, *kinds: str) -> list[Line]:
    return [line for line in lines_of_all(extracted) if line.kind in kinds]


def lines_of_all(extracted: ExtractedText) -> list[Line]:
    return [line for page in extracted.pages for line in page.lines]


@pytest.fixture(scope="module")
def questions() -> ExtractedText:
    return extract_pdf(SEEDS / f"{QUESTIONS}.pdf")


@pytest.fixture(scope="module")
def letter() -> ExtractedText:
    return extract_pdf(SEEDS / f"{LETTER}.pdf")


@pytest.fixture(scope="module")
def seeds(questions: ExtractedText, letter: ExtractedText) -> dict[str, ExtractedText]:
    return {QUESTIONS: questions, LETTER: letter}


# the seed PDFs ------------------------------------------------------------------------------


def test_page_counts(questions: ExtractedText, letter: ExtractedText) -> None:
    assert [len(questions.pages), len(letter.pages)] == [3, 7]
    assert questions.has_text_layer and letter.has_text_layer


@pytest.mark.parametrize(("name", "title"), [(QUESTIONS, QUESTION_TITLE), (LETTER, LETTER_TITLE)])
def test_every_seed_line_comes_out_in_order(
    seeds: dict[str, ExtractedText], name: str, title: list[str]
) -> None:
    """Body and footnote lines, page by page, are the seed's own lines: same text, same
    breaks, same order (the seed gives a page's footnotes just before the next page)."""
    seed = unicodedata.normalize("NFC", (SEEDS / f"{name}.txt").read_text(encoding="utf-8"))
    expected = [line.strip() for line in seed.split("\n") if line.strip()]
    extracted = [unmarked(line.text) for line in lines_of(seeds[name], "body", "footnote")]
    assert extracted[: len(title)] == title
    assert extracted[len(title) :] == expected


@pytest.mark.parametrize("name", [QUESTIONS, LETTER])
def test_headers_and_page_numbers_are_kept_out_of_the_body(
    seeds: dict[str, ExtractedText], name: str
) -> None:
    for page in seeds[name].pages:
        kinds = {
            kind: [line.text for line in page.lines if line.kind == kind]
            for kind in ("header", "page_number", "footer")
        }
        assert kinds == {"header": HEADERS[name], "page_number": [str(page.number)], "footer": []}
        body = [line for line in page.lines if line.kind == "body"]
        assert all(line.size >= 9.5 for line in body)
        assert not any(re.fullmatch(r"\d+", line.text) for line in body)
        if page.number > 1:  # page 1 opens with a title block that repeats the header text
            assert not set(HEADERS[name]) & {line.text for line in body}


@pytest.mark.parametrize("name", [QUESTIONS, LETTER])
def test_footnote_text_is_not_in_the_body(seeds: dict[str, ExtractedText], name: str) -> None:
    footnotes = {line.text for line in lines_of(seeds[name], "footnote")}
    body = {line.text for line in lines_of(seeds[name], "body")}
    assert footnotes
    assert not footnotes & body
    assert all(line.size < 8 for line in lines_of(seeds[name], "footnote"))


def test_question_footnotes(questions: ExtractedText) -> None:
    footnotes = [(line.page, line.text) for line in lines_of(questions, "footnote")]
    assert footnotes == [
        (
            1,
            "1 FTM, 8 juni 2023 (https://www.ftm.nl/artikelen/chinese-scanners-in-nederlandse-zee-en-",
        ),
        (1, "luchthavens)."),
        (2, "2 The Record, 15 mei 2023 (https://therecord.media/interview-with-bart-groothuis-eu-"),
        (2, "cybersecurity-laws)."),
    ]


def test_letter_has_nine_footnotes_on_their_pages(letter: ExtractedText) -> None:
    starts = [
        (int(match.group(1)), line.page)
        for line in lines_of(letter, "footnote")
        if (match := re.match(r"^(\d) ", line.text))
    ]
    assert starts == [(1, 1), (2, 1), (3, 2), (4, 2), (5, 4), (6, 6), (7, 7), (8, 7), (9, 7)]
    texts = [line.text for line in lines_of(letter, "footnote")]
    assert len(texts) == 18
    assert "Kamerstuk 31 934, nr. 55." in texts  # footnote 8 goes on over a second line
    assert (
        texts[-1] == "2022, respectievelijk Kamerstuk 29 911, nr. 379 en Kamerstuk 24 077, nr. 504."
    )


def test_superscript_markers_are_wrapped(questions: ExtractedText, letter: ExtractedText) -> None:
    question_body = "\n".join(line.text for line in lines_of(questions, "body"))
    assert f"Nederland (nog) niet»?{marker(1)}" in question_body
    assert f"wordt getrokken?{marker(2)}" in question_body
    letter_body = "\n".join(line.text for line in lines_of(letter, "body"))
    for glued in (
        f"aangeboden.{marker(1)}",
        f"19 april 2021.{marker(2)}",
        f"criminele actoren.{marker(3)} Dit",
        f"vertrouwelijk aan{marker(4)}. Reden",
        f"aangeboden{marker(5)}.",
        f"nationale veiligheid{marker(6)} die",
        f"24 maart\n2022.{marker(7)}",
        f"Douane.{marker(8)} Daarbij",
        f"mainports.{marker(9)}",
    ):
        assert glued in letter_body


def test_only_footnote_markers_are_wrapped(questions: ExtractedText, letter: ExtractedText) -> None:
    for extracted, count in ((questions, 2), (letter, 9)):
        text = "\n".join(line.text for page in extracted.pages for line in page.lines)
        wrapped = re.findall(f"{FOOTNOTE_MARK_OPEN}(\\d+){FOOTNOTE_MARK_CLOSE}", text)
        assert wrapped == [str(n) for n in range(1, count + 1)]
    letter_body = "\n".join(line.text for line in lines_of(letter, "body"))
    assert "bijna 22.000 kilo" in letter_body
    assert "Kamerstuk 36 200-V, nr. 26)" in "\n".join(line.text for line in lines_of_all(questions))
    footnote = lines_of(questions, "footnote")[0].text
    assert footnote.startswith("1 FTM, 8 juni 2023")


def test_text_is_nfc(questions: ExtractedText) -> None:
    first = next(line for line in lines_of(questions, "body") if line.text.startswith("Vragen"))
    assert "Gündoğan (Gündoğan)" in first.text
    assert "Gu\u0308ndog\u0306an" not in first.text
    assert all(unicodedata.is_normalized("NFC", line.text) for line in lines_of_all(questions))


def test_line_geometry(questions: ExtractedText) -> None:
    body = lines_of(questions, "body")
    labels = [line for line in body if re.fullmatch(r"Vraag \d+", line.text)]
    assert len(labels) == 13 and all(line.bold for line in labels)
    assert not any(line.bold for line in body if line.text.startswith("Bent u"))
    assert {line.size for line in body[2:]} == {9.5}
    vraag_2 = body.index(next(line for line in body if line.text == "Vraag 2"))
    # a blank line in the seed is a paragraph gap, wider than the gap between lines
    assert body[vraag_2].space_before > 2 * body[vraag_2 + 1].space_before > 0
    assert all(0 <= line.top < 842 and 0 <= line.x0 < 595 for line in lines_of_all(questions))


# odd real PDFs ------------------------------------------------------------------------------


def test_scan_without_text_layer() -> None:
    extracted = extract_pdf(SCAN)
    assert extracted.has_text_layer is False
    assert extracted.pages and all(page.lines == [] for page in extracted.pages)


def test_email_thread_gives_body_lines() -> None:
    extracted = extract_pdf(EMAIL_THREAD)
    assert extracted.has_text_layer
    body = lines_of(extracted, "body")
    assert len(body) > 50
    assert any("Kamervraag" in line.text for line in body)
    assert all(line.text and unicodedata.is_normalized("NFC", line.text) for line in body)


# files that are not readable PDFs -----------------------------------------------------------


def test_not_a_pdf() -> None:
    with pytest.raises(ExtractionError, match="geen PDF"):
        extract_pdf(io.BytesIO((SEEDS / f"{QUESTIONS}.txt").read_bytes()))


def test_truncated_pdf() -> None:
    data = (SEEDS / f"{QUESTIONS}.pdf").read_bytes()
    with pytest.raises(ExtractionError, match="beschadigd"):
        extract_pdf(io.BytesIO(data[: len(data) // 2]))


def test_password_protected_pdf() -> None:
    with pytest.raises(ExtractionError, match="wachtwoord"):
        extract_pdf(io.BytesIO(drawn_pdf(encrypt=StandardEncryption("geheim"))))


# generic rules on a PDF drawn here ----------------------------------------------------------


def drawn_pdf(encrypt: StandardEncryption | None = None) -> bytes:
    """Three pages: a body-size running header, "Pagina N van 3" at the bottom, and a
    footnote whose raised number is glued to its text."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, encrypt=encrypt)
    for number in (1, 2, 3):
        canvas.setFont("Helvetica", 10)
        canvas.drawString(72, 800, "Ministerie van Financiën")
        text = canvas.beginText(72, 700)
        text.setFont("Helvetica", 10)
        text.textOut(f"Tekst op pagina {number} met een noot")
        text.setFont("Helvetica", 6)
        text.setRise(4)
        text.textOut(str(number))
        text.setRise(0)
        text.setFont("Helvetica", 10)
        text.textOut(" en verder 12 jaar.")
        canvas.drawText(text)
        for y in range(680, 400, -12):
            canvas.drawString(72, y, "Een gewone regel lopende tekst van deze brief.")
        note = canvas.beginText(72, 120)
        note.setFont("Helvetica", 5)
        note.setRise(3)
        note.textOut(str(number))
        note.setRise(0)
        note.setFont("Helvetica", 8)
        note.textOut(f"Zie bijlage {number}.")
        canvas.drawText(note)
        canvas.setFont("Helvetica", 10)
        canvas.drawString(450, 40, f"Pagina {number} van 3")
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def test_generic_layout_rules() -> None:
    extracted = extract_pdf(io.BytesIO(drawn_pdf()))
    for page in extracted.pages:
        n = page.number
        kinds = {line.text: line.kind for line in page.lines}
        assert kinds["Ministerie van Financiën"] == "header"  # repeats, though body-size
        assert kinds[f"Pagina {n} van 3"] == "page_number"
        assert kinds[f"{n} Zie bijlage {n}."] == "footnote"  # raised number stays plain
        assert kinds[f"Tekst op pagina {n} met een noot{marker(n)} en verder 12 jaar."] == "body"


def test_a_file_that_cannot_be_opened_is_refused_in_dutch(tmp_path):
    """The reason came from the system in English: "…geopend: No such file or directory."."""
    with pytest.raises(ExtractionError) as refusal:
        extract_pdf(tmp_path / "weg.pdf")
    assert str(refusal.value) == "Het bestand kan niet worden geopend: het ontbreekt op de server."
    with pytest.raises(ExtractionError) as refusal:
        extract_pdf(tmp_path)  # a folder
    assert "het is een map" in str(refusal.value)


def test_a_wide_table_in_small_print_stays_in_the_body() -> None:
    """A table wider than the text, in small print, is no column beside the body (the
    Rijkshuisstijl's column of sender's details, which is left out): its last column,
    beyond the text's right edge, stays with its rows."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4)
    canvas.setFont("Helvetica", 10)
    for y in range(760, 500, -13):
        canvas.drawString(72, y, "Een gewone regel lopende tekst van deze brief over de cijfers.")
    canvas.setFont("Helvetica", 7)
    for row in range(6):
        y = 460 - 11 * row
        for x, cell in (
            (72, f"Regio {row}"),
            (200, f"{row * 12} zaken"),
            (330, "2024"),
            (470, f"{row}%"),
        ):
            canvas.drawString(x, y, cell)
    canvas.setFont("Helvetica", 10)
    canvas.drawString(72, 380, "Na de tabel gaat de brief verder.")
    canvas.showPage()
    canvas.save()
    lines = extract_pdf(io.BytesIO(buffer.getvalue())).pages[0].lines
    assert {line.text: line.kind for line in lines if line.text.endswith("%")} == {
        f"{row}%": "body" for row in range(6)
    }
