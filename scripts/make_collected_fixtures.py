"""Answer documents and letters that answer two question sets at once, numbered anew per set.

Dev script, run by hand from the repository root:

    python scripts/make_collected_fixtures.py CORPUS_SETS_DIR [--pdf]

From the real questions and answers of two train/dev sets (2014Z07273, 2022Z20802; the
corpus's set JSON) it writes tests/fixtures/collected/: an Aanhangsel answer document whose
header and section headings name each set's zaak number, one whose headings name only the
members, a letter with a "Beantwoording vragen van …" section per set ("Vraag N", "Antwoord
N") and one answering "Antwoord op vraag N" without reprints. The question documents are
tests/fixtures/linking/ID-vragen.txt. With --pdf, the Aanhangsel document also as a PDF.
"""

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "fixtures" / "collected"
SETS = ("2014Z07273", "2022Z20802")
MEMBERS = {
    "2014Z07273": "de leden Gerard Schouw (D66) en Kees Verhoeven (D66)",
    "2022Z20802": "de leden Hanneke van der Werf (D66) en Sjoerd Sjoerdsma (D66)",
}
SUBJECT = {
    "2014Z07273": "het bericht ‘google gaat gebruikers volgen naar de echte winkel’",
    "2022Z20802": "het bericht dat er Chinese politiebureaus in Nederland zijn",
}


def load(directory: Path) -> dict[str, dict]:
    return {zaak: json.loads((directory / f"{zaak}.json").read_text()) for zaak in SETS}


def question_text(item: dict) -> str:
    text = item["text"]
    for marker in item.get("footnote_markers", []):
        text = re.sub(rf"(?<=[?.»’]){marker}$", "", text)
    return text


def answers_text(data: dict, *, reprint: bool, label: str) -> list[str]:
    lines = []
    questions = {q["number"]: q for q in data["questions"]}
    for answer in data["answers"]:
        numbers = answer["numbers"]
        if reprint:
            for number in numbers:
                lines += [f"Vraag {number}", question_text(questions[number])]
        lines += [label.format(n=" en ".join(map(str, numbers))), answer["text"]]
    return lines


def aanhangsel(sets: dict[str, dict], *, zaak: bool) -> str:
    first, second = SETS
    own = (lambda z: f" ({z})") if zaak else (lambda z: "")
    lines = [
        "Tweede Kamer der Staten-Generaal",
        f"Antwoord van Minister Yeşilgöz-Zegerius (Justitie en Veiligheid) op vragen van "
        f"{MEMBERS[first]} over {SUBJECT[first]}{own(first)} en op vragen van "
        f"{MEMBERS[second]} over {SUBJECT[second]}{own(second)} (ontvangen 1 december 2022).",
    ]
    for zaak_number in SETS:
        lines.append(f"Vragen van {MEMBERS[zaak_number]}{own(zaak_number)}")
        lines += answers_text(sets[zaak_number], reprint=True, label="Antwoord {n}")
    return "\n\n".join(lines) + "\n"


def letter(sets: dict[str, dict], *, reprint: bool) -> str:
    lines = [
        "Aan de Voorzitter van de Tweede Kamer der Staten-Generaal",
        "Den Haag, 1 december 2022",
        "Hierbij beantwoord ik, mede namens de Minister van Buitenlandse Zaken, de vragen van "
        f"{MEMBERS[SETS[0]]} en van {MEMBERS[SETS[1]]}.",
    ]
    for zaak_number in SETS:
        lines.append(f"Beantwoording vragen van {MEMBERS[zaak_number]} over {SUBJECT[zaak_number]}")
        label = "Antwoord {n}" if reprint else "Antwoord op vraag {n}"
        lines += answers_text(sets[zaak_number], reprint=reprint, label=label)
    lines += ["De Minister van Justitie en Veiligheid,", "D. Yeşilgöz-Zegerius"]
    return "\n\n".join(lines) + "\n"


def main() -> None:
    sets = load(Path(sys.argv[1]))
    OUT.mkdir(parents=True, exist_ok=True)
    documents = {
        "aanhangsel-zaak.txt": aanhangsel(sets, zaak=True),
        "aanhangsel-leden.txt": aanhangsel(sets, zaak=False),
        "brief-vraag-antwoord.txt": letter(sets, reprint=True),
        "brief-antwoord-op-vraag.txt": letter(sets, reprint=False),
    }
    for name, text in documents.items():
        (OUT / name).write_text(text)
    if "--pdf" in sys.argv:
        sys.path.insert(0, str(ROOT / "scripts"))
        from make_quoted_letters import pdf

        pdf(documents["aanhangsel-zaak.txt"], OUT / "aanhangsel-zaak.pdf")
    print(len(list(OUT.iterdir())), "files in", OUT)


if __name__ == "__main__":
    main()
