"""What a document says about itself: a letter's head (addressee, sending ministry, postal
address, place and date), its signatories, the official identifiers (Kamerstuk, Aanhangsel,
session), the question set's submitters and addressees, and an answer's statement ("Antwoord
van Minister X (ontvangen …)"), and the details a web page shows beside a question set.
Reads text, writes `DocumentStructure` fields; no database."""

import re

from documents.dutch_dates import DATE, parse_date
from documents.extraction.types import ExtractedText, Line
from documents.identifiers import SPACED_PART, ZAAK_NUMBER, dossier_number
from documents.structure import DocumentStructure
from documents.titles import SUBJECT_LABEL

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

# What answers and notices say of the questions they answer: "(ingezonden 17 juni 2015)",
# "…, ingezonden op 22 december 2008, kunnen …", "de op 3 juni 2015 ingezonden vragen".
SUBMITTED_ON = re.compile(
    rf"\bingezonden\s+(?:op\s+)?{DATE.pattern}|\bop\s+{DATE.pattern}\s+ingezonden\b",
    re.IGNORECASE,
)
# "Antwoord op vragen van het lid X over Y (ingezonden …)": what the questions were about.
ANSWERED_ABOUT = re.compile(
    r"\bvragen\s+van\s+(?:het\s+(?:kamer)?lid|de\s+(?:kamer)?leden)\s+.+?\s+over\s+"
    r"(?P<about>[^()]{5,300}?)\s*[(,]\s*(?:ingezonden|\d{4}Z\d{5})",
    re.IGNORECASE | re.DOTALL,
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
ADDRESSEE = re.compile(r"^(?:Aan\s+)?[Dd]e\s+[Vv]oorzitter\s+van\s+de\s+(?:Tweede|Eerste)\s+Kamer")

SENDER = re.compile(r"^Ministerie\s+(?:van|voor)\s+[^.]{3,80}$")  # the sender's letterhead

PLACE_AND_DATE = re.compile(
    r"^(?:(?:Den Haag|'s-Gravenhage)\s*,?|Datum\s*:?)\s+\d{1,2}\s+[a-z]+\s+\d{4}\.?$"
)

# The ministries' letters since 2019: "Datum 21 juli 2025", "Betreft Stand van zaken PFAS"
# (lines of their own, or one paragraph where the text has no blank line between them).
SUBJECT = re.compile(
    r"^(?:(?P<date>Datum\s*:?\s+\d{1,2}\s+[a-z]+\s+\d{4})\s+)?"
    rf"{SUBJECT_LABEL}\s+(?P<subject>\S.{{2,300}})$"
)

SALUTATION = re.compile(r"^(?:Geachte|Hooggeachte|Beste)\s+[^.,;:]{2,60},?$")  # "Geachte heer,"

ADDRESS_LINE = re.compile(
    r"^(?:>?\s*Retouradres\b|Postbus\s+\d+|\d{4}\s?[A-Z]{2}\s+[\w'’ -]{2,30}$|Binnenhof\s+\d+"
    r"|(?:Ons\s+|Uw\s+)?[Kk]enmerk\b|Bijlagen?\s*:"
    # the reference lines of the ministries' letters, label and a short value only
    r"|(?:Uw\s+brief(?:\s+\(kenmerk\))?|Onze?\s+referentie|Bijlage\(n\)|Bijlagen?)"
    r"(?:\s*:?\s+[\w./-]{1,40}(?:\s+\d{1,2}\s+[a-z]+\s+\d{4})?)?$)"
)

# "Tweede Kamer, vergaderjaar 2022–2023, 31 934, nr. 52"; a budget chapter's part is printed
# after a space ("36 200 XII, nr. 9"), read up to the comma
RUNNING_HEADER = re.compile(
    r"vergaderjaar\s+(?P<session>\d{4}\s*[–/-]\s*\d{2,4}),\s*(?P<dossier>\d{2}\s?\d{3}"
    r"(?:-[A-Z0-9]+|\s[A-Z0-9]{1,6}(?=,))?)(?:,\s*nr\.\s*(?P<number>\d+))?"
)

OFFICIAL_ID = re.compile(
    r"\b(?:ah-tk-(?P<ah_session>\d{8})-(?P<ah_number>\d+)"
    r"|kst-(?P<kst_dossier>\d{5}(?:-[A-Z0-9]+)?)-(?P<kst_number>\d+))\b"
)  # identifiers of officielebekendmakingen.nl, printed in the colophon or the page's meta

# "staatssecretaris Van Rij (Financiën), mede namens de minister van Justitie en Veiligheid"
ANSWERERS_SPLIT = re.compile(
    r",?\s+(?:mede\s+namens|en)\s+(?=(?:de\s+)?(?:[Mm]inister|[Ss]taatssecretaris)\b)"
)

# A question set as the Tweede Kamer's website shows it ("Kamervraag" pages on tweedekamer.nl,
# copied into a text file or saved as a page): no "Vragen van het lid … (ingezonden …)", but
# the subject as the page's title ("Kamervraag Het bericht '…'") over "Vraag 1" …, and below
# the questions a block of details: "NR 2026Z04886", "Datum 11 maart 2026", "Indieners" and
# "Gericht aan", each over a list ("• El Boujdaini (D66)"), and "Beantwoordingstermijn …".
PAGE_TITLE = re.compile(r"^Kamervraag\s+(?P<title>\S.{2,400})$")
# The heading the site puts over a document, its kind and title: "Antwoord schriftelijke
# vragen : Antwoord op vragen van het lid Erkens over …" (the text follows as published).
PAGE_HEADING = re.compile(
    r"^(?P<kind>(?:Antwoord\s+)?[Ss]chriftelijke\s+vragen)\s+:\s+(?P<title>\S.{2,600})$"
)
QUESTION_LABEL = re.compile(r"^Vraag\s+\d")
PAGE_LABELS = {
    "NR": "nr", "Nr": "nr", "Nr.": "nr", "Nummer": "nr", "Zaaknummer": "nr", "Datum": "datum",
    "Indiener": "indieners", "Indieners": "indieners", "Medeindiener": "indieners",
    "Medeindieners": "indieners", "Mede-indiener": "indieners", "Mede-indieners": "indieners",
    "Gericht aan": "gericht_aan", "Beantwoordingstermijn": "termijn",
}  # fmt: skip
PAGE_LABEL = re.compile(
    r"^(?P<label>"
    + "|".join(re.escape(label) for label in sorted(PAGE_LABELS, key=len)[::-1])
    + r")(?:\s*:?\s+(?P<value>\S.*))?$"
)
LISTS = {"indieners", "gericht_aan"}
BULLET = re.compile(r"^[•·▪◦*–-]\s*")  # "• El Boujdaini (D66)", or a bullet on a line of its own
# An item written without a bullet (a list in markup): a name with its party, or a minister
LIST_ITEM = re.compile(
    r"^[^?]{2,150}\([^()]{1,80}\)$|^[^?]{0,80}\b(?:[Mm]inister|[Ss]taatssecretaris)\b[^?]{0,150}$"
)
ADDRESSEE_TITLE = re.compile(r"^(?:de\s+)?(?:[Mm]inister|[Ss]taatssecretaris)\b")

# "31 934 Douane", "36 200-VII Vaststelling …", "36 200 XII Vaststelling …" (`SPACED_PART`)
KAMERSTUK_HEADING = re.compile(rf"^(\d{{2}} \d{{3}}(?:-[A-Z0-9]+| {SPACED_PART}(?= ))?)\s+(.+)$")

LETTER_TITLE = re.compile(r"^(?:[Nn]r\.\s*(\d+)\s+)?(BRIEF VAN (?:DE|HET) .+)$")  # "nr. 11": old


def read_official_identifiers(text: str, metadata: dict, structure: DocumentStructure) -> None:
    """Session and Kamerstuk from the running header, Aanhangsel and Kamerstuk numbers from
    officielebekendmakingen identifiers ("ah-tk-20222023-1107", "kst-31934-52"): first those
    in the markup's own metadata (DC.identifier, OVERHEIDop.aanhangselNummer,
    OVERHEIDop.dossiernummer and OVERHEIDop.ondernummer, OVERHEIDop.vergaderjaar, the page
    title), then those printed in the text."""
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
    meta_dossier = dossier_number(metadata.get("overheidop.dossiernummer", ""))
    meta_number = re.fullmatch(r"\d+", metadata.get("overheidop.ondernummer", ""))
    if meta_dossier and meta_number:  # <meta name="OVERHEIDop.dossiernummer" content="31934">
        ids["kamerstuk_dossier"] = meta_dossier
        ids["kamerstuk_number"] = meta_number.group(0)
    text = "\n".join([metadata.get("dc.identifier", ""), metadata.get("title", ""), text])
    header = RUNNING_HEADER.search(text)
    if header:
        first, second = re.split(r"\s*[–/-]\s*", header.group("session"))
        ids.setdefault("session", f"{first}/{second[-2:]}")
        if dossier := dossier_number(header.group("dossier")):
            ids.setdefault("kamerstuk_dossier", dossier)
        if header.group("number"):
            ids.setdefault("kamerstuk_number", header.group("number"))
    for match in OFFICIAL_ID.finditer(text):
        if match.group("ah_number"):
            years = match.group("ah_session")  # "20222023"
            ids.setdefault("aanhangsel_number", match.group("ah_number"))
            ids.setdefault("session", f"{years[:4]}/{years[6:]}")
        else:
            if dossier := dossier_number(match.group("kst_dossier")):
                ids.setdefault("kamerstuk_dossier", dossier)
            ids.setdefault("kamerstuk_number", match.group("kst_number"))


def read_letter_metadata(structure: DocumentStructure) -> None:
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


def read_letter_head_line(text: str, kind: str, structure: DocumentStructure) -> bool:
    """Consumes a line of a letter's head (dossier and title of a Kamerstuk, addressee,
    sending ministry, postal address, place and date, reference lines) into the metadata."""
    if kind == "letter":
        dossier = KAMERSTUK_HEADING.match(text)
        if dossier and "kamerstuk_dossier" not in structure.identifiers:
            written = dossier.group(1)
            structure.identifiers["kamerstuk_dossier"] = dossier_number(written) or written
            structure.metadata["dossier_title"] = dossier.group(2)
            return True
        title = LETTER_TITLE.match(text)
        if title:
            if title.group(1):
                structure.identifiers["kamerstuk_number"] = title.group(1)
            structure.title = title.group(2).capitalize().replace("financiën", "Financiën")
            return True
    if ADDRESSEE.match(text):
        # without the postal address a letter's head block may run on with
        structure.metadata["addressee"] = re.split(r"\s+Postbus\s", text, maxsplit=1)[0]
        return True
    if SENDER.match(text) and "sender" not in structure.metadata:
        structure.metadata["sender"] = text
        return True
    if PLACE_AND_DATE.match(text):
        date = parse_date(text)
        structure.date = structure.date or (date.isoformat() if date else None)
        return True
    subject = SUBJECT.match(text)
    if subject:
        date = parse_date(subject.group("date")) if subject.group("date") else None
        structure.date = structure.date or (date.isoformat() if date else None)
        structure.metadata["subject"] = subject.group("subject").strip()
        structure.title = structure.title or structure.metadata["subject"]
        return True
    return bool(ADDRESS_LINE.match(text) or SALUTATION.match(text))


def read_question_set_metadata(
    structure: DocumentStructure, intro: str, page: dict[str, str] | None = None
) -> None:
    """Submitters, addressees, subject and date from the set's heading ("Vragen van het lid
    … (ingezonden …)"); without one, from a web page's details (`page`, as
    `set_aside_page_details` reads them), else from what an answer or notice says of the
    questions."""
    page = page or {}
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", page.get("page.termijn", "")):
        structure.metadata["due"] = page["page.termijn"]  # "Beantwoordingstermijn 1 april 2026"
    match = QUESTIONS_INTRO.search(intro)
    if not match and any(page.get(f"page.{key}") for key in ("nr", "datum", "title", *LISTS)):
        _read_page_details(structure, page)
        return
    if page.get("page.nr"):
        structure.identifiers["zaak"] = page["page.nr"]
    if not match:
        _read_submission_note(structure, intro)
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


def _read_submission_note(structure: DocumentStructure, intro: str) -> None:
    """An answer or a notice that does not reprint the questions' heading still says when
    they were submitted ("Antwoord op vragen van het lid X over Y (ingezonden 17 juni
    2015)"): `metadata["submitted"]`, and the title from what they were about when none was
    found. The document's own date stays its own."""
    submitted = next(
        (date for m in SUBMITTED_ON.finditer(intro) if (date := parse_date(m.group(0)))), None
    )
    if submitted is None:
        return
    structure.metadata["submitted"] = submitted.isoformat()
    about = ANSWERED_ABOUT.search(intro)
    if about and not structure.title:
        text = re.sub(r"\s+", " ", about.group("about")).strip(" ,.")
        structure.title = text[:1].upper() + text[1:]


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


def read_statement(statement: dict, structure: DocumentStructure) -> None:
    """Who answers and when, from the statement the question splitter read ("Antwoord van
    staatssecretaris Van Rij (Financiën), mede namens … (ontvangen 20 juli 2023)")."""
    structure.metadata["answered_by"] = statement["who"]
    structure.metadata["answering_ministers"] = [
        part.strip(" ,") for part in ANSWERERS_SPLIT.split(statement["who"]) if part.strip(" ,")
    ]
    structure.metadata["received"] = statement["received"]
    structure.metadata["statement"] = statement["what"]
    structure.metadata["nader_antwoord"] = statement["nader"] or structure.metadata.get(
        "nader_antwoord", False
    )


def set_aside_page_details(extracted: ExtractedText) -> None:
    """Takes a Kamervraag page's own lines out of the text: its title ("Kamervraag Het
    bericht '…'", over the first question; or the site's heading over a document, "Antwoord
    schriftelijke vragen : Antwoord op vragen van …", its first line) and its block of
    details ("NR 2026Z04886", "Datum …", "Indieners", "• El Boujdaini (D66)", "Gericht aan",
    …), wherever the block stands (after the questions, before or after their footnotes).
    The lines become "details", so that no question, passage or footnote holds them; what
    they say goes to `extracted.metadata` ("page.title", "page.nr", "page.datum",
    "page.indieners" and "page.gericht_aan" one item a line, "page.termijn",
    "page.heading")."""
    lines = [
        line for page in extracted.pages for line in page.lines if line.kind in ("body", "footnote")
    ]
    if lines and PAGE_HEADING.match(lines[0].text.strip()):
        lines[0].kind = "details"
        extracted.metadata["page.heading"] = lines[0].text.strip()
        lines = lines[1:]
    first_question = next(
        (i for i, line in enumerate(lines) if QUESTION_LABEL.match(line.text.strip())), None
    )
    head = lines[: first_question or 0]
    for index, line in enumerate(head):
        text = line.text.strip()
        if text == "Kamervraag" and index + 1 < len(head):  # the kind over the title
            text = f"{text} {head[index + 1].text.strip()}"
            head[index + 1].kind = "details" if PAGE_TITLE.match(text) else head[index + 1].kind
        title = PAGE_TITLE.match(text)
        if title and line.kind == "body":
            line.kind = "details"
            extracted.metadata["page.title"] = title.group("title").strip()
            break
    for start in range(len(lines)):
        found, end = _details_block(lines, start)
        if found:
            for line in lines[start:end]:
                line.kind = "details"
            for key, values in found.items():
                extracted.metadata[f"page.{key}"] = "\n".join(values)
            return


def _details_block(lines: list[Line], start: int) -> tuple[dict[str, list[str]], int]:
    """The details block starting at `start` ({} if none starts there) and where it ends: a
    run of labels and their lists that holds the zaak number, or the submitters with the
    date or the addressees; it ends at the first line that is neither. A label's value may
    stand on its own line ("NR", "2026Z04886": a list of terms in markup), and so may a
    list item after its bullet."""
    found: dict[str, list[str]] = {}
    current: str | None = None  # the list whose items follow
    bulleted = after_bullet = False
    index = start
    while index < len(lines):
        text = lines[index].text.strip()
        following = lines[index + 1].text.strip() if index + 1 < len(lines) else ""
        label = _page_label(text)
        if label is None and _page_label(following) is None:
            label = _page_label(f"{text} {following}")
        if label and (label[0] in LISTS or label[0] not in found):
            key, value = label
            if key not in LISTS and not _page_label(text):
                index += 1  # the value on the next line
            found.setdefault(key, [])
            current, bulleted, after_bullet = (key if key in LISTS else None), False, False
            if value:
                found[key].append(BULLET.sub("", value))
        elif current and BULLET.match(text):
            bulleted = True
            item = BULLET.sub("", text).strip()
            after_bullet = not item
            if item:
                found[current].append(item)
        elif current and LIST_ITEM.match(text) and (after_bullet or not bulleted):
            found[current].append(text)
            after_bullet = False
        else:
            break
        index += 1
    block = len(found) > 1 and ("nr" in found or "indieners" in found)
    return (found if block else {}), index


def _page_label(text: str) -> tuple[str, str] | None:
    """A label of the details block and its value on the same line, if it is one: a number
    must be a zaak number, a date a date."""
    match = PAGE_LABEL.match(text)
    if not match:
        return None
    key, value = PAGE_LABELS[match.group("label")], (match.group("value") or "").strip()
    if key in LISTS and value and not BULLET.match(value) and not LIST_ITEM.match(value):
        return None  # "Indieners" followed by a line that is no item
    if key == "nr":
        zaak = ZAAK_NUMBER.fullmatch(value)
        return (key, zaak.group(1)) if zaak else None
    date = parse_date(value) if key in {"datum", "termijn"} else None
    if date:
        return key, date.isoformat()
    if key == "datum" or (key == "termijn" and not 0 < len(value) <= 40):
        return None  # "Beantwoordingstermijn" over its value on the next line
    return key, value


def _read_page_details(structure: DocumentStructure, page: dict[str, str]) -> None:
    """What a Kamervraag page says beside the questions: the subject, the date they were
    submitted, who submitted them (name and party, as the set's heading gives them) and to
    whom, and the zaak number (not one the questions cite)."""
    if page.get("page.nr"):
        structure.identifiers["zaak"] = page["page.nr"]
    if page.get("page.datum"):
        structure.date = page["page.datum"]
        structure.metadata["submitted"] = structure.date
    if page.get("page.title") and not structure.title:
        structure.title = page["page.title"]
    submitters = [_page_submitter(item) for item in page.get("page.indieners", "").split("\n")]
    if any(submitters):
        structure.metadata["submitters"] = [item for item in submitters if item]
    addressees = [_page_addressee(item) for item in page.get("page.gericht_aan", "").split("\n")]
    if any(addressees):
        structure.metadata["addressed_to"] = [item for item in addressees if item]


def _page_submitter(item: str) -> dict | None:
    """ "El Boujdaini (D66)", "S. El Boujdaini, lid Tweede Kamer (D66)": the name and the
    party in the last parenthesis; a name without a party has party ""."""
    item = re.sub(r"\s+", " ", item).strip(" ,;")
    if not item:
        return None
    match = re.match(r"^(?P<who>.+?)\s*\((?P<party>[^()]+)\)$", item)
    who, party = (match.group("who"), match.group("party").strip()) if match else (item, "")
    return {"name": who.split(",")[0].strip(), "party": party}


def _page_addressee(item: str) -> str:
    """ "minister van Justitie en Veiligheid", or the title after a name ("D.M. van Weel,
    minister van Justitie en Veiligheid", "Van Weel (minister van Justitie en Veiligheid)")."""
    item = re.sub(r"\s+", " ", item).strip(" ,;")
    for part in [*re.findall(r"\(([^()]+)\)", item), *item.split(", ")[1:]]:
        if ADDRESSEE_TITLE.match(part.strip()):
            return re.sub(r"^de\s+", "", part.strip())
    return re.sub(r"^de\s+(?=[Mm]inister|[Ss]taatssecretaris)", "", item)


# A committee's list of questions and answers, a Kamerstuk of its own ("31 865 Verbetering
# verantwoording en begroting", "Nr. 214 LIJST VAN VRAGEN EN ANTWOORDEN", "Vastgesteld 15
# september 2022", "De vaste commissie voor Rijksuitgaven heeft een aantal vragen voorgelegd
# aan de Minister van Financiën over de brief van 13 april 2022 inzake het proces van de
# begrotingsbehandeling (Kamerstuk 31 865, nr. 207).", "De Minister heeft deze vragen
# beantwoord bij brief van 12 september 2022.", the committee's chair and clerk): feitelijke
# vragen answered by a minister, or a bill's report in that form ("VERSLAG HOUDENDE EEN
# LIJST VAN VRAGEN EN ANTWOORDEN").
LIST_TITLE = re.compile(
    r"^(?:[Nn]r\.\s*(?P<number>\d+)\s+)?"
    r"(?P<title>(?:VERSLAG\s+HOUDENDE\s+EEN\s+)?LIJST\s+VAN\s+VRAGEN\s+EN\s+ANTWOORDEN)$"
)
LIST_NUMBER = re.compile(r"^[Nn]r\.\s*(?P<number>\d+)$")  # "nr. 3" over the title (older)
LIST_DOSSIER = re.compile(
    r"^(?P<dossier>\d{2} \d{3})(?:[ -](?P<part>[A-Z0-9]{1,6}))?(?:\s+(?P<title>\S.*))?$"
)
LIST_ADOPTED = re.compile(rf"^Vastgesteld\s*:?\s+(?P<date>{DATE.pattern})\.?$", re.IGNORECASE)
# "De vaste commissie voor X heeft een aantal vragen voorgelegd aan de Minister van Y over
# de brief van … inzake Z (Kamerstuk …)." or "… heeft over Z (kamerstuk …) de navolgende
# vragen ter beantwoording aan de regering voorgelegd."
LIST_PUT = re.compile(
    r"^De\s+(?P<committee>(?:vaste\s+|algemene\s+)?commissie\s+(?:voor\s+)?[^.]{3,160}?)\s+heeft\s+"
    r"(?:een\s+aantal\s+vragen\s+voorgelegd\s+aan\s+(?P<to>.+?)"
    r"(?:\s+(?:over|inzake)\s+(?P<about>.+?))?"
    r"|over\s+(?P<about_before>.+?)\s+de\s+navolgende\s+vragen\s.+?voorgelegd"
    r"|de\s+eer\s+verslag\s+uit\s+te\s+brengen\b.*?)\s*\.?$",
    re.DOTALL,
)
LIST_INTRO = 8  # the introduction's passages read: what was asked of whom, when answered
LIST_ANSWERED = re.compile(
    rf"\b(?:heeft|hebben)\s+deze\s+vragen\s+beantwoord\s+bij\s+brief\s+van\s+(?P<date>{DATE.pattern})",
    re.IGNORECASE,
)
# The committee's chair and clerk under the introduction: "De voorzitter van de commissie,
# Sneller", "Adjunct-griffier van de commissie, Freriks" (one line, or the name below).
LIST_COMMITTEE_LINE = re.compile(
    r"^(?:De\s+)?(?:[Vv]oorzitter|(?:[Aa]djunct-|[Aa]djunct\s+)?[Gg]riffier|[Ww]nd\.\s+griffier)"
    r"\s+van\s+de\s+(?:vaste\s+)?commissie\b.{0,80}$"
)


def opens_list_of_questions(text: str) -> bool:
    """The document's opening names it a list of questions and answers."""
    return any(LIST_TITLE.match(line.strip()) for line in text.split("\n"))


def read_list_head_line(text: str, structure: DocumentStructure) -> bool:
    """Consumes a line of a list of questions' head (its dossier, number and title, the date
    it was adopted) into the metadata; True when it was one."""
    lists = structure.metadata.get("list_of_questions")
    if lists is None:
        return False
    ids = structure.identifiers
    title = LIST_TITLE.match(text)
    if title:
        if title.group("number"):
            ids["kamerstuk_number"] = title.group("number")
        return True
    number = LIST_NUMBER.match(text)
    if number and "kamerstuk_number" not in ids:
        ids["kamerstuk_number"] = number.group("number")
        return True
    dossier = LIST_DOSSIER.match(text)
    if dossier and "kamerstuk_dossier" not in ids:
        part = dossier.group("part")
        ids["kamerstuk_dossier"] = dossier.group("dossier") + (f"-{part}" if part else "")
        if dossier.group("title"):
            structure.metadata["dossier_title"] = dossier.group("title")
        return True
    if (
        "kamerstuk_dossier" in ids
        and "dossier_title" not in structure.metadata
        and not LIST_ADOPTED.match(text)
        and not LIST_PUT.match(text)
    ):
        # the dossier's title on a line of its own, the number run on to it or not
        run_on = re.search(r"\s+[Nn]r\.\s*(\d+)$", text)
        structure.metadata["dossier_title"] = text[: run_on.start()] if run_on else text
        if run_on:
            ids.setdefault("kamerstuk_number", run_on.group(1))
        return True
    adopted = LIST_ADOPTED.match(text)
    if adopted:
        date = parse_date(adopted.group("date"))
        structure.date = structure.date or (date.isoformat() if date else None)
        return True
    return False


def is_list_committee_line(text: str) -> bool:
    """A list's signing line ("De voorzitter van de commissie, Sneller"): no heading."""
    return bool(LIST_COMMITTEE_LINE.match(text))


def read_list_of_questions(structure: DocumentStructure, *, keep_zaak: bool = False) -> None:
    """What a list of questions says about itself in its introduction (see LIST_TITLE): the
    title as the Tweede Kamer's site gives it ("Lijst van vragen en antwoorden over het
    proces van de begrotingsbehandeling"), the committee, to whom the questions were put,
    when they were answered (`received`), the Kamerstuk it is ("31 865, nr. 214"); dated
    by "Vastgesteld", which is also the set's date (`submitted`). A zaak number in its text
    cites other questions: the list has none of its own (`keep_zaak`: a web page's details
    give its own)."""
    meta, ids = structure.metadata, structure.identifiers
    intro = [p.text for p in structure.passages if p.role == "introduction"][:LIST_INTRO]
    for text in intro:
        put = LIST_PUT.match(text)
        if put and "committee" not in meta:
            meta["committee"] = re.sub(r"\s+", " ", put.group("committee"))
            if put.group("to"):
                meta["addressed_to"] = [re.sub(r"^de\s+", "", " ".join(put.group("to").split()))]
            about = put.group("about") or put.group("about_before") or ""
            about = " ".join(
                re.sub(r"\s*\((?:[Kk]amerstuk|\d{2} \d{3})[^()]*\)", "", about).split()
            )
            about = re.sub(r"^de\s+brief\s+van\s+.+?\binzake\s+", "", about)
            if about:
                meta["subject"] = about.rstrip(" .")
        answered = LIST_ANSWERED.search(text)
        if answered and not meta.get("received"):
            date = parse_date(answered.group("date"))
            meta["received"] = date.isoformat() if date else None
    subject = meta.get("subject") or meta.get("dossier_title", "")
    if re.match(r"[A-Z][a-z]", subject):  # a dossier's title: "over wijziging van …"
        subject = subject[:1].lower() + subject[1:]
    structure.title = "Lijst van vragen en antwoorden" + (f" over {subject}" if subject else "")
    if structure.date:
        meta["submitted"] = structure.date
    if not keep_zaak:
        ids.pop("zaak", None)
    if ids.get("kamerstuk_dossier") and ids.get("kamerstuk_number"):
        ids["kamerstuk"] = f"{ids['kamerstuk_dossier']}, nr. {ids['kamerstuk_number']}"
