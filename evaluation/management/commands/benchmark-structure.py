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
        "layout parameters), our PDF stage (extract_pdf) and the whole structure stage, and "
        "how much the whole structure stage adds on top of pdfminer.six. Each stage first "
        "runs once on the first file, untimed, so that loading the spaCy pipeline (a one-time "
        "start-up cost of a worker) is not counted as throughput. Times are CPU seconds of "
        "this process; the stages take turns file by file, and each stage's fastest of the "
        "--repeat passes is reported (as timeit does), so that other work on the machine "
        "skews the comparison as little as possible."
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
        pages = sum(len(extract_pdf(file).pages) for file in files)
        stages = {
            "pdfminer extract_pages": lambda data, file: deque(extract_pages(file), maxlen=0),
            "our PDF stage": lambda data, file: extract_pdf(file),
            "whole structure stage": lambda data, file: structure_document(data),
        }
        passes: dict[str, list[float]] = {name: [] for name in stages}
        for run in stages.values():
            run(files[0].read_bytes(), files[0])  # warm-up
        for _ in range(max(repeat, 1)):
            spent = dict.fromkeys(stages, 0.0)
            for file in files:
                data = file.read_bytes()
                for name, run in stages.items():
                    started = time.process_time()
                    run(data, file)
                    spent[name] += time.process_time() - started
            for name, seconds in spent.items():
                passes[name].append(seconds)
        self.stdout.write(f"{len(files)} PDF's, {pages} pages, fastest of {max(repeat, 1)} passes")
        for name, timings in passes.items():
            best = min(timings)
            self.stdout.write(f"{name:24} {pages / best:8.1f} pages/s ({best:.2f} s CPU)")
        bare, whole = min(passes["pdfminer extract_pages"]), min(passes["whole structure stage"])
        self.stdout.write(f"whole structure stage over pdfminer.six: {whole / bare - 1:+.0%}")
