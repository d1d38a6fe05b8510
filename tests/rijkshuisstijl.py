"""A letter laid out as the ministries print their own letters (the Rijkshuisstijl), built
with reportlab for tests: the return address over the addressee, "Datum" and "Betreft" with
a small label beside their value, and beside the body a column of small print with the
sender's details ("Ons kenmerk", "Bijlagen") that comes back on every page with the date
and "Pagina 2 van 3"."""

import io
from collections.abc import Sequence

from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas

BODY_X = 77.0
BODY_WIDTH = 345.0
COLUMN_X = 467.0
BODY_SIZE = 9.5
COLUMN_SIZE = 7.0
LEADING = 13.5
BOTTOM = 70.0
SIGNATURE = ("Hoogachtend,", "de staatssecretaris van Financiën,", "", "A.P. van Oostrum")
FIRST_PAGE_COLUMN = (
    "Korte Voorhout 7",
    "2511 CW  Den Haag",
    "Postbus 20201",
    "2500 EE  Den Haag",
    "www.rijksoverheid.nl/fin",
    "",
    "Ons kenmerk",
    "2025-0000161234",
    "",
    "Uw brief (kenmerk)",
    "",
    "Bijlagen",
    "1",
)
LABELS = {"Ons kenmerk", "Uw brief (kenmerk)", "Bijlagen", "Datum"}


def rijkshuisstijl_letter(
    paragraphs: Sequence[str],
    *,
    subject: str,
    date: str = "21 juli 2025",
    signature: Sequence[str] = SIGNATURE,
    letter: bool = True,
) -> bytes:
    """The PDF of a letter with these paragraphs (one line each; wrapped here); without
    `letter`, of an annex in the same layout (the answers to Kamervragen a ministry sends
    with its letter): no addressee, date, subject or salutation."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, pageCompression=0)
    height = A4[1]
    page = 1
    _column(canvas, FIRST_PAGE_COLUMN, page)
    canvas.setFont("Helvetica", 10)
    canvas.drawString(COLUMN_X - 60, height - 95, "Ministerie van Financiën")  # beside the logo
    y = height - 185
    if letter:
        y = _letter_head(canvas, y, subject, date)
    opening = ("Geachte voorzitter,",) if letter else ()
    for text in (*opening, *paragraphs, *signature):
        for line in simpleSplit(text, "Helvetica", BODY_SIZE, BODY_WIDTH) or [""]:
            if y < BOTTOM:
                canvas.showPage()
                page += 1
                _column(canvas, ("", "Datum", date, "", "Ons kenmerk", "2025-0000161234"), page)
                y = height - 160
            canvas.setFont("Helvetica", BODY_SIZE)
            canvas.drawString(BODY_X, y, line)
            y -= LEADING
        if text:
            y -= LEADING
    canvas.showPage()
    canvas.save()
    return buffer.getvalue().replace(b"{pages}", str(page).encode())


def _letter_head(canvas: Canvas, y: float, subject: str, date: str) -> float:
    """Return address, addressee, date and subject; the height where the body starts."""
    canvas.setFont("Helvetica", 6.5)
    canvas.drawString(BODY_X, y + 25, "> Retouradres Postbus 20201 2500 EE  Den Haag")
    addressee = ("De voorzitter van de Tweede Kamer", "der Staten-Generaal", "Postbus 20018")
    for line in (*addressee, "2500 EA  DEN HAAG"):
        canvas.setFont("Helvetica", BODY_SIZE)
        canvas.drawString(BODY_X, y, line)
        y -= LEADING
    y -= 3 * LEADING
    for label, value in (("Datum", date), ("Betreft", subject)):
        canvas.setFont("Helvetica", COLUMN_SIZE)
        canvas.drawString(BODY_X, y, label)
        canvas.setFont("Helvetica", BODY_SIZE)
        canvas.drawString(BODY_X + 55, y, value)
        y -= LEADING
    return y - 2 * LEADING


def _column(canvas: Canvas, lines: Sequence[str], page: int) -> None:
    y = A4[1] - 160
    canvas.setFont("Helvetica-Bold", COLUMN_SIZE)
    canvas.drawString(COLUMN_X, y, "Directie Douane")
    for line in lines:
        y -= 9
        if line:
            canvas.setFont("Helvetica-Bold" if line in LABELS else "Helvetica", COLUMN_SIZE)
            canvas.drawString(COLUMN_X, y, line)
    canvas.setFont("Helvetica", COLUMN_SIZE)
    canvas.drawString(COLUMN_X, 40, f"Pagina {page} van {{pages}}")  # the total, once known
