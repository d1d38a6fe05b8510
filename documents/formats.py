"""What an uploaded file is, read from its bytes: the name a clerk gave it says nothing.

`sniff_format` names the formats the pipeline reads; `format_refusal` says, in words a clerk
understands, why any other file is refused ("Dit is een ZIP-archief …"). The file's name is
only ever a label: `filename_clean` makes it safe to show and to send back on download.
"""

import codecs
import unicodedata

# A PDF's signature may follow some junk; markup declares itself in its head; text is
# judged on its first bytes.
PDF_SIGNATURE_WITHIN = 1024
MARKUP_HEAD = 2048
TEXT_PROBE = 4096
# Control characters other than tab, line and page breaks: a few can stray into real text,
# more than this share means binary data.
MAX_CONTROL_SHARE = 0.01
ALLOWED_CONTROLS = {"\t", "\n", "\r", "\f"}

FILENAME_MAX = 255  # Document.filename
EXTENSION_MAX = 16  # a longer "extension" is part of the name, not a type
DEFAULT_FILENAME = "document"

ACCEPTED = {"pdf", "html", "xml", "text", "docx"}
ACCEPTED_HINT = "upload een PDF, Word- (.docx), HTML-, XML- of tekstbestand"
# The extensions that open a file of each format, the first the one a download gets.
EXTENSIONS = {
    "pdf": (".pdf",),
    "docx": (".docx",),
    "html": (".html", ".htm"),
    "xml": (".xml",),
    "text": (".txt", ".text"),
}

# Leading bytes of formats the pipeline does not read, with what a clerk calls them.
SIGNATURES: list[tuple[bytes, str]] = [
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "een oud Office-bestand (.doc, .xls of .ppt)"),
    (b"MZ", "een programma (.exe)"),
    (b"\x7fELF", "een programma"),
    (b"\x89PNG", "een afbeelding (PNG)"),
    (b"\xff\xd8\xff", "een afbeelding (JPEG)"),
    (b"GIF8", "een afbeelding (GIF)"),
    (b"II*\x00", "een afbeelding (TIFF)"),
    (b"MM\x00*", "een afbeelding (TIFF)"),
    (b"{\\rtf", "een RTF-bestand"),
    (b"\x1f\x8b", "een gecomprimeerd archief (.gz)"),
    (b"Rar!", "een RAR-archief"),
    (b"7z\xbc\xaf", "een 7-Zip-archief"),
    (b"\xff\xfe", "een tekstbestand in UTF-16 (sla het op als UTF-8)"),
    (b"\xfe\xff", "een tekstbestand in UTF-16 (sla het op als UTF-8)"),
]
# What an Office Open XML or OpenDocument package holds, by the part names in its ZIP.
ZIP_CONTENTS: list[tuple[bytes, str]] = [
    (b"word/document", "docx"),
    (b"xl/workbook", "een Excel-bestand (.xlsx)"),
    (b"ppt/presentation", "een PowerPoint-bestand (.pptx)"),
    (b"application/vnd.oasis.opendocument", "een OpenDocument-bestand (.odt, .ods)"),
]
ZIP_SIGNATURE = b"PK\x03\x04"


def sniff_format(data: bytes) -> str:
    """Reads the bytes, returns "pdf", "docx", "html", "xml", "text" or "unknown"."""
    if data[:PDF_SIGNATURE_WITHIN].find(b"%PDF-") != -1:
        return "pdf"
    if data.startswith(ZIP_SIGNATURE):
        return "docx" if _zip_kind(data) == "docx" else "unknown"
    if any(data.startswith(signature) for signature, _name in SIGNATURES):
        return "unknown"
    head = data[:MARKUP_HEAD].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<!doctype html", b"<html")) or b"<html" in head:
        return "html"
    if head.startswith(b"<?xml") or head.startswith(b"<"):
        return "xml"
    return "text" if _looks_like_text(data[:TEXT_PROBE]) else "unknown"


def format_refusal(data: bytes) -> str | None:
    """Why this file cannot be read (in Dutch, for the clerk), or None when it can."""
    if sniff_format(data) in ACCEPTED:
        return None
    if data.startswith(ZIP_SIGNATURE):
        what = _zip_kind(data) or "een ZIP-archief"
    else:
        what = next(
            (name for signature, name in SIGNATURES if data.startswith(signature)),
            "geen PDF, Word-, HTML-, XML- of tekstbestand",
        )
    return f"Dit bestand is {what} en kan niet worden gelezen; {ACCEPTED_HINT}."


def _zip_kind(data: bytes) -> str | None:
    # The part names stand uncompressed in the local headers and in the central directory.
    return next((kind for part, kind in ZIP_CONTENTS if part in data), None)


def _looks_like_text(probe: bytes) -> bool:
    """UTF-8 (the probe may end inside a character) or Windows-1252, without NUL and with
    hardly any control characters."""
    if b"\x00" in probe:
        return False
    try:
        text = codecs.getincrementaldecoder("utf-8-sig")().decode(probe, final=False)
    except UnicodeDecodeError:
        try:
            text = probe.decode("cp1252")
        except UnicodeDecodeError:
            return False
    controls = sum(
        1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in ALLOWED_CONTROLS
    )
    return controls <= MAX_CONTROL_SHARE * max(len(text), 1)


def filename_clean(name: str) -> str:
    """The name as a clerk would read it, safe to store, show and send in a header: its last
    path component, without control or invisible formatting characters (NUL, bidirectional
    overrides), without leading dots, at most 255 characters with a short extension kept."""
    name = unicodedata.normalize("NFC", name).replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = " ".join(name.split()).lstrip(". ")
    if len(name) > FILENAME_MAX:
        stem, dot, extension = name.rpartition(".")
        if dot and stem and len(extension) <= EXTENSION_MAX:
            name = stem[: FILENAME_MAX - len(extension) - 1].rstrip() + "." + extension
        else:
            name = name[:FILENAME_MAX].rstrip()
    return name or DEFAULT_FILENAME


def filename_for_format(name: str, file_format: str) -> str:
    """`name` with an extension that opens a file of `file_format`: a missing one added, one
    of another format replaced (a Word file named "brief.pdf" is "brief.docx"); an unknown
    one ("notities.md") is kept."""
    own = EXTENSIONS.get(file_format)
    if not own:
        return name
    stem, dot, suffix = name.rpartition(".")
    suffix = f".{suffix.lower()}" if dot and stem else ""
    if suffix in own:
        return name
    if any(suffix in others for others in EXTENSIONS.values()):
        return stem + own[0]
    if suffix and len(suffix) <= EXTENSION_MAX + 1 and " " not in suffix:
        return name
    return name + own[0]
