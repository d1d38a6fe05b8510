"""Lines into paragraphs: where a paragraph starts, headings, list items kept with the
paragraph that opens the list (and where each starts in it), and words hyphenated at line
ends joined again (coordinated compounds such as "scan- en detectie" and URLs keep their
hyphen)."""

import re
import statistics
from collections.abc import Iterable

from documents.dehyphenation import keeps_hyphen
from documents.extraction.types import Line
from documents.identifiers import find_urls
from documents.spacy_pipeline import strip_markers
from documents.structure import Paragraph

TERMINAL = re.compile(r"[.?!:;][»”’\")]*$")

COORDINATING = {"en", "of", "tot", "als", "dan", "noch"}

LIST_ITEM = re.compile(r"^(?:[•·▪◦●\-–*]\s|\(?\d{1,2}[).]\s|\(?[a-z]\)\s)")
BULLET = re.compile(r"^[•·▪◦●]\s")
# A line that opens a list item inside a paragraph follows one that ends a clause ("…:",
# "…;", "…, en", "….»"): a line break before "– zo blijkt –" or "26) uitgebracht" in the
# middle of a sentence starts no item.
ENDS_CLAUSE = re.compile(r"(?:[.?!:;,][»”’\")]*|[,;]\s+(?:en|of))$")
# "… Kamerstuk 36 200-V, nr." + "26) uitgebracht": an abbreviation's full stop ends no clause
ABBREVIATION = re.compile(r"(?:^|[\s(])(?:[a-z]{1,4}|(?:[a-z]\.)+[a-z])\.$")


def split_between_words(text: str, limit: int) -> list[str]:
    """`text` in pieces of at most `limit` characters, cut at the last space before it (at
    the limit itself in a word that long)."""
    pieces: list[str] = []
    while len(text) > limit:
        cut = text.rfind(" ", 0, limit + 1)
        if cut <= 0:
            cut = limit
        pieces.append(text[:cut].rstrip())
        text = text[cut:].lstrip()
    return [*pieces, text] if text or not pieces else pieces


def keep_lists_together(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """A list item ("• …", "1) …", "a) …") stays in the paragraph that opens the list
    ("drie pijlers:") as long as the items before it end open (":", ";", ","); where it
    starts is kept (`Paragraph.item_starts`)."""
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
            start = len(previous.text) + 1
            previous.item_starts += [start] + [start + s for s in paragraph.item_starts]
            previous.text = f"{previous.text} {paragraph.text}"
            previous.is_heading = False
            continue
        kept.append(paragraph)
    return kept


def item_starts_of(lines: list[str], text: str, hyphenated_words: set[str]) -> list[int]:
    """Where the lines that open a list item start in `text`, the lines joined
    (`join_lines`): a bullet always opens one; a number or letter ("2)", "b.") or a dash
    after a line that ends a clause, or after an item opened the same way ("- Nederland",
    "- België"). None when the lines do not join to `text` item by item."""
    openings = []
    previous_style = ""  # how the paragraph's last item opened ("a)", "1.", "-")
    for index, raw in enumerate(lines):
        line = strip_markers(raw).strip()
        item = LIST_ITEM.match(line)
        if not item:
            continue
        style = re.sub(r"\d+", "1", re.sub(r"[a-z]", "a", item.group().strip()))
        before = strip_markers(lines[index - 1]).rstrip() if index else ""
        ends_clause = bool(ENDS_CLAUSE.search(before)) and not ABBREVIATION.search(before)
        if index and (BULLET.match(line) or ends_clause or style == previous_style):
            openings.append(index)
        if not index or openings[-1:] == [index]:
            previous_style = style
    if not openings:
        return []
    groups = [lines[a:b] for a, b in zip([0, *openings], [*openings, len(lines)], strict=True)]
    pieces = [join_lines(group, hyphenated_words) for group in groups]
    if " ".join(pieces) != text:
        return []
    starts, position = [], 0
    for piece in pieces[:-1]:
        position += len(piece) + 1
        starts.append(position)
    return starts


def paragraph_break_gap(lines: list[Line]) -> float:
    gaps = [line.space_before for line in lines if line.space_before > 0]
    sizes = [line.size for line in lines] or [10.0]
    # the line gap is the lower quartile: a short letter may have more paragraph gaps than
    # line gaps, so the median would be a paragraph gap
    typical = sorted(gaps)[len(gaps) // 4] if len(gaps) > len(lines) / 2 else 0.0
    return typical + 0.5 * statistics.median(sizes)


def starts_paragraph(line: Line, previous: Line | None, current: list[Line], gap: float) -> bool:
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


# A section heading ("Conclusies nationale veiligheid") is at most two lines, this many
# characters and words, and ends without punctuation.
HEADING_LINES = 2
HEADING_CHARACTERS = 120
HEADING_WORDS = 16


def looks_like_heading(lines: list[Line]) -> bool:
    """Headings are short, unpunctuated lines set apart as a paragraph of their own."""
    if len(lines) > HEADING_LINES:
        return False
    text = " ".join(strip_markers(line.text).strip() for line in lines)
    return (
        0 < len(text) <= HEADING_CHARACTERS
        and text[0].isupper()
        and not re.search(r"[.,;:?!]$", text)
        and len(text.split()) <= HEADING_WORDS
    )


def hyphenated_words_of(lines: Iterable[Line]) -> set[str]:
    """Words written with a hyphen inside a line: evidence for keeping one at a line break."""
    words: set[str] = set()
    for line in lines:
        for word in line.text.split()[:-1]:
            if re.search(r"\w-\w", word):
                words.add(word.strip("«»“”‘’\"'(),.;:?!").lower())
    return words


def join_lines(lines: list[str], hyphenated_words: set[str]) -> str:
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
