"""Golden files for the structure stage: each input's expected structure as JSON.

After a deliberate change to the pipeline, regenerate them and review the diff:

    python -m tests.regenerate_structure
"""

import dataclasses
import json
import os
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"
GOLDEN_INPUTS = sorted(
    path
    for folder in (FIXTURES / "structure", FIXTURES / "seeds")
    for path in folder.iterdir()
    if path.suffix in {".txt", ".pdf", ".html", ".xml"}
)
EXPECTED = FIXTURES / "structure" / "expected"


def expected_path(path: Path) -> Path:
    return EXPECTED / f"{path.name}.json"


def snapshot(path: Path) -> dict:
    """The structure as JSON, without the lemmas (spaCy's lookup table, not our parsing)."""
    from documents.pipeline import structure_document

    structure = dataclasses.asdict(structure_document(path.read_bytes()))
    for item in structure["passages"] + structure["questions"]:
        del item["lemmas"]
    return json.loads(json.dumps(structure))


def main() -> None:
    EXPECTED.mkdir(parents=True, exist_ok=True)
    for path in GOLDEN_INPUTS:
        expected_path(path).write_text(
            json.dumps(snapshot(path), ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
    print(f"{len(GOLDEN_INPUTS)} expected structures written to {EXPECTED}")


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kamervragen.settings")
    import django

    django.setup()
    main()
