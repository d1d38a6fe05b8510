"""From an uploaded file to its structure: extract → clean → split_footnotes → segment →
classify → build → annotate.

Each stage is a plain function with a one-line contract. Labels, statements, footnote
markers and references are read by the registered spaCy components in `documents.spacy_pipeline`.
Nothing here touches the database; `documents.services` stores what `structure_document`
returns.
"""

import io
import re
import statistics
from collections.abc import Iterable

from documents.dehyphenation import keeps_hyphen
from documents.dutch_dates import parse_date
from documents.extraction.markup import extract_markup
from documents.extraction.pdf import extract_pdf
from documents.extraction.text import extract_text
from documents.extraction.types import ExtractedText, ExtractionError, Line
from documents.identifiers import ZAAK_NUMBER, find_urls
from documents.references import references_of
from documents.spacy_pipeline import (
    LABELS,
    LEMMAS,
    REFERENCES,
    SENTENCES,
    analyse_line,
    annotate,
    content_lemmas_of,
    may_be_label,
    strip_markers,
    take_markers,
)
from documents.structure import (
    DocumentStructure,
    FootnoteItem,
    Paragraph,
    PassageItem,
    QuestionItem,
)

FOOTNOTE_LINE = re.compile(r"^(\d{1,3})\s+(.*)$")
TERMINAL = re.compile(r"[.?!:;][»”’\")]*$")
COORDINATING = {"en", "of", "tot", "als", "dan", "noch"}
ROLE = r"(?i:Minister|Staatssecretaris|Minister-President)"  # "de staatssecretaris" in old letters
SIGNATURE_START = re.compile(rf"^(?:(?i:Mede namens|Hoogachtend)|[Dd]e {ROLE}\b.*,$)")
# A letter's last line naming who signs, as answers head them: "Minister Donner (Binnenlandse
# Zaken en Koninkrijksrelaties),", "Fred Teeven (staatssecretaris justitie en veiligheid) (VVD),"
SIGNED_NAME = re.compile(
    r"^[A-Z][\w.'’-]*\s+(?:(?:[A-Z][\w.'’-]*|van|der|de|den|ten|ter)\s+){0,5}"
    r"\([^()]{3,150}\)(?:\s*\([^()]{1,30}\))?(?:,?\s[^()]{0,250})?,$"
)
QUESTIONS_INTRO = re.compile(
    r"Vragen van (?:het lid|de leden)\s+(?P<who>.+?)\s+aan de\s+(?P<to>.+?)\s+over\s+"
    r"(?P<about>.+?)\s*\(ingezonden (?P<date>[^)]+)\)",
    re.DOTALL,
)
SUBMITTER_GROUP = re.compile(r"(?P<names>[^()]*?)\s*\((?P<party>[^()]+)\)")  # "A en B (PvdA)"
TOGETHER = re.compile(r"^(?:allen|alle|beiden|beide|allebei)\s+", re.IGNORECASE)
NAME_SEPARATOR = re.compile(r"\s*,\s*|\s+en\s+")
NOTICE_WORDING = re.compile(
    r"niet\s+binnen\s+de\s+(?:gebruikelijke|gestelde)\s+termijn", re.IGNORECASE
)
NAME_PATTERN = (
    r"(?:(?:mw|mevr|dhr|mr|dr|drs|ir|ing|prof)\.\s*)*(?:[A-Z]\.\s?)+(?:[a-z]+\s+)*[A-Z][\w'’-]+"
)
SIGNATORY = re.compile(
    rf"^[Dd]e (?P<role>{ROLE}\b[^.;:]{{0,120}}),(?:\s*(?P<name>{NAME_PATTERN}))?$"
)  # "De Minister van Volksgezondheid, Welzijn en Sport, E.I. Schippers"
NAME = re.compile(rf"^{NAME_PATTERN}$")  # "A. de Vries", "mw. dr. J. Bussemaker"
# A letter's head: addressee, postal address, place and date, reference lines. Matched only
# before the body starts, so "Postbus 20018" is never taken for a section heading.
ADDRESSEE = re.compile(r"^(?:Aan\s+)?[Dd]e\s+Voorzitter\s+van\s+de\s+(?:Tweede|Eerste)\s+Kamer")
SENDER = re.compile(r"^Ministerie\s+(?:van|voor)\s+[^.]{3,80}$")  # the sender's letterhead
PLACE_AND_DATE = re.compile(
    r"^(?:(?:Den Haag|'s-Gravenhage)\s*,?|Datum\s*:?)\s+\d{1,2}\s+[a-z]+\s+\d{4}\.?$"
)
SALUTATION = re.compile(r"^(?:Geachte|Hooggeachte|Beste)\s+[^.,;:]{2,60},?$")  # "Geachte heer,"
ADDRESS_LINE = re.compile(
    r"^(?:Postbus\s+\d+|\d{4}\s?[A-Z]{2}\s+[\w'’ -]{2,30}$|Binnenhof\s+\d+"
    r"|(?:Ons\s+|Uw\s+)?[Kk]enmerk\b|Bijlagen?\s*:)"
)
LIST_ITEM = re.compile(r"^(?:[•·▪◦●\-–*]\s|\(?\d{1,2}[).]\s|\(?[a-z]\)\s)")
RUNNING_HEADER = re.compile(
    r"vergaderjaar\s+(?P<session>\d{4}\s*[–/-]\s*\d{2,4}),\s*(?P<dossier>\d{2}\s?\d{3}"
    r"(?:-[A-Z0-9]+)?)(?:,\s*nr\.\s*(?P<number>\d+))?"
)  # "Tweede Kamer, vergaderjaar 2022–2023, 31 934, nr. 52"
OFFICIAL_ID = re.compile(
    r"\b(?:ah-tk-(?P<ah_session>\d{8})-(?P<ah_number>\d+)"
    r"|kst-(?P<kst_dossier>\d{5}(?:-[A-Z0-9]+)?)-(?P<kst_number>\d+))\b"
)  # identifiers of officielebekendmakingen.nl, printed in the colophon or the page's meta
# "staatssecretaris Van Rij (Financiën), mede namens de minister van Justitie en Veiligheid"
ANSWERERS_SPLIT = re.compile(
    r",?\s+(?:mede\s+namens|en)\s+(?=(?:de\s+)?(?:[Mm]inister|[Ss]taatssecretaris)\b)"
)
KAMERSTUK_HEADING = re.compile(r"^(\d{2} \d{3}(?:-[A-Z0-9]+)?)\s+(.+)$")
LETTER_TITLE = re.compile(r"^(?:Nr\.\s*(\d+)\s+)?(BRIEF VAN (?:DE|HET) .+)$")


# extract ------------------------------------------------------------------------------------


def sniff_format(data: bytes) -> str:
    """Reads the first bytes, returns "pdf", "html", "xml", "text" or "unknown"."""
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if data[:1024].find(b"%PDF-") != -1:
        return "pdf"
    if head.startswith((b"<!doctype html", b"<html")) or b"<html" in head:
        return "html"
    if head.startswith(b"<?xml") or head.startswith(b"<"):
        return "xml"
    if b"\x00" in data[:4096]:
        return "unknown"
    return "text"


def extract(data: bytes, file_format: str) -> ExtractedText:
    """Reads the file's bytes, returns pages of classified lines."""
    if file_format == "pdf":
        return extract_pdf(io.BytesIO(data))
    if file_format == "text":
        return extract_text(data)
    if file_format in {"html", "xml"}:
        return extract_markup(data)
    raise ExtractionError(
        "Dit bestandsformaat wordt niet ondersteund; upload een PDF, HTML-, XML- of tekstbestand."
    )


# clean --------------------------------------------------------------------------------------


def clean(extracted: ExtractedText) -> list[Paragraph]:
    """Reads body lines, returns paragraphs: lines joined, words de-hyphenated, labels apart."""
    body = [line for page in extracted.pages for line in page.lines if line.kind == "body"]
    hyphenated_words = _hyphenated_words(body)
    break_gap = 0.0 if extracted.blank_line_breaks else _paragraph_break_gap(body)
    paragraphs: list[Paragraph] = []
    current: list[Line] = []

    def flush() -> None:
        if current:
            text = _join_lines([line.text for line in current], hyphenated_words)
            paragraphs.append(
                Paragraph(text=text, page=current[0].page, is_heading=_looks_like_heading(current))
            )
            current.clear()

    previous: Line | None = None
    for line in body:
        text = line.text.strip()
        analysed = analyse_line(text) if may_be_label(text) else None
        label = analysed._.qa_label if analysed else None
        if label:
            flush()
            paragraphs.append(
                Paragraph(text=text, page=line.page, label=label, nader=analysed._.nader)
            )
        else:
            if current and (
                line.starts_block
                or (analysed and analysed._.starts_statement)
                or _starts_paragraph(line, previous, current, break_gap)
            ):
                flush()
            current.append(line)
        previous = line
    flush()
    return _keep_lists_together(paragraphs)


def _keep_lists_together(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """A list item ("• …", "1) …", "a) …") stays in the paragraph that opens the list
    ("drie pijlers:") as long as the items before it end open (":", ";", ",")."""
    kept: list[Paragraph] = []
    for paragraph in paragraphs:
        previous = kept[-1] if kept else None
        text = strip_markers(paragraph.text).strip()
        if (
            previous is not None
            and not paragraph.label
            and not previous.label
            and LIST_ITEM.match(text)
            and strip_markers(previous.text).rstrip().endswith((":", ";", ","))
        ):
            previous.text = f"{previous.text} {paragraph.text}"
            previous.is_heading = False
            continue
        kept.append(paragraph)
    return kept


def _paragraph_break_gap(lines: list[Line]) -> float:
    gaps = [line.space_before for line in lines if line.space_before > 0]
    sizes = [line.size for line in lines] or [10.0]
    # the line gap is the lower quartile: a short letter may have more paragraph gaps than
    # line gaps, so the median would be a paragraph gap
    typical = sorted(gaps)[len(gaps) // 4] if len(gaps) > len(lines) / 2 else 0.0
    return typical + 0.5 * statistics.median(sizes)


def _starts_paragraph(line: Line, previous: Line | None, current: list[Line], gap: float) -> bool:
    if previous is None:
        return True
    before = strip_markers(current[-1].text).rstrip()
    if _continues_sentence(before, line.text):
        return False  # a list item or hyphenated word broken over a blank line or a page
    if line.page != previous.page:
        return bool(TERMINAL.search(before))
    if line.bold != previous.bold:
        return True
    return line.space_before > gap


def _continues_sentence(before: str, after: str) -> bool:
    if before.endswith("-") and not before.endswith(" -"):
        return True
    first = after.strip()[:1]
    return first.islower() and not TERMINAL.search(before) and not before.endswith(",")


def _looks_like_heading(lines: list[Line]) -> bool:
    """Headings are short, unpunctuated lines set apart as a paragraph of their own."""
    if len(lines) > 2:
        return False
    text = " ".join(strip_markers(line.text).strip() for line in lines)
    return (
        0 < len(text) <= 120
        and text[0].isupper()
        and not re.search(r"[.,;:?!]$", text)
        and len(text.split()) <= 16
    )


def _hyphenated_words(lines: Iterable[Line]) -> set[str]:
    """Words written with a hyphen inside a line: evidence for keeping one at a line break."""
    words: set[str] = set()
    for line in lines:
        for word in line.text.split()[:-1]:
            if re.search(r"\w-\w", word):
                words.add(word.strip("«»“”‘’\"'(),.;:?!").lower())
    return words


def _join_lines(lines: list[str], hyphenated_words: set[str]) -> str:
    text = ""
    for raw in lines:
        line = raw.strip()
        if not text:
            text = line
        elif text.endswith("-") and not text.endswith(" -") and line:
            text = _join_hyphenated(text, line, hyphenated_words)
        elif text.endswith("/") and find_urls(text.split()[-1]):
            text = text + line  # a URL broken after one of its slashes
        else:
            text = f"{text} {line}"
    return re.sub(r"\s+", " ", text).strip()


def _join_hyphenated(text: str, line: str, hyphenated_words: set[str]) -> str:
    head = text.split()[-1]
    next_word = line.split()[0]
    if find_urls(head) or "/" in head:
        return text + line  # a URL broken at one of its own hyphens
    if next_word.lower().strip(",.;:") in COORDINATING:
        return f"{text} {line}"  # "scan- en detectieapparatuur"
    stem = head.rstrip("-")
    candidate = (head + next_word).strip("«»“”‘’\"'(),.;:?!").lower()
    keep_hyphen = (
        next_word[:1].isupper()
        or next_word[:1].isdigit()
        or stem[-1:].isupper()
        or stem[-1:].isdigit()
        or candidate in hyphenated_words
        or keeps_hyphen(_bare_word(stem), _bare_word(next_word))
    )
    return text + line if keep_hyphen else text[:-1] + line


def _bare_word(word: str) -> str:
    return strip_markers(word).strip("«»“”‘’\"'(),.;:?!")


# split_footnotes ----------------------------------------------------------------------------


def split_footnotes(extracted: ExtractedText) -> list[FootnoteItem]:
    """Reads footnote lines, returns one footnote per number, continuation lines joined."""
    notes: list[FootnoteItem] = []
    parts: list[list[str]] = []
    for page in extracted.pages:
        for line in page.lines:
            if line.kind != "footnote":
                continue
            text = strip_markers(line.text).strip()
            match = FOOTNOTE_LINE.match(text)
            expected = int(notes[-1].marker) + 1 if notes else None
            if match and (expected is None or int(match.group(1)) == expected or not parts):
                notes.append(FootnoteItem(marker=match.group(1), text="", page=page.number))
                parts.append([match.group(2)])
            elif parts:
                parts[-1].append(text)
    for note, lines in zip(notes, parts, strict=True):
        note.text = _join_lines(lines, set())
        note.urls = find_urls(note.text)
    return notes


# segment ------------------------------------------------------------------------------------


def segment(paragraphs: list[Paragraph]) -> list[tuple[Paragraph | None, list[Paragraph]]]:
    """Reads paragraphs, returns (label, paragraphs) units; the first unit has no label."""
    units: list[tuple[Paragraph | None, list[Paragraph]]] = [(None, [])]
    uses_words = any(p.label and p.label[0] != "number" for p in paragraphs)
    for paragraph in paragraphs:
        if (
            not paragraph.label
            and may_be_label(paragraph.text)
            and analyse_line(paragraph.text)._.statement
        ):
            units.append((Paragraph(text="", page=paragraph.page, label=("statement", ())), []))
            units[-1][1].append(paragraph)
        elif paragraph.label and not (uses_words and paragraph.label[0] == "number"):
            units.append((paragraph, []))
        elif paragraph.label:
            units[-1][1].append(Paragraph(text=paragraph.text, page=paragraph.page))
        else:
            units[-1][1].append(paragraph)
    return units


# classify -----------------------------------------------------------------------------------


def classify(extracted: ExtractedText, units: list, footnotes: list[FootnoteItem]) -> str:
    """Reads the units and the full text, returns the document kind."""
    labels = [label.label[0] for label, _ in units if label is not None]
    intro = " ".join(p.text for p in units[0][1][:5])
    all_text = _all_text(extracted)
    if "answer" in labels:
        return "answers"
    if re.search(r"^\s*Mededeling\b", all_text[:3000], re.MULTILINE) or NOTICE_WORDING.search(
        all_text
    ):
        return "notice"
    if labels and (QUESTIONS_INTRO.search(intro) or labels.count("question") >= 2):
        return "questions"
    if re.search(r"Aan de Voorzitter van de Tweede Kamer|BRIEF VAN", all_text[:3000]):
        return "letter"
    signed = any(
        SIGNATURE_START.match(p.text) or SIGNATORY.match(p.text) for p in units[-1][1][-6:]
    )
    if signed and re.search(r"\b(?:uw|Uw) Kamer\b", all_text):
        return "letter"
    if labels.count("number") >= 2 and QUESTIONS_INTRO.search(intro):
        return "questions"
    return "other"


def _all_text(extracted: ExtractedText) -> str:
    return "\n".join(line.text for page in extracted.pages for line in page.lines)


# build --------------------------------------------------------------------------------------


def build(
    kind: str, extracted: ExtractedText, units: list, footnotes: list[FootnoteItem]
) -> DocumentStructure:
    """Turns units into questions, answers and passages, with the document's metadata."""
    structure = DocumentStructure(kind=kind, page_count=len(extracted.pages), footnotes=footnotes)
    all_text = _all_text(extracted)
    zaak = ZAAK_NUMBER.search(all_text) if kind in {"questions", "answers", "notice"} else None
    if zaak:  # in other documents a zaak number cites written questions
        structure.identifiers["zaak"] = zaak.group(1)
    intro, *numbered = units
    structure.passages = _passages(intro[1], kind, structure)
    for label, paragraphs in numbered:
        label_kind, numbers = label.label
        if label_kind == "statement":
            _statement(paragraphs, structure)
        elif label_kind == "answer":
            _answer(label, paragraphs, numbers, structure)
        else:
            _questions(label, paragraphs, numbers, structure)
    if kind in {"questions", "answers", "notice"}:
        _question_set_metadata(structure, " ".join(p.text for p in intro[1][:6]))
    _official_identifiers(all_text, extracted.metadata, structure)  # after the letter's head
    if kind in {"letter", "notice"}:
        _letter_metadata(structure)
    return structure


def _official_identifiers(text: str, metadata: dict, structure: DocumentStructure) -> None:
    """Session and Kamerstuk from the running header, Aanhangsel and Kamerstuk numbers from
    officielebekendmakingen identifiers ("ah-tk-20222023-1107", "kst-31934-52"): first those
    in the markup's own metadata (DC.identifier, OVERHEIDop.aanhangselNummer and
    OVERHEIDop.vergaderjaar, the page title), then those printed in the text."""
    ids = structure.identifiers
    number = re.fullmatch(
        r"(?:ah-tk-\d{8}-)?(\d+)", metadata.get("overheidop.aanhangselnummer", "")
    )
    if number:
        ids["aanhangsel_number"] = number.group(1)
    session = re.fullmatch(
        r"(\d{4})\s*[–/-]\s*(\d{2,4})", metadata.get("overheidop.vergaderjaar", "")
    )
    if session:
        ids["session"] = f"{session.group(1)}/{session.group(2)[-2:]}"
    text = "\n".join([metadata.get("dc.identifier", ""), metadata.get("title", ""), text])
    header = RUNNING_HEADER.search(text)
    if header:
        first, second = re.split(r"\s*[–/-]\s*", header.group("session"))
        ids.setdefault("session", f"{first}/{second[-2:]}")
        dossier = re.sub(r"\s", "", header.group("dossier"))
        ids.setdefault("kamerstuk_dossier", f"{dossier[:2]} {dossier[2:]}")
        if header.group("number"):
            ids.setdefault("kamerstuk_number", header.group("number"))
    for match in OFFICIAL_ID.finditer(text):
        if match.group("ah_number"):
            session = match.group("ah_session")
            ids.setdefault("aanhangsel_number", match.group("ah_number"))
            ids.setdefault("session", f"{session[:4]}/{session[6:]}")
        else:
            dossier = match.group("kst_dossier")
            ids.setdefault("kamerstuk_dossier", f"{dossier[:2]} {dossier[2:]}")
            ids.setdefault("kamerstuk_number", match.group("kst_number"))


def _letter_metadata(structure: DocumentStructure) -> None:
    """The Kamerstuk as cited ("31 934, nr. 52") and who signed, from the signature block."""
    ids = structure.identifiers
    if ids.get("kamerstuk_dossier") and ids.get("kamerstuk_number"):
        ids["kamerstuk"] = f"{ids['kamerstuk_dossier']}, nr. {ids['kamerstuk_number']}"
    signed: list[dict] = []
    for passage in structure.passages:
        if passage.role != "signature":
            continue
        signatory = SIGNATORY.match(passage.text)
        if signatory:
            signed.append({"role": signatory.group("role"), "name": signatory.group("name")})
        elif NAME.match(passage.text) and signed and not signed[-1]["name"]:
            signed[-1]["name"] = passage.text
    if signed:
        structure.metadata["signed_by"] = signed


def _answer(
    label: Paragraph, paragraphs: list[Paragraph], numbers: tuple, structure: DocumentStructure
) -> None:
    text, markers = take_markers("\n\n".join(p.text for p in paragraphs))
    structure.passages.append(
        PassageItem(
            order=len(structure.passages),
            text=text,
            page=paragraphs[0].page if paragraphs else label.page,
            heading=label.text,
            role="answer",
            answer_numbers=list(numbers),
            footnote_markers=markers,
            nader=label.nader or bool(structure.metadata.get("nader_antwoord")),
        )
    )


def _questions(
    label: Paragraph, paragraphs: list[Paragraph], numbers: tuple, structure: DocumentStructure
) -> None:
    """One question per number; a combined heading ("Vraag 3, 4 en 5") over as many
    paragraphs gives each number its paragraph, otherwise the text goes to the first."""
    groups = [[p] for p in paragraphs] if len(paragraphs) == len(numbers) > 1 else [paragraphs]
    for number, group in zip(numbers, groups, strict=False):
        text, markers = take_markers("\n\n".join(p.text for p in group))
        if text:
            page = group[0].page if group else label.page
            structure.questions.append(
                QuestionItem(number=number, text=text, page=page, footnote_markers=markers)
            )


def _statement(paragraphs: list[Paragraph], structure: DocumentStructure) -> None:
    """ "Antwoord van Minister X (ontvangen …)" or "Mededeling van …": who answers and
    when; for a notice the paragraphs after it are the notice itself."""
    head, *rest = paragraphs
    statement = analyse_line(head.text)._.statement
    structure.metadata["answered_by"] = statement["who"]
    structure.metadata["answering_ministers"] = [
        part.strip(" ,") for part in ANSWERERS_SPLIT.split(statement["who"]) if part.strip(" ,")
    ]
    structure.metadata["received"] = statement["received"]
    structure.metadata["statement"] = statement["what"]
    structure.metadata["nader_antwoord"] = statement["nader"] or structure.metadata.get(
        "nader_antwoord", False
    )
    for paragraph, role in [(head, "introduction")] + [(p, "body") for p in rest]:
        passage_text, passage_markers = take_markers(paragraph.text)
        if passage_text:
            structure.passages.append(
                PassageItem(
                    order=len(structure.passages),
                    text=passage_text,
                    page=paragraph.page,
                    role=role,
                    footnote_markers=passage_markers,
                )
            )


def _passages(paragraphs: list[Paragraph], kind: str, structure: DocumentStructure) -> list:
    passages: list[PassageItem] = []
    heading = ""
    in_signature = False
    in_head = kind in {"letter", "notice", "other"}  # a letter's head: until the body starts
    for index, paragraph in enumerate(paragraphs):
        text, markers = take_markers(paragraph.text)
        if not text:
            continue
        if in_head and _letter_head(text, kind, structure):
            continue
        in_signature = in_signature or bool(
            SIGNATURE_START.match(text)
            or SIGNATORY.match(text)
            or (index >= len(paragraphs) - 2 and SIGNED_NAME.match(text))
        )
        if paragraph.is_heading and not in_signature:
            heading = text
            if in_head and kind == "notice" and not structure.title:
                structure.title = text  # "Uitstel antwoorden op Kamervragen over …"
            continue
        in_head = False
        role = "signature" if in_signature else "body"
        if kind in {"questions", "answers", "notice"} and not in_signature:
            role = "introduction"
        passages.append(
            PassageItem(
                order=len(passages),
                text=text,
                page=paragraph.page,
                heading=heading,
                role=role,
                footnote_markers=markers,
            )
        )
    return passages


def _letter_head(text: str, kind: str, structure: DocumentStructure) -> bool:
    """Consumes a line of a letter's head (dossier and title of a Kamerstuk, addressee,
    sending ministry, postal address, place and date, reference lines) into the metadata."""
    if kind == "letter":
        dossier = KAMERSTUK_HEADING.match(text)
        if dossier and "kamerstuk_dossier" not in structure.identifiers:
            structure.identifiers["kamerstuk_dossier"] = dossier.group(1)
            structure.metadata["dossier_title"] = dossier.group(2)
            return True
        title = LETTER_TITLE.match(text)
        if title:
            if title.group(1):
                structure.identifiers["kamerstuk_number"] = title.group(1)
            structure.title = title.group(2).capitalize().replace("financiën", "Financiën")
            return True
    if ADDRESSEE.match(text):
        structure.metadata["addressee"] = text
        return True
    if SENDER.match(text) and "sender" not in structure.metadata:
        structure.metadata["sender"] = text
        return True
    if PLACE_AND_DATE.match(text):
        date = parse_date(text)
        structure.date = structure.date or (date.isoformat() if date else None)
        return True
    return bool(ADDRESS_LINE.match(text) or SALUTATION.match(text))


def _question_set_metadata(structure: DocumentStructure, intro: str) -> None:
    match = QUESTIONS_INTRO.search(intro)
    if not match:
        return
    submitted = parse_date(match.group("date"))
    structure.date = submitted.isoformat() if submitted else None
    structure.metadata["submitted"] = structure.date
    about = re.sub(r"\s+", " ", match.group("about")).strip()
    structure.title = about[:1].upper() + about[1:]
    structure.metadata["submitters"] = _submitters(match.group("who"))
    structure.metadata["addressed_to"] = [
        re.sub(r"^de\s+", "", part.strip())
        for part in re.split(r"\s+en\s+(?=de\s+[A-Z])", re.sub(r"\s+", " ", match.group("to")))
    ]


def _submitters(who: str) -> list[dict]:
    """ "Rajkowski (VVD), Gündoğan (Gündoğan) en Brekelmans (VVD)", "De Roon, Beertema en
    Fritsma (allen PVV)", "Leijten en Van Gerven": each name with the party in the first
    parenthesis after it ("allen", "beiden" dropped), or "" where none follows. A member who
    left a party sits as a group of one under their own name: "Gündoğan (Gündoğan)"."""
    who = re.sub(r"\s+", " ", who).strip()
    found: list[dict] = []
    last = 0
    for match in SUBMITTER_GROUP.finditer(who):
        party = TOGETHER.sub("", match.group("party").strip())
        found += [{"name": name, "party": party} for name in _names(match.group("names"))]
        last = match.end()
    return found + [{"name": name, "party": ""} for name in _names(who[last:])]


def _names(text: str) -> list[str]:
    text = re.sub(r"^(?:,|en\b)\s*", "", text.strip())
    return [name for name in NAME_SEPARATOR.split(text) if name]


# annotate -----------------------------------------------------------------------------------


def annotate_structure(structure: DocumentStructure) -> None:
    """Runs passages, questions and footnotes through the spaCy pipeline, each through the
    components its fields need: passages get lemmas, sentence starts and references (and,
    for answers, the other answers they refer to), questions lemmas, footnotes references."""
    own_zaak = structure.identifiers.get("zaak")

    def references(doc) -> list:  # the document's own zaak number in its header is none
        return [r for r in references_of(doc) if not (r.kind == "zaak" and r.text == own_zaak)]

    answers = [p for p in structure.passages if p.role == "answer"]
    others = [p for p in structure.passages if p.role != "answer"]
    passage_components = (SENTENCES, LEMMAS, REFERENCES)
    for items, components in (
        (answers, (*passage_components, LABELS)),
        (others, passage_components),
        (structure.questions, (LEMMAS,)),
        (structure.footnotes, (REFERENCES,)),
    ):
        docs = annotate([item.text for item in items], components=components)
        for item, doc in zip(items, docs, strict=True):
            if LEMMAS in components:
                item.lemmas = content_lemmas_of(doc)
            if SENTENCES in components:
                item.sentence_starts = [sentence.start_char for sentence in doc.sents]
            if REFERENCES in components:
                item.references = references(doc)
            if LABELS in components:
                own = set(item.answer_numbers)
                item.refers_to_numbers = [n for n in doc._.refers_to_numbers if n not in own]


# the recipe ---------------------------------------------------------------------------------


def structure_document(data: bytes, *, kind: str | None = None) -> DocumentStructure:
    """Runs every stage on a file's bytes; `kind` overrides the detected document kind.

    extract → clean → split_footnotes → segment → classify → build → annotate."""
    file_format = sniff_format(data)
    extracted = extract(data, file_format)
    if not extracted.has_text_layer:
        raise ExtractionError(
            "Dit document heeft geen tekstlaag (een scan): het moet eerst met OCR worden "
            "omgezet naar tekst."
        )
    paragraphs = clean(extracted)
    footnotes = split_footnotes(extracted)
    units = segment(paragraphs)
    detected = classify(extracted, units, footnotes)
    structure = build(kind or detected, extracted, units, footnotes)
    annotate_structure(structure)
    structure.metadata["detected_kind"] = detected
    structure.metadata["format"] = file_format
    return structure
