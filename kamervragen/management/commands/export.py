import json
import sys

from django.core.management.base import BaseCommand

from kamervragen.export import export_all


class Command(BaseCommand):
    help = "Write every document, its structure and all links as JSON (kamervragen.export/1)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--output", "-o", help="File to write; standard output by default.")

    def handle(self, *args, output: str | None = None, **options) -> None:
        data = export_all()
        if output:
            with open(output, "w", encoding="utf-8") as handle:
                json.dump(data, handle, ensure_ascii=False, indent=2)
        else:
            json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
            sys.stdout.write("\n")
