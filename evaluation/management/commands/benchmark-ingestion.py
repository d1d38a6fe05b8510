import json
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from evaluation.ingestion_benchmark import OUR_STAGES, file_measure, pdf_generate

STRUCTURE_STAGES = OUR_STAGES[:5]  # what runs before the database: compared with pdfminer.six


class Command(BaseCommand):
    help = (
        "CPU milliseconds per page of each ingestion stage on generated letters of the given "
        "page counts (or on the given PDFs), beside bare pdfminer.six with the project's own "
        "layout parameters and pypdfium2 (plain text, and with character boxes and font "
        "sizes), with the peak memory of the process that ingested each file. Each file runs "
        "in a process of its own; spaCy's loading is not counted. Store and link run in a "
        "transaction that is rolled back, against this database."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("paths", nargs="*", type=Path, help="PDFs (default: generated)")
        parser.add_argument("--pages", default="3,30,300", help="Generated letters' lengths")
        parser.add_argument("--child", type=Path, help="(internal) measure one file, print JSON")

    def handle(self, *args, paths: list[Path], pages: str, child: Path | None, **options):
        if child:
            self.stdout.write(json.dumps(file_measure(child, warm_up=self._generated(2))))
            return
        files = paths or [self._generated(int(count)) for count in pages.split(",")]
        results = [self._measure_in_child(file) for file in files]
        stages = [
            name
            for name in ("pdfminer.six", "pypdfium2 text", "pypdfium2 boxes", *OUR_STAGES)
            if name in results[0]["seconds"]
        ]
        header = f"{'file':18} {'pages':>5} " + " ".join(f"{name[:12]:>12}" for name in stages)
        self.stdout.write("CPU ms per page")
        self.stdout.write(header + f" {'ours/pdfminer':>14} {'peak MiB':>9} {'ours MiB':>9}")
        for result in results:
            per_page = {k: 1000 * v / result["pages"] for k, v in result["seconds"].items()}
            ours = sum(result["seconds"][name] for name in STRUCTURE_STAGES)
            ratio = ours / result["seconds"]["pdfminer.six"]
            self.stdout.write(
                f"{result['file'][:18]:18} {result['pages']:5d} "
                + " ".join(f"{per_page[name]:12.1f}" for name in stages)
                + f" {ratio:14.2f} {result['peak_rss_mib']:9.0f}"
                + f" {_ours_peak(result):>9}"
            )
        self.stdout.write(
            "ours/pdfminer: extract to annotate (our whole structure stage, pdfminer.six "
            "inside it) over bare pdfminer.six with the same layout parameters. peak MiB: the "
            "process's peak; ours MiB: the highest while our stages ran (what a worker holds), "
            "per stage:"
        )
        for result in results:
            peaks = result.get("stage_peak_mib", {})
            self.stdout.write(
                f"{result['file'][:18]:18} "
                + " ".join(f"{name} {peaks[name]:.0f}" for name in stages if name in peaks)
            )

    def _generated(self, pages: int) -> Path:
        folder = Path(settings.VAR_DIR) / "benchmark-pdfs"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"brief-{pages}-paginas.pdf"
        return path if path.exists() else pdf_generate(pages, path)

    def _measure_in_child(self, path: Path) -> dict:
        output = subprocess.run(
            [sys.executable, "manage.py", "benchmark-ingestion", "--child", str(path)],
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        return json.loads(output.strip().splitlines()[-1])


def _ours_peak(result: dict) -> str:
    """The highest resident memory while our stages ran (Linux only), in MiB."""
    peaks = [result.get("stage_peak_mib", {}).get(name) for name in OUR_STAGES]
    known = [peak for peak in peaks if peak is not None]
    return f"{max(known):.0f}" if known else "-"
