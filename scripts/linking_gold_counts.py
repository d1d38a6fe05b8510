"""Counts of the linking gold per kind and split (no database): questions with a grade-2
passage, with only grade-1 passages, unanswered ([]), and the gold files.

    python scripts/linking_gold_counts.py
"""

import json
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPLIT = ROOT / "tests" / "fixtures" / "linking-gold" / "split.json"
KINDS = ["reply", "topical", "mixed", "negative"]
SPLITS = ["train", "dev", "test"]


def main() -> None:
    split = json.loads(SPLIT.read_text(encoding="utf-8"))
    counts: dict[tuple[str, str], Counter] = {}
    for entry in split["files"]:
        data = json.loads((ROOT / entry["file"]).read_text(encoding="utf-8"))
        row = counts.setdefault((entry["kind"], entry["split"]), Counter())
        row["files"] += 1
        for items in data["answers"].values():
            grades = {item["grade"] for item in items}
            row["grade 2" if 2 in grades else "grade 1 only" if 1 in grades else "unanswered"] += 1
    columns = ["files", "grade 2", "grade 1 only", "unanswered"]
    print(f"{'kind':9} {'split':6} " + " ".join(f"{c:>12}" for c in columns))
    for kind in KINDS:
        for name in [*SPLITS, "all"]:
            row = sum(
                (counts.get((kind, s), Counter()) for s in (SPLITS if name == "all" else [name])),
                Counter(),
            )
            print(f"{kind:9} {name:6} " + " ".join(f"{row[c]:>12}" for c in columns))
    for name in [*SPLITS, "all"]:
        row = sum(
            (c for (_, s), c in counts.items() if name in ("all", s)),
            Counter(),
        )
        print(f"{'all':9} {name:6} " + " ".join(f"{row[c]:>12}" for c in columns))
    print("sets per split:", {name: len(sets) for name, sets in split["sets"].items()})


if __name__ == "__main__":
    main()
