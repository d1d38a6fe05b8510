"""Build the linking gold of issue #16: question documents, mixed letters, the split.

Dev script, run by hand from the repository root:

    python scripts/make_linking_gold.py ../shared/corpus

Writes into tests/fixtures/linking-gold/:
- docs/ID-vragen.txt: the question document of every set the gold uses that
  tests/fixtures/linking/ lacks, in the layout of scripts/make_linking_fixtures.py;
- split.json: every question set assigned to train / dev / test (drawn once, SPLIT_SEED);
- docs/verzamelbrief-SPLIT-NN.txt and gold/SET-vragen--verzamelbrief-SPLIT-NN.json: mixed
  letters ("verzamelbrieven") of real answers of 2-3 sets of one split, shuffled, unnumbered
  and undeclared, with filler paragraphs from other letters; one set of the split is named
  in the gold but left out of the letter (all its questions unanswered), and sometimes one
  answer of an included set is dropped.

The hand-annotated topical and negative gold in gold/ is read, never written. The project
never reads the corpus at run time; only this script does.
"""

import json
import random
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_linking_fixtures import usable_answers  # noqa: E402
from make_structure_fixtures import (  # noqa: E402
    Block,
    Fixture,
    addressee,
    dutch_date,
    question_set_fixture,
    text_lines,
)

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
OUT = FIXTURES / "linking-gold"
DOCS = OUT / "docs"
GOLD = OUT / "gold"
OLD_GOLD = FIXTURES / "gold"
SEED_SET = "2023Z11786"
SPLIT_SEED = 16  # the number; the first seed from here whose split meets SPLIT_NEEDS
MIXED_SEED = 1616
SPLIT_SHARES = {"train": 0.5, "dev": 0.25, "test": 0.25}
# Each split must be able to hold every kind: a reply letter, a topical pair with a grade-2
# answer, a negative, and at least three answer donors from different subjects for mixing.
MIN_DONORS = 3
ROUNDS = 3  # each donor set's answers appear in this many mixed letters, each time other company
DROP_SHARE = 0.3  # share of mixed letters that also leave out one answer of an included set
FILLERS_PER_LETTER = 2
PHRASE_WORDS = 8

# Subject clusters: sets in one cluster answer each other (see the topical gold), so a mixed
# letter never holds two of them; the theme groups clusters a verzamelbrief could join.
CLUSTERS = {
    "scanners-cyber": (
        "security",
        [SEED_SET, "2022Z04510", "2019Z15315", "2020Z18799", "2017Z12365"],
    ),
    "china-academia": ("security", ["2021Z05069", "ah-tk-20182019-1082", "ah-tk-20192020-1091"]),
    "china-politics": ("security", ["2022Z20802", "2021Z05633"]),
    "tracking": (
        "privacy",
        ["2015Z11763", "ah-tk-20142015-2791", "ah-tk-20122013-2229", "2014Z07273"],
    ),
    "face": ("privacy", ["2021Z18416", "ah-tk-20212022-105", "2024Z16676"]),
    "medical": ("privacy", ["2016Z22257", "2016Z01580"]),
    "passport": (
        "privacy",
        ["2010Z15780", "ah-tk-20102011-1337", "ah-tk-20102011-3058", "ah-tk-20142015-1365"],
    ),
    "solar-fire": ("other", ["2021Z09213", "ah-tk-20202021-3233"]),
    "environment": ("other", ["2022Z10576"]),
    "government": ("other", ["2025D04328"]),
}
CLUSTER_OF = {s: c for c, (_, sets) in CLUSTERS.items() for s in sets}
THEME_OF = {s: CLUSTERS[c][0] for s, c in CLUSTER_OF.items()}
THEME_WORDS = {
    "security": "economische veiligheid, kennisveiligheid en de inzet van technologie",
    "privacy": "de bescherming van persoonsgegevens en de inzet van technologie door de overheid",
    "other": "de leefomgeving en de rijksdienst",
}


def load_sets(corpus: Path) -> dict[str, dict]:
    sets = {}
    for path in sorted((corpus / "sets").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        sets[data["id"]] = data
    return sets


def gold_files() -> list[tuple[Path, dict]]:
    """Every gold file but the mixed ones this script writes."""
    files = sorted(OLD_GOLD.glob("*.json")) + sorted(GOLD.glob("*.json"))
    out = []
    for path in files:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("kind") != "mixed":
            out.append((path, data))
    return out


def set_of(locator: dict) -> str:
    if "identifiers" in locator:
        return locator["identifiers"]["zaak"]
    return locator["filename_stem"].removesuffix("-vragen")


def kind_of(path: Path, data: dict) -> str:
    """Old files carry no kind: a set's own letter is a reply, an all-empty file a negative."""
    if "kind" in data:
        return data["kind"]
    if not any(data["answers"].values()):
        return "negative"
    questions, target = set_of(data["questions"]), data["target"]["filename_stem"]
    return "reply" if target == f"{questions}-brief" else "topical"


def question_documents(sets: dict[str, dict], needed: set[str]) -> None:
    """The question documents the linking fixtures lack, laid out as make_linking_fixtures
    lays out its own."""
    for set_id in sorted(needed):
        if set_id == SEED_SET or (FIXTURES / "linking" / f"{set_id}-vragen.txt").exists():
            continue
        data = sets[set_id]
        fixture = question_set_fixture(
            {**data, "kind": "kamervragen_questions_only", "answers": []}
        )
        (DOCS / f"{set_id}-vragen.txt").write_text("\n".join(text_lines(fixture)) + "\n")


def draw_split(all_sets: list[str], kinds: dict[str, set[str]], donors: set[str]) -> dict:
    """Sets shuffled with the first seed from SPLIT_SEED whose split gives every split every
    kind; drawn before any evaluation and never redrawn after one."""
    for seed in range(SPLIT_SEED, SPLIT_SEED + 1000):
        order = sorted(all_sets)
        random.Random(seed).shuffle(order)
        n_train = round(len(order) * SPLIT_SHARES["train"])
        n_dev = round(len(order) * SPLIT_SHARES["dev"])
        split = {
            "train": sorted(order[:n_train]),
            "dev": sorted(order[n_train : n_train + n_dev]),
            "test": sorted(order[n_train + n_dev :]),
        }
        if all(_holds_every_kind(members, kinds, donors) for members in split.values()):
            return {"seed": seed, "sets": split}
    raise SystemExit("no seed gives every split every kind")


def _holds_every_kind(members: list[str], kinds: dict[str, set[str]], donors: set[str]) -> bool:
    own = set(members)
    clusters = {CLUSTER_OF[s] for s in own & donors}
    return (
        all(own & kinds[kind] for kind in ("reply", "topical-direct", "negative"))
        and len(own & donors) >= MIN_DONORS
        and len(clusters) >= 2
    )


def filler_pool(
    sets: dict[str, dict], seed_letter: str, members: list[str]
) -> list[tuple[str, str, str]]:
    """(source, theme, paragraph): paragraphs of letters that answer no question of the
    letter's gold: corpus letters, and answers of this split's sets of another theme."""
    pool = []
    for set_id in members:
        if set_id in sets:
            for answer in answers_of(sets[set_id]):
                pool.extend((set_id, THEME_OF[set_id], p) for p in answer["paragraphs"])
    for paragraph in _letter_paragraphs(seed_letter):
        pool.append(("kamerbrief-31934-scan-en-detectie", "security", paragraph))
    for paragraph in _letter_paragraphs(sets["kst-31934-77"]["text"]):
        pool.append(("kst-31934-77", "security", paragraph))
    for paragraph in _letter_paragraphs(sets["kst-31016-58"]["text"]):
        pool.append(("kst-31016-58", "other", paragraph))
    for answer in usable_answers(sets["openkamer-list-kraanwatercrisis"]):
        for paragraph in answer["text"].split("\n"):
            pool.append(("openkamer-list-kraanwatercrisis", "other", paragraph.strip()))
    return [item for item in pool if len(item[2]) >= 150]


def _letter_paragraphs(text: str) -> list[str]:
    """Whole-sentence body paragraphs of a letter: no headings, footnotes or signature."""
    text = re.sub(r"-\n(?=[a-z])", "", text)
    out = []
    for block in re.split(r"\n\s*\n", text):
        block = " ".join(line.strip() for line in block.splitlines() if line.strip())
        block = re.sub(r"(?<=[a-z.)])\d{1,2}(?=[\s.,]|$)", "", block)  # footnote markers
        if block.endswith(".") and len(block.split()) >= 20 and "http" not in block:
            out.append(block)
    return out


def answers_of(data: dict) -> list[dict]:
    return [
        {**answer, "paragraphs": [p.strip() for p in answer["text"].split("\n") if p.strip()]}
        for answer in usable_answers(data)
    ]


def plan_letters(members: list[str], donors: set[str], rng: random.Random) -> list[list[str]]:
    """Groups of 2-3 donors of different clusters, same theme where the split allows, each
    donor in ROUNDS groups."""
    own = sorted(set(members) & donors)
    letters: list[list[str]] = []
    for _ in range(ROUNDS):
        pool = own[:]
        rng.shuffle(pool)
        while pool:
            first = pool.pop(0)
            size = rng.choice([2, 3])
            group = [first]
            for prefer_theme in (True, False):
                for other in pool[:]:
                    if len(group) == size:
                        break
                    if CLUSTER_OF[other] in {CLUSTER_OF[s] for s in group}:
                        continue
                    if prefer_theme and THEME_OF[other] != THEME_OF[first]:
                        continue
                    group.append(other)
                    pool.remove(other)
            if len(group) == 1:  # the round's last donor borrows a partner already used
                partners = [s for s in own if CLUSTER_OF[s] != CLUSTER_OF[first]]
                group.append(rng.choice(partners))
            letters.append(group)
    return letters


def build_letter(
    name: str,
    group: list[str],
    left_out: str,
    sets: dict[str, dict],
    fillers: list[tuple[str, str, str]],
    rng: random.Random,
) -> tuple[Fixture, dict[str, dict], list[str]]:
    units: list[tuple[str, dict | None, list[str]]] = []  # (set, answer or None, paragraphs)
    dropped = []
    droppable = [s for s in group if len(answers_of(sets[s])) >= 2]
    drop_from = rng.choice(droppable) if droppable and rng.random() < DROP_SHARE else None
    for set_id in group:
        answers = answers_of(sets[set_id])
        if set_id == drop_from:
            gone = rng.choice(answers)
            answers = [a for a in answers if a is not gone]
            dropped.append(f"{set_id}: vraag {', '.join(map(str, gone['numbers']))}")
        units.extend((set_id, answer, answer["paragraphs"]) for answer in answers)
    rng.shuffle(units)
    themes = {THEME_OF[s] for s in [*group, left_out]}
    candidates = [f for f in fillers if f[1] not in themes and f[0] not in group]
    chosen = rng.sample(candidates, min(FILLERS_PER_LETTER, len(candidates)))
    for source, _, paragraph in chosen:
        units.insert(rng.randint(1, len(units)), (source, None, [paragraph]))
    lead = sets[group[0]]
    who = re.sub(r"\s*\(ontvangen[^)]*\)", "", (lead.get("answered_by") or ["de Minister"])[0])
    date = max(sets[s].get("answered") or sets[s]["submitted"] for s in group)
    blocks = [
        Block("Aan de Voorzitter van de Tweede Kamer der Staten-Generaal"),
        Block(f"Den Haag, {dutch_date(date)}"),
        Block(
            "Hierbij informeer ik uw Kamer over de stand van zaken op enkele onderwerpen op het "
            f"terrein van {THEME_WORDS[THEME_OF[group[0]]]}."
        ),
    ]
    for _, _, paragraphs in units:
        blocks.extend(Block(p) for p in paragraphs)
    blocks.append(Block(who[:1].upper() + who[1:] + ","))
    fixture = Fixture(name, f"Tweede Kamer, brief van {addressee([who])}", blocks, {}, {})
    every = [p for _, _, paragraphs in units for p in paragraphs]
    golds = {}
    for set_id in [*group, left_out]:
        answers: dict[str, list[dict]] = {str(q["number"]): [] for q in sets[set_id]["questions"]}
        for unit_set, answer, paragraphs in units:
            if unit_set != set_id or answer is None:
                continue
            for number in answer["numbers"]:
                answers[str(number)].extend(
                    {"phrase": distinctive_phrase(p, every), "grade": 2} for p in paragraphs
                )
        golds[set_id] = {
            "schema": "kamervragen.gold/1",
            "kind": "mixed",
            "questions": {"kind": "questions", "filename_stem": f"{set_id}-vragen"},
            "target": {"kind": "letter", "filename_stem": name},
            "annotator": "scripts/make_linking_gold.py: real answers placed in a mixed letter",
            "notes": (
                "Left out of the letter: all answers of this set."
                if set_id == left_out
                else "Each answer paragraph of this set in the letter is grade 2 for its "
                "question(s); every other question is unanswered by this letter."
            ),
            "answers": dict(sorted(answers.items(), key=lambda item: int(item[0]))),
        }
    sources = [f"{s}: {'left out' if s == left_out else 'answers'}" for s in [*group, left_out]]
    sources += [f"filler: {source}" for source, _, _ in chosen]
    sources += [f"dropped {d}" for d in dropped]
    return fixture, golds, sources


def distinctive_phrase(paragraph: str, every: list[str]) -> str:
    """The shortest leading run of at least PHRASE_WORDS words found in no other paragraph."""
    words = paragraph.split()
    others = [" ".join(p.lower().split()) for p in every if p != paragraph]
    for size in range(min(PHRASE_WORDS, len(words)), len(words) + 1):
        phrase = " ".join(words[:size])
        if not any(phrase.lower() in other for other in others):
            return phrase
    return paragraph


def main(corpus: Path) -> None:
    DOCS.mkdir(parents=True, exist_ok=True)
    GOLD.mkdir(parents=True, exist_ok=True)
    for stale in [*DOCS.glob("verzamelbrief-*.txt"), *GOLD.glob("*--verzamelbrief-*.json")]:
        stale.unlink()
    sets = load_sets(corpus)
    files = [(path, data, kind_of(path, data)) for path, data in gold_files()]
    kinds: dict[str, set[str]] = {"reply": set(), "topical-direct": set(), "negative": set()}
    all_sets: set[str] = set()
    for _, data, kind in files:
        set_id = set_of(data["questions"])
        all_sets.add(set_id)
        if kind == "topical":
            if any(i["grade"] == 2 for items in data["answers"].values() for i in items):
                kinds["topical-direct"].add(set_id)
        else:
            kinds.setdefault(kind, set()).add(set_id)
    donors = {s for s in all_sets if s in sets and answers_of(sets[s])}
    split = draw_split(sorted(all_sets), kinds, donors)
    question_documents(sets, all_sets)

    seed_letter = (FIXTURES / "seeds" / "kamerbrief-31934-scan-en-detectie.txt").read_text()
    rng = random.Random(MIXED_SEED)
    letters = []
    for split_name, members in split["sets"].items():
        fillers = filler_pool(sets, seed_letter, members)
        for index, group in enumerate(plan_letters(members, donors, rng), start=1):
            name = f"verzamelbrief-{split_name}-{index:02d}"
            clusters = {CLUSTER_OF[g] for g in group}
            # The seed questions are no corpus set: their numbers come from the seed PDF.
            apart = [s for s in members if s != SEED_SET and CLUSTER_OF[s] not in clusters]
            left_out = rng.choice(sorted(apart))
            fixture, golds, sources = build_letter(name, group, left_out, sets, fillers, rng)
            (DOCS / f"{name}.txt").write_text("\n".join(text_lines(fixture)) + "\n")
            for set_id, gold in golds.items():
                target = GOLD / f"{set_id}-vragen--{name}.json"
                target.write_text(json.dumps(gold, ensure_ascii=False, indent=1) + "\n")
            letters.append({"letter": name, "split": split_name, "made_of": sources})
            print(name, "; ".join(sources))

    split_of = {s: name for name, members in split["sets"].items() for s in members}
    listing = []
    for path in sorted(OLD_GOLD.glob("*.json")) + sorted(GOLD.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        set_id = set_of(data["questions"])
        listing.append(
            {
                "file": str(path.relative_to(ROOT)),
                "kind": kind_of(path, data),
                "set": set_id,
                "split": split_of[set_id],
            }
        )
    out = {
        "schema": "kamervragen.gold-split/1",
        "rule": (
            "Split by question set: every gold file goes where its question document's set "
            "goes. Drawn once with random.Random(seed), the first seed from "
            f"{SPLIT_SEED} that gives every split a reply letter, a topical pair with a grade-2 "
            f"answer, a negative and {MIN_DONORS} answer donors for mixed letters; drawn before "
            "any evaluation. Test is never used to choose features, weights or thresholds."
        ),
        "seed": split["seed"],
        "sets": split["sets"],
        "mixed_letters": letters,
        "files": listing,
    }
    (OUT / "split.json").write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
