"""What ingesting a PDF costs, stage by stage, beside bare pdfminer.six and pypdfium2
(`benchmark-ingestion`).

PDFs of any length are generated from the letters in `tests/fixtures/linking/` (headings,
paragraphs and footnotes, laid out like a Kamerbrief) with reportlab. Each file is measured
in a process of its own, so the peak memory reported is that file's: read the bytes, then
bare pdfminer.six with the project's own layout parameters, pypdfium2's plain text (the
ceiling of a C reader), pypdfium2 with each character's box and font size (what our reader
takes from pdfminer.six), and our stages: extract, clean (dehyphenation, paragraphs),
segment (footnotes, questions and answers), build (kind, passages), annotate (spaCy:
sentences, lemmas, references), store and link (in a transaction that is rolled back).
"""

import random
import resource
import time
from collections import deque
from collections.abc import Callable
from pathlib import Path

from django.db import transaction

FIXTURE_LETTERS = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "linking"
OUR_STAGES = ("extract", "clean", "segment", "build", "annotate", "store", "link")


def pdf_generate(pages: int, path: Path, *, seed: int = 1) -> Path:
    """A letter of `pages` pages: paragraphs of the fixture letters with a heading now and
    then and a footnote on every page."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    rng = random.Random(seed)
    paragraphs = [
        " ".join(block.split())
        for file in sorted(FIXTURE_LETTERS.glob("*-brief.txt"))
        for block in file.read_text(encoding="utf-8").split("\n\n")
        if len(block) > 200
    ]
    width, height = A4
    canvas = Canvas(str(path), pagesize=A4)
    for page in range(1, pages + 1):
        canvas.setFont("Helvetica", 8)
        canvas.drawString(
            85, height - 40, f"Tweede Kamer, vergaderjaar 2025–2026, 31 934, nr. {page}"
        )
        y = height - 80
        if page % 3 == 1:
            canvas.setFont("Helvetica-Bold", 10)
            canvas.drawString(85, y, f"{page // 3 + 1}. {rng.choice(paragraphs)[:60].rstrip()}")
            y -= 22
        canvas.setFont("Helvetica", 9.5)
        while y > 140:
            for line in _lines(rng.choice(paragraphs), 95):
                if y <= 140:
                    break
                canvas.drawString(85, y, line)
                y -= 12
            y -= 6
        canvas.setFont("Helvetica", 7)
        canvas.drawString(85, 100, f"{page} Kamerstukken II 2024/25, 31 934, nr. {page + 40}")
        canvas.drawString(300, 60, str(page))
        canvas.showPage()
    canvas.save()
    return path


def _lines(text: str, width: int) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        if len(line) + len(word) + 1 > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return [*lines, line]


def file_measure(path: Path, *, warm_up: Path) -> dict:
    """Seconds per stage for one file, and this process's peak memory; run in a fresh
    process per file. `warm_up` (a short PDF) goes through every stage first, so that what
    is loaded once per worker (spaCy, word lists, the link model) is not counted."""
    _stages_run(warm_up)
    _STAGE_PEAKS.clear()
    timings, pages = _stages_run(path)
    return {
        "file": path.name,
        "pages": pages,
        "seconds": timings,
        "peak_rss_mib": max(
            resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, *_STAGE_PEAKS.values()
        ),
        "stage_peak_mib": dict(_STAGE_PEAKS),
    }


def _stages_run(path: Path) -> tuple[dict[str, float], int]:
    from pdfminer.high_level import extract_pages

    from documents import pipeline
    from documents.extraction.pdf import LAPARAMS

    data = path.read_bytes()
    timings: dict[str, float] = {}
    _timed(timings, "pdfminer.six", lambda: deque(extract_pages(path, laparams=LAPARAMS), 0))
    reader = _pdfium_readers()
    if reader:
        plain, boxes = reader
        _timed(timings, "pypdfium2 text", lambda: plain(data))
        _timed(timings, "pypdfium2 boxes", lambda: boxes(data))
    extracted = _timed(timings, "extract", lambda: pipeline.extract(data, "pdf"))
    paragraphs = _timed(timings, "clean", lambda: pipeline.clean(extracted))
    footnotes, units = _timed(
        timings,
        "segment",
        lambda: (pipeline.split_footnotes(extracted), pipeline.segment(paragraphs)),
    )
    structure = _timed(
        timings,
        "build",
        lambda: pipeline.build(
            pipeline.classify(extracted, units, footnotes), extracted, units, footnotes
        ),
    )
    _timed(timings, "annotate", lambda: pipeline.annotate_structure(structure))
    _store_and_link(timings, path, data, structure)
    return timings, len(extracted.pages)


def _store_and_link(timings: dict[str, float], path: Path, data: bytes, structure) -> None:
    import hashlib

    from documents.models import Document
    from documents.services import document_store_structure
    from kamervragen.ingestion.question_sets import questions_store
    from kamervragen.linking.recipe import links_suggest_for_document

    with transaction.atomic():
        document = Document.objects.create(
            filename=path.name,
            sha256=hashlib.sha256(data + b"benchmark").hexdigest(),
            kind=structure.kind,
            status=Document.Status.PROCESSING,
        )

        def store() -> None:
            document_store_structure(document=document, structure=structure)
            questions_store(document=document, structure=structure)

        _timed(timings, "store", store)
        _timed(timings, "link", lambda: links_suggest_for_document(document))
        transaction.set_rollback(True)


def _timed(timings: dict[str, float], name: str, run: Callable):
    _peak_reset()
    started = time.process_time()
    result = run()
    timings[name] = time.process_time() - started
    peak = _peak_mib()
    if peak is not None:
        _STAGE_PEAKS[name] = peak
    return result


# The peak resident memory of each stage (Linux: VmHWM, reset before the stage), so that the
# readers measured beside ours do not hide which of our stages holds the most.
_STAGE_PEAKS: dict[str, float] = {}


def _peak_reset() -> None:
    try:
        with open("/proc/self/clear_refs", "w") as clear:
            clear.write("5")
    except OSError:
        pass


def _peak_mib() -> float | None:
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def _pdfium_readers() -> tuple[Callable, Callable] | None:
    try:
        import pypdfium2
        import pypdfium2.raw as raw
    except ImportError:
        return None

    def plain(data: bytes) -> None:
        for page in pypdfium2.PdfDocument(data):
            page.get_textpage().get_text_range()

    def boxes(data: bytes) -> None:
        for page in pypdfium2.PdfDocument(data):
            textpage = page.get_textpage()
            for index in range(textpage.count_chars()):
                textpage.get_charbox(index)
                raw.FPDFText_GetFontSize(textpage, index)
                raw.FPDFText_GetUnicode(textpage, index)

    return plain, boxes
