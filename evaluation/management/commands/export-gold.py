"""`python manage.py export-gold [--output-dir DIR]`: curators' decisions as gold files."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand

from evaluation.link_gold import gold_export, gold_filename


class Command(BaseCommand):
    help = "Write confirmed, manual and rejected links as gold files (kamervragen.gold/1)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--output-dir", type=Path, default=Path("."))

    def handle(self, *args, output_dir: Path, **options) -> None:
        output_dir = Path(output_dir)
        output_dir.mkdir(parents=True, exist_ok=True)
        for data in gold_export():
            path = output_dir / gold_filename(data)
            path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
            answered = sum(1 for items in data["answers"].values() if items)
            self.stdout.write(f"{path}\t{answered} vragen")
