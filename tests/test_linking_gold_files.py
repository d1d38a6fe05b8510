"""Every gold file's phrases occur in its target's fixture text, and the split lists every
gold file once (no database: the text files are read as the extractor would join them)."""

import json
import re
import unicodedata
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
SPLIT = FIXTURES / "linking-gold" / "split.json"
QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "«": '"', "»": '"', "\u00ad": ""})
# The first directory holding the stem is the one ingested (linking/kst-31934-77.txt, not
# structure/'s copy).
TEXT_DIRS = ["linking-gold/docs", "linking", "structure", "seeds"]
GOLD_FILES = sorted((FIXTURES / "gold").glob("*.json")) + sorted(
    (FIXTURES / "linking-gold" / "gold").glob("*.json")
)


def normalise(text: str) -> str:
    """As kamervragen.gold.normalise: NFC, lower case, straight quotes, no soft hyphens,
    single spaces."""
    text = unicodedata.normalize("NFC", text).translate(QUOTES).lower()
    return re.sub(r"\s+", " ", text).strip()


def target_texts(locator: dict) -> list[str]:
    """The target's text with line-end hyphens joined and kept: a phrase is in one of them."""
    stem = locator.get("filename_stem") or Path(locator["filename"]).stem
    paths = [
        FIXTURES / d / f"{stem}.txt" for d in TEXT_DIRS if (FIXTURES / d / f"{stem}.txt").exists()
    ]
    assert paths, stem
    text = paths[0].read_text(encoding="utf-8")
    return [normalise(re.sub(r"-\n\s*", join, text)) for join in ("", "-")]


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.name)
def test_every_phrase_is_in_the_target_text(path: Path) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    texts = target_texts(data["target"])
    missing = [
        (number, item["phrase"])
        for number, items in data["answers"].items()
        for item in items
        if not any(normalise(item["phrase"]) in text for text in texts)
    ]
    assert not missing


def test_the_split_lists_every_gold_file_once_by_set() -> None:
    split = json.loads(SPLIT.read_text(encoding="utf-8"))
    listed = [entry["file"] for entry in split["files"]]
    assert sorted(listed) == sorted(str(p.relative_to(FIXTURES.parent.parent)) for p in GOLD_FILES)
    split_of = {s: name for name, sets in split["sets"].items() for s in sets}
    assert len(split_of) == sum(len(sets) for sets in split["sets"].values())
    for entry in split["files"]:
        assert entry["split"] == split_of[entry["set"]]
        assert entry["kind"] in {"reply", "topical", "mixed", "negative"}
