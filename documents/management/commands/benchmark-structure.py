import time
from collections import deque
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from pdfminer.high_level import extract_pages

from documents.extraction.pdf import extract_pdf
from documents.pipeline import structure_document


class Command(BaseCommand):
    help = (
        "Pages per second on the given PDFs: bare pdfminer.six extract_pages (default "
        "layout parameters), our PDF stage (extract_pdf) and the whole structure stage. "
        "Each stage first runs once on the first file, untimed, so that loading the spaCy "
        "pipeline (a one-time start-up cost of a worker) is not counted as throughput. "
        "Times are CPU seconds of this process, so that other work on the machine does not "
        "skew the comparison."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("paths", nargs="+", help="PDF files or folders holding them")
        parser.add_argument("--repeat", type=int, default=1)

    def handle(self, *args, paths: list[str], repeat: int = 1, **options) -> None:
        files = [
            file
            for path in map(Path, paths)
            for file in (sorted(path.glob("*.pdf")) if path.is_dir() else [path])
        ]
        if not files:
            raise CommandError("Geen PDF's gevonden.")
        pages = sum(len(extract_pdf(file).pages) for file in files) * repeat
        stages = {
            "pdfminer extract_pages": lambda data, file: deque(extract_pages(file), maxlen=0),
            "our PDF stage": lambda data, file: extract_pdf(file),
            "whole structure stage": lambda data, file: structure_document(data),
        }
        self.stdout.write(f"{len(files)} PDF's, {pages} pages")
        for name, run in stages.items():
            run(files[0].read_bytes(), files[0])  # warm-up
            started = time.process_time()
            for _ in range(repeat):
                for file in files:
                    run(file.read_bytes(), file)
            seconds = time.process_time() - started
            self.stdout.write(f"{name:24} {pages / seconds:8.1f} pages/s ({seconds:.2f} s CPU)")
