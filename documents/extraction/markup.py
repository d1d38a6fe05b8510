"""HTML and XML as officielebekendmakingen.nl publishes them, into classified lines.

The markup already says what the PDF extractor has to guess: questions and answers
(`<vraag>`, `<antwoord>`, HTML `div.vraag`, `div.antwoord`) with their numbers (`<nr>`),
footnotes (`<noot>` inline in XML, cited again by `<nootref>`; `div.voet` / `div.noot` at
the end in HTML, each headed by the site's "X Noot" close button) and their markers
(`<sup>`). Every block element becomes one line that starts a paragraph, so the later
stages treat markup and PDF alike. The XML's head (`<kamervraagkop>`, `<kamerstukkop>`:
"Tweede Kamer der Staten-Generaal", "Vergaderjaar 2021-2022"; `<kamervraagnummer>`) becomes
header lines, as a PDF's running header: read for identifiers, never a passage. A Kamerstuk's
`<dossier>` ("31 934" + "Douane") and its `<stuknr>` + `<titel>` ("Nr. 77" + "BRIEF VAN …")
are one line each, as printed; the name under a signature (`<ondertekening>`) a line of its
own. The file's own metadata (`<meta name=… content=…>`, `<title>`: "DC.identifier" =
"ah-tk-20222023-3107", "OVERHEIDop.aanhangselNummer"; in the XML the identifier in the
metadata record's address and the session of the head) is kept beside the lines. Only the
standard library is used.
"""

import re
import unicodedata
from html.parser import HTMLParser

from documents.extraction.types import (
    FOOTNOTE_MARK_CLOSE,
    FOOTNOTE_MARK_OPEN,
    ExtractedText,
    ExtractionError,
    Line,
    LineKind,
    Page,
)

BLOCKS = {
    "p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "table", "tr", "td",
    "th", "br", "al", "nr", "vraag", "antwoord", "tussenkop", "kop", "titel", "section",
    "article", "blockquote", "dt", "dd", "opsomming", "lijst", "noot.al", "al-groep",
    # the OP schema's heads, descriptions and letter parts
    "tekstregel", "kamervraagnummer", "kamervraagomschrijving", "kamervraagopmerking",
    "dossier", "datumtekst", "ontvanger", "dagtekening", "aanhef", "slotformule",
    "ondertekening", "tekst-sluiting",
}  # fmt: skip
HEADS = {"kamervraagkop", "kamerstukkop", "kamervraagnummer"}  # header lines, not the text
HEAD_CLASS = re.compile(r"\b(?:kamervraagkop|kamerstukkop|kamervraagnummer)\b")  # HTML's
# The site's table over a document ("Datum publicatie | Organisatie | Vergaderjaar | …"):
# header lines wherever a saved page holds it
PUBLICATION_TABLE = "Datum publicatie"
# <dossier><dossiernr>31 934</dossiernr><titel>Douane</titel>, <stuk><stuknr>Nr. 77</stuknr>
# <titel>BRIEF VAN …</titel>: the title continues its number's line
TITLED = {"dossier", "stuk"}
# The HTML's Kamerstuk headings; older pages break them with <br> ("26 387<br>Actieprogramma …")
TITLE_CLASS = re.compile(r"\b(?:dossiertitel|stuktitel)\b")
SIGNATURE_CLASS = re.compile(r"\bondertekening\b")
NAME_CLASS = re.compile(r"\b(?:naam|functie)\b")
CLOSE_BUTTON = re.compile(r"\bnote-close\b")  # SuperNote's "X Noot" over each HTML note
SESSION = re.compile(r"(\d{4}\s*[–/-]\s*\d{2,4})")  # "Vergaderjaar 2021-2022"
RECORD_ID = re.compile(r"/((?:ah|kv|kst|h|blg)-[\w-]+?)/metadata\.xml")  # the record's address
SKIPPED = {"script", "style", "head", "nav", "noscript", "button", "form", "svg", "meta"}
VOID = {"br", "img", "meta", "hr", "input", "link", "area", "base", "col", "wbr"}
CONTENT_CONTAINER = re.compile(r"""(?:id|class)=["'][^"']*\bbroodtekst\b""", re.IGNORECASE)
FOOTNOTE_CLASS = re.compile(r"\b(?:voet|noot|footnote|voetnoot)\w*\b", re.IGNORECASE)
LABELLED = {"vraag": "Vraag", "antwoord": "Antwoord"}
NUMBERS = r"\d{1,3}(?:\s*(?:,|en|-|t/m)\s*\d{1,3})*\.?"  # "1", "2 en 3", "4, 5 en 6."
LINE_HEIGHT = 12.0


def extract_markup(data: bytes) -> ExtractedText:
    parser = _Reader(only_content=bool(CONTENT_CONTAINER.search(_decode(data)[:200_000])))
    try:
        parser.feed(_decode(data))
        parser.close()
    except AssertionError as exc:  # html.parser's way of giving up on broken markup
        raise ExtractionError("Dit HTML- of XML-bestand is beschadigd.") from exc
    page = Page(number=1, width=595.0, height=842.0)
    texts = parser.lines + [("footnote", text) for text in parser.notes]
    for index, (kind, text) in enumerate(texts):
        page.lines.append(
            Line(
                text=text,
                page=1,
                kind=kind,
                x0=0.0,
                top=index * LINE_HEIGHT,
                size=10.0,
                starts_block=True,
            )
        )
    has_text = any(line.kind == "body" for line in page.lines)
    return ExtractedText(pages=[page], has_text_layer=has_text, metadata=parser.metadata)


def _decode(data: bytes) -> str:
    """The text, without NUL characters: no markup means them, and PostgreSQL cannot store them."""
    head = data[:200].decode("ascii", "ignore")
    declared = re.search(r"""encoding=["']([\w-]+)""", head)
    for encoding in ([declared.group(1)] if declared else []) + ["utf-8-sig", "cp1252"]:
        try:
            return unicodedata.normalize("NFC", data.decode(encoding).replace("\x00", ""))
        except (UnicodeError, LookupError):  # UnicodeError: e.g. the "undefined" codec
            continue
    raise ExtractionError("Het bestand heeft een onbekende tekenset.")  # pragma: no cover


class _Reader(HTMLParser):
    """Collects body, header and footnote lines; markers wrapped as the PDF extractor does."""

    def __init__(self, *, only_content: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.only_content = only_content
        self.stack: list[tuple[str, str]] = []  # (tag, role) per open element
        self.lines: list[tuple[LineKind, str]] = []  # body and header lines, in order
        self.notes: list[str] = []
        self.current: list[str] = []
        self.note: list[str] | None = None  # an inline XML <noot> being read
        self.note_id = ""  # its id, for the <nootref>s that cite it again
        self.note_numbers: dict[str, str] = {}  # <noot id> → its number
        self.note_line: list[str] = []  # a footnote block in an HTML footer being read
        self.glue = False  # a list item's bullet (<li.nr>) waits for its text
        self.tables: list[int] = []  # per open <table>: the index of its first line
        self.metadata: dict[str, str] = {}  # <meta name=… content=…> and <title>

    # structure -------------------------------------------------------------------------------

    def handle_starttag(self, tag: str, attrs: list) -> None:
        values = dict(attrs)
        if tag == "meta":
            self._keep_meta(values)
        if tag == "nootref":
            self._cite_note(values.get("refid") or "")
        classes = f"{values.get('class') or ''} {values.get('id') or ''}"
        role = self._role(tag, classes)
        parent = self.stack[-1][0] if self.stack else ""
        if (tag == "titel" and parent in TITLED) or (tag == "br" and self._inside("title")):
            self.current.append(" ")  # "31 934" "Douane" → "31 934 Douane"
        elif self._inside("signature") and (
            tag in {"naam", "functie"} or NAME_CLASS.search(classes)
        ):
            self._end_line()  # "De Minister van …," and the name under it: lines of their own
        elif tag in BLOCKS and self.glue:
            self.current.append(" ")  # "•" and its item's text: one line
        elif tag in BLOCKS:
            self._end_line()
        if tag in BLOCKS:
            self.glue = False
        if tag in VOID:
            return
        if role == "inline-note":
            self.note = []
            self.note_id = values.get("id") or ""
        if tag == "table":
            self.tables.append(len(self.lines))
        self.stack.append((tag, role))

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        if tag == "meta":
            self._keep_meta(dict(attrs))
        if tag == "nootref":
            self._cite_note(dict(attrs).get("refid") or "")
        if tag == "br" and self._inside("title"):
            self.current.append(" ")
        elif tag in BLOCKS:
            self._end_line()

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID or not any(open_tag == tag for open_tag, _ in self.stack):
            return
        while self.stack:
            open_tag, role = self.stack.pop()
            if role == "inline-note":
                self._end_inline_note()
            if role == "head":
                self._end_line(kind="header")
            if open_tag == tag:
                break
        if tag == "li.nr":
            self.glue = True
        elif tag in BLOCKS:
            self._end_line()
        if tag == "table" and self.tables:
            first = self.tables.pop()
            if first < len(self.lines) and self.lines[first][1] == PUBLICATION_TABLE:
                self.lines[first:] = [("header", text) for _, text in self.lines[first:]]

    def close(self) -> None:
        super().close()
        self._end_line()  # text after the last block (a signature outside any <al>)

    def _keep_meta(self, values: dict) -> None:
        name = values.get("name") or values.get("property")
        if name and values.get("content"):
            content = _squash(values["content"])
            self.metadata.setdefault(name.lower(), content)
            record = RECORD_ID.search(content)  # …/ah-tk-20212022-105/metadata.xml
            if name.lower() == "overheidop.externmetadatarecord" and record:
                self.metadata.setdefault("dc.identifier", record.group(1))

    def _role(self, tag: str, classes: str) -> str:
        if tag in SKIPPED or CLOSE_BUTTON.search(classes):
            return "skip"
        if self.only_content and not self._inside("content") and "broodtekst" in classes:
            return "content"
        if tag in HEADS or HEAD_CLASS.search(classes):
            return "head"
        if tag == "noot" and not self._inside("footnotes"):
            return "inline-note"
        if tag in LABELLED:
            return tag
        if TITLE_CLASS.search(classes):
            return "title"
        if tag == "ondertekening" or SIGNATURE_CLASS.search(classes):
            return "signature"
        if tag in {"sup", "noot.nr"} or (tag == "a" and re.search(r"\bnootnum\b", classes)):
            return "marker"  # the site links a note as <a class="nootnum">, with or without <sup>
        if FOOTNOTE_CLASS.search(classes) and tag != "a":
            return "footnotes"
        for name in LABELLED:
            if re.search(rf"\b{name}\b", classes):
                return name
        return ""

    def _inside(self, role: str) -> bool:
        return any(open_role == role for _, open_role in self.stack)

    # text -------------------------------------------------------------------------------------

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1][0] == "title" and self._inside("skip"):
            title = self.metadata.get("title", "")
            self.metadata["title"] = _squash(f"{title} {data}")
        if self._inside("skip") or (self.only_content and not self._inside("content")):
            return
        if self.stack and self.stack[-1][0] == "tekstregel":
            session = SESSION.search(data) if "vergaderjaar" in data.lower() else None
            if session:  # "Vergaderjaar 2021-2022" in the XML's head
                self.metadata.setdefault("overheidop.vergaderjaar", session.group(1))
        if self.stack and self.stack[-1][0] == "kamervraagnummer" and data.strip().isdigit():
            self.metadata.setdefault("overheidop.aanhangselnummer", data.strip())
        if self.note is not None:
            self.note.append(data)
        elif self._inside("footnotes"):
            self.note_line.append(data + (" " if self._inside("marker") else ""))
        elif self._inside("marker") and data.strip().isdigit() and len(data.strip()) <= 3:
            if self.current and not self.current[-1].endswith(" "):
                self.current.append(f"{FOOTNOTE_MARK_OPEN}{data.strip()}{FOOTNOTE_MARK_CLOSE}")
            else:
                self.current.append(data)
        else:
            self.current.append(data)

    def _end_inline_note(self) -> None:
        text = _squash("".join(self.note or []))
        self.note = None
        match = re.match(r"^(\d{1,3})\s*(.*)$", text)
        if not match:
            return
        self.current.append(f"{FOOTNOTE_MARK_OPEN}{match.group(1)}{FOOTNOTE_MARK_CLOSE}")
        self.notes.append(f"{match.group(1)} {match.group(2)}")
        if self.note_id:
            self.note_numbers[self.note_id] = match.group(1)

    def _cite_note(self, note_id: str) -> None:
        """A `<nootref refid="…"/>`: the marker of a note printed before."""
        number = self.note_numbers.get(note_id)
        if number and self.note is None:
            self.current.append(f"{FOOTNOTE_MARK_OPEN}{number}{FOOTNOTE_MARK_CLOSE}")

    def _end_line(self, kind: LineKind = "body") -> None:
        text = _squash("".join(self.note_line))
        if text and not text.isdigit():  # a lone number waits for its note's text
            self.notes.append(text)
            self.note_line = []
        if self.note is not None:
            return  # a block inside an inline note (<noot.al>) is part of that note
        text = _squash("".join(self.current))
        self.current = []
        if not text:
            return
        if self._inside("head"):
            kind = "header"
        context = next((role for _, role in reversed(self.stack) if role in LABELLED), None)
        if context and re.fullmatch(NUMBERS, text):
            text = f"{LABELLED[context]} {text.rstrip('.')}"  # <nr>1</nr> inside <vraag>
        elif context == "antwoord" and re.fullmatch(rf"Vra(?:ag|gen)\s+{NUMBERS}", text):
            # An answer headed by the number of the question it answers ("Vraag 2 en 3")
            text = f"Antwoord {text.split(maxsplit=1)[1].rstrip('.')}"
        self.lines.append((kind, text))


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\xa0", " ")).strip()
