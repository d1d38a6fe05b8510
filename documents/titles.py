"""A human title for a document whose structure found none, from what the document says
about itself: a subject line ("Onderwerp: …", "Betreft …"), the questions' header ("Vragen
van het lid … over …"), a letter's opening ("Met deze brief informeer ik u over …"), a Kamerstuk's
heading ("35 537 Initiatiefnota van …") or its first heading. Plain text in, text out: ""
when the document does not say, and the caller keeps the file name then. A Kamerstuk
letter's title that names only its sender gets what the letter is about added."""

import re

from documents.structure import DocumentStructure

# How many of the document's first passages are read: the head of a letter, not its body.
OPENING_PASSAGES = 4
TITLE_LENGTH = 160

# The label of a letter's subject line, "Betreft: …" or "Onderwerp …" (also read in a letter's
# head, `documents.metadata.SUBJECT`).
SUBJECT_LABEL = r"(?:Betreft|Onderwerp)\s*:?"
SUBJECT_LINE = re.compile(rf"(?:^|\n)\s*{SUBJECT_LABEL}[ \t]+(?P<about>\S[^\n]*)", re.IGNORECASE)
QUESTIONS_ABOUT = re.compile(
    r"^\s*(?:(?:Antwoord(?:en)?|Beantwoording)\s+(?:op|van)\s+(?:de\s+)?"
    # an answer's opening: "Hierbij beantwoord ik, mede namens …, de vragen van …",
    # "Hierbij ontvangt u de antwoorden op de vragen van …"
    r"|Hierbij\s[^.]{0,160}?\b(?:de\s+)?)?"
    r"(?:schriftelijke\s+)?vragen\s+van\s+(?:het\s+(?:Kamer)?lid|de\s+(?:Kamer)?leden)\s"
    r".+?\sover\s+(?P<about>.+)",
    re.IGNORECASE | re.DOTALL,
)
LETTER_ABOUT = re.compile(
    r"^\s*(?:Met|In|Via)\s+(?:deze|dit)\s+(?:brief|schrijven)\s+"
    r"(?:informeer|bericht|stuur|zend)\s+ik\s+(?:uw\s+Kamer|u)(?:\s*,[^,]{1,120},)?\s+over\s+(?P<about>.+)",
    re.IGNORECASE | re.DOTALL,
)
# A reply's own title: "Beantwoording Kamervragen van het lid X over …", "Antwoorden op vragen
# over …", "Reactie op de schriftelijke vragen over …".
ANSWERING_TITLE = re.compile(
    r"^\s*(?:Beantwoording|Antwoord(?:en)?|Reactie)\b.*?\b(?:kamer)?vragen\b.*?\bover\s+(?P<about>\S.+)",
    re.IGNORECASE | re.DOTALL,
)
# A Kamerstuk letter's title that says who sent it and nothing of what it is about.
SENDER_ONLY_TITLE = re.compile(r"^Brief van (?:de|het)\s(?:(?!\sover\s)[^.:;])+$", re.IGNORECASE)
KAMERSTUK_HEADING = re.compile(r"^\s*\d{2}\s?\d{3}(?:-[A-Z]+)?\s+(?P<about>[A-Z][^\n]{9,})$")
# Where what a letter is about ends: a sentence's end, the next sentence of the standard
# opening ("Ik ga daarbij in op …", unpunctuated in some letters), the questions' date or
# zaak number in brackets.
ABOUT_END = re.compile(
    r"\.(?:\s|$)|\s+(?=Ik\s+ga\b|Hierbij\b|In\s+deze\s+brief\b)|\s*\((?:ingezonden|\d{4}Z\d)",
)


def derived_title(structure: DocumentStructure) -> str:
    """The title the document gives itself, or "" (see the module's docstring)."""
    heading = next((p.heading for p in structure.passages if p.heading), "")
    return _stated_subject(structure) or _tidy(heading)


def document_title(structure: DocumentStructure, *, set_by_clerk: bool = False) -> str:
    """The title to show: the structure's own, else the derived one. A Kamerstuk letter's
    own title names only its sender ("Brief van de staatssecretaris van Financiën", as do
    many of the dossier's letters): what the letter says it is about is added to it. A title
    a clerk set stays as it is."""
    if not structure.title:
        return derived_title(structure)
    if set_by_clerk or not SENDER_ONLY_TITLE.match(structure.title):
        return structure.title
    about = _stated_subject(structure)
    if not about:
        return structure.title
    if re.match(r"(?:De|Het|Een)\s", about):
        about = about[:1].lower() + about[1:]
    return _tidy(f"{structure.title} over {about}")


def questions_subject(title: str) -> str:
    """What the questions a reply's title names were about ("Beantwoording Kamervragen over
    het WRR-rapport" → "Het WRR-rapport"), else the title as it is: a set opened by its reply
    is titled as its questions' heading would title it."""
    found = ANSWERING_TITLE.match(title)
    return _tidy(found.group("about")) if found else title


def _stated_subject(structure: DocumentStructure) -> str:
    opening = [p.text for p in structure.passages[:OPENING_PASSAGES]]
    for text in opening:
        subject = SUBJECT_LINE.search(text)
        if subject:
            return _tidy(subject.group("about"))
    for pattern in (QUESTIONS_ABOUT, LETTER_ABOUT, KAMERSTUK_HEADING):
        for text in opening:
            found = pattern.match(text)
            if found:
                return _tidy(ABOUT_END.split(found.group("about"), maxsplit=1)[0])
    return ""


def _tidy(text: str) -> str:
    """One line, without a trailing stop or comma, capitalised, cut at a word boundary."""
    flat = " ".join(text.split()).strip(" ,;:.")
    if len(flat) > TITLE_LENGTH:
        head = flat[: TITLE_LENGTH + 1]
        flat = head[: head.rfind(" ")].rstrip(" ,;:") + "…"
    return flat[:1].upper() + flat[1:]
