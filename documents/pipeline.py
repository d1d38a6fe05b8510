"""From an uploaded file to its structure: extract → clean → split_footnotes → segment →
classify → build → annotate.

Each stage is a plain function with a one-line contract. Labels, statements, footnote
markers and references are read by the registered spaCy components in `documents.spacy_pipeline`;
lines become paragraphs in `documents.paragraphs`, and what a document says about itself
(letter head, identifiers, submitters, signatories) is read in `documents.metadata`.
Nothing here touches the database; `documents.services` stores what `structure_document`
returns.
The stages stay in this one module (about 400 lines) so that the recipe reads top to bottom.
"""

import io
import re
from dataclasses import replace
from itertools import pairwise
from typing import Any

from documents.answer_labels import inline_label
from documents.extraction.docx import extract_docx
from documents.extraction.markup import extract_markup
from documents.extraction.pdf import extract_pdf
from documents.extraction.text import extract_text
from documents.extraction.types import ExtractedText, ExtractionError, Line
from documents.formats import ACCEPTED_HINT, sniff_format
from documents.identifiers import ZAAK_NUMBER, find_urls
from documents.metadata import (
    NOTICE_WORDING,
    QUESTIONS_INTRO,
    SIGNATORY,
    SIGNATURE_START,
    SIGNED_NAME,
    is_list_committee_line,
    opens_list_of_questions,
    read_letter_head_line,
    read_letter_metadata,
    read_list_head_line,
    read_list_of_questions,
    read_official_identifiers,
    read_question_set_metadata,
    read_statement,
    set_aside_page_details,
)
from documents.paragraphs import (
    hyphenated_words_of,
    item_starts_of,
    join_lines,
    keep_lists_together,
    looks_like_heading,
    paragraph_break_gap,
    split_between_words,
    starts_paragraph,
)
from documents.references import references_of
from documents.spacy_pipeline import (
    LABELS,
    LEMMAS,
    REFERENCES,
    SENTENCES,
    analyse_line,
    annotated,
    content_lemmas_of,
    may_be_label,
    strip_markers,
    take_markers,
    take_markers_of_paragraphs,
)
from documents.structure import (
    DocumentStructure,
    FootnoteItem,
    Paragraph,
    PassageItem,
    QuestionItem,
)

FOOTNOTE_LINE = re.compile(r"^(\d{1,3})\s+(.*)$")
# Classifying: what stands on a document's first page decides its kind.
INTRO_PARAGRAPHS = 5  # "Vragen van het lid … (ingezonden …)" opens a question document
# A letter to the Kamer: the addressee or Kamerstuk title of the printed letter, or the
# salutation of the ministries' letters since 2019 ("Geachte voorzitter,").
LETTER_HEAD = re.compile(
    r"Aan de Voorzitter van de Tweede Kamer|BRIEF VAN"
    r"|^\s*(?:Hoog)?[Gg]eachte (?:(?:mevrouw|heer) de )?[Vv]oorzitter\b",
    re.MULTILINE,
)
HEAD_CHARACTERS = 3000  # "Mededeling", "Aan de Voorzitter …" stand in the head
SIGNATURE_PARAGRAPHS = 6  # a letter's last paragraphs hold its signature
UNNUMBERED_ANSWER_LABEL = re.compile(r"^Antwoord\s*:?\s+")  # "Antwoord" over the answer
ANSWER_ALONE = re.compile(r"^Antwoord\s*:?$")  # a paragraph of its own
ANSWER_OPENING = re.compile(r"^Antwoord\s*:\s+")  # "Antwoord: Ja." (a colon: no sentence)
# A number opening a bold question, read with it on one line ("3. Bent u …?")
HANGING_NUMBER = re.compile(r"^(\d{1,3})[.)]?\s+(?=\S)")
MIN_LABELS = 2  # one "Vraag 1" may be quoted; two numbered questions make a question document
METADATA_PARAGRAPHS = 6  # the submitters, addressees and date of a set stand in its intro
# A section heading naming the set whose answers follow, in a document answering several:
# "Vragen van het lid X (2023Z01234)", "Beantwoording vragen van de leden X en Y over Z".
SET_HEADING = re.compile(
    r"^(?:Beantwoording\s+(?:van\s+)?(?:de\s+)?)?vragen\s+van\s+(?:het\s+lid|de\s+leden)\s",
    re.IGNORECASE,
)
SET_HEADING_MAX_CHARACTERS = 400
# The sets an answer's header names in turn: "Antwoord van … op vragen van het lid A over B
# (2023Z01234) en op vragen van de leden C en D over E (ontvangen …)".
ANSWERED_SET = re.compile(
    r"\bop\s+(vragen\s+van\s+(?:het\s+lid|de\s+leden)\s.+?)\s*(?:\(\d{4}Z\d{5}\)\s*)?"
    r"(?=\s+en\s+op\s+vragen\s+van\s|\((?:ontvangen|ingezonden)\b|$)",
    re.IGNORECASE | re.DOTALL,
)
# A text without blank lines (a plain-text export, one endless line) is no single paragraph:
# spaCy refuses a text over 1,000,000 characters, and a passage that long cannot be read.
MAX_PARAGRAPH_CHARACTERS = 10_000


# extract ------------------------------------------------------------------------------------


def extract(data: bytes, file_format: str) -> ExtractedText:
    """Reads the file's bytes, returns pages of classified lines."""
    if file_format == "pdf":
        return extract_pdf(io.BytesIO(data))
    if file_format == "text":
        return extract_text(data)
    if file_format in {"html", "xml"}:
        return extract_markup(data)
    if file_format == "docx":
        return extract_docx(data)
    raise ExtractionError(f"Dit bestandsformaat wordt niet ondersteund; {ACCEPTED_HINT}.")


# clean --------------------------------------------------------------------------------------


def clean(extracted: ExtractedText) -> list[Paragraph]:
    """Reads body lines, returns paragraphs: lines joined, words de-hyphenated, labels apart."""
    body = [line for page in extracted.pages for line in page.lines if line.kind == "body"]
    hyphenated_words = hyphenated_words_of(body)
    break_gap = 0.0 if extracted.blank_line_breaks else paragraph_break_gap(body)
    paragraphs: list[Paragraph] = []
    current: list[Line] = []

    def flush() -> None:
        if current:
            lines = [line.text for line in current]
            text = join_lines(lines, hyphenated_words)
            starts = item_starts_of(lines, text, hyphenated_words)
            is_heading = looks_like_heading(current)
            position = 0
            for part in split_between_words(text, MAX_PARAGRAPH_CHARACTERS):
                position = text.index(part, position)
                paragraphs.append(
                    Paragraph(
                        text=part,
                        page=current[0].page,
                        is_heading=is_heading,
                        bold=all(line.bold for line in current),
                        item_starts=[s - position for s in starts if 0 < s - position < len(part)],
                    )
                )
                position += len(part)
            current.clear()

    previous: Line | None = None
    for line in body:
        text = line.text.strip()
        inline = inline_label(text)
        if inline is not None and (labelled := analyse_line(inline[0]))._.qa_label:
            flush()
            label, nader = labelled._.qa_label, labelled._.nader
            paragraphs.append(Paragraph(text=inline[0], page=line.page, label=label, nader=nader))
            line = replace(line, text=inline[1])
            text = inline[1]
        analysed = analyse_line(text) if may_be_label(text) else None
        if analysed is not None and analysed._.qa_label:
            flush()
            label, nader = analysed._.qa_label, analysed._.nader
            paragraphs.append(Paragraph(text=text, page=line.page, label=label, nader=nader))
        else:
            if current and (
                line.starts_block
                or (analysed and analysed._.starts_statement)
                or starts_paragraph(line, previous, current, break_gap)
                or sum(len(kept.text) for kept in current) + len(text) > MAX_PARAGRAPH_CHARACTERS
            ):
                flush()
            current.append(line)
        previous = line
    flush()
    return keep_lists_together(_hanging_numbers(paragraphs))


def _hanging_numbers(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """A bold question opened by its number ("3. Bent u …?") is the number's label and the
    question, as it is where the number, a tab left of the question, was read as a line of
    its own: in a document that numbers its questions so (no "Vraag" or "Antwoord" labels,
    at least MIN_LABELS bold questions ending in "?" under numbers in order). A numbered
    list in the text (not bold) or a bold numbered heading ("2. Achtergrond") stays text."""
    if any(p.label and p.label[0] != "number" for p in paragraphs):
        return paragraphs
    found: dict[int, int] = {}  # paragraph opened by its number → the number
    asked = 0
    previous = 0
    for index, paragraph in enumerate(paragraphs):
        opening = None if paragraph.label else HANGING_NUMBER.match(paragraph.text)
        if paragraph.label:
            number, start = paragraph.label[1][0], index + 1
            below = paragraphs[start] if start < len(paragraphs) else None
            if below is None or below.label or not below.bold:
                continue
        elif paragraph.bold and opening:
            number, start = int(opening.group(1)), index
        else:
            continue
        if number not in (1, previous + 1):
            continue
        previous = number
        if opening:
            found[index] = number
        asked += _bold_run_asks(paragraphs, start)
    if asked < MIN_LABELS:
        return paragraphs
    out: list[Paragraph] = []
    for index, paragraph in enumerate(paragraphs):
        if index in found:
            question = _without_opening(paragraph, HANGING_NUMBER)
            number_text = paragraph.text[: len(paragraph.text) - len(question.text)].strip()
            label = Paragraph(
                text=number_text, page=paragraph.page, label=("number", (found[index],))
            )
            out += [label, question]
        else:
            out.append(paragraph)
    return out


def _bold_run_asks(paragraphs: list[Paragraph], start: int) -> bool:
    """The bold paragraphs from `start` on (up to a label or a paragraph not bold) end in a
    question mark."""
    end = start
    while end + 1 < len(paragraphs) and paragraphs[end + 1].bold and not paragraphs[end + 1].label:
        end += 1
    return strip_markers(paragraphs[end].text).rstrip().endswith("?")


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
        note.text = join_lines(lines, set())
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
    intro = " ".join(p.text for p in units[0][1][:INTRO_PARAGRAPHS])
    all_text = _all_text(extracted)
    if "answer" in labels:
        return "answers"
    head = all_text[:HEAD_CHARACTERS]
    if re.search(r"^\s*Mededeling\b", head, re.MULTILINE) or NOTICE_WORDING.search(all_text):
        return "notice"
    letter_head = LETTER_HEAD.search(head)
    numbers = [label.label[1][0] for label, _ in units if label and label.label[1]]
    in_order = all(a < b for a, b in pairwise(numbers))
    below_label = sum(_below_answer_label(p) is not None for _, p in units[1:])
    if in_order and below_label >= MIN_LABELS:
        return "answers"  # "1", the question, "Antwoord:", the answer (a list of questions)
    if in_order and below_label and _states_answer(units):
        return "answers"  # "Antwoord van Minister X (ontvangen …)" over one "Antwoord"
    if in_order and _bold_questions(units):
        return "answers"  # "1.", a bold question, its answer in plain text below it
    if (
        opens_list_of_questions(head)
        and in_order
        and len(_answered_in_place(units, list_of_questions=True)) >= MIN_LABELS
    ):
        return "answers"  # a committee's list: each answer below its question, unlabelled
    if labels and QUESTIONS_INTRO.search(intro):
        return "questions"
    if labels.count("question") >= MIN_LABELS:
        if not letter_head:
            return "questions"
        # A minister's letter that reprints the numbered questions: it answers them in place
        # ("Vraag 2", the question, the answer below it), or it quotes them.
        # Numbers that start again answer several sets: which set each answer is of, the
        # numbers cannot tell.
        in_place = len(_answered_in_place(units)) >= MIN_LABELS
        return "answers" if in_place and in_order else "letter"
    if letter_head:
        return "letter"
    signed = any(_opens_signature(p.text) for p in units[-1][1][-SIGNATURE_PARAGRAPHS:])
    if signed and re.search(r"\b(?:uw|Uw) Kamer\b", all_text):
        return "letter"
    if labels.count("number") >= MIN_LABELS and QUESTIONS_INTRO.search(intro):
        return "questions"
    return "other"


def _states_answer(units: list) -> bool:
    """The document opens with an answer's statement ("Antwoord van Minister X (ontvangen
    …)"), not a notice's."""
    return any(
        label is not None
        and label.label[0] == "statement"
        and (analyse_line(paragraphs[0].text)._.statement or {}).get("what") == "antwoord"
        for label, paragraphs in units
        if paragraphs
    )


def _opens_signature(text: str, *, near_end: bool = False) -> bool:
    """The paragraph opens a letter's signature; `near_end` (one of the document's last two
    paragraphs): a bare name signs too."""
    return bool(
        SIGNATURE_START.match(text)
        or SIGNATORY.match(text)
        or (near_end and SIGNED_NAME.match(text))
    )


def _signature_start(paragraphs: list[Paragraph], *, last: bool) -> int:
    """Where a signature starts among these paragraphs (their number if none); `last`: they
    end the document."""
    for index, paragraph in enumerate(paragraphs):
        near_end = last and index >= len(paragraphs) - 2
        if _opens_signature(paragraph.text, near_end=near_end):
            return index
    return len(paragraphs)


def _bold_questions(units: list) -> bool:
    """The document numbers its questions ("1.", no "Vraag" or "Antwoord" labels) and sets
    each in bold over its answer in plain text: at least MIN_LABELS such questions ending in
    "?", or one below an answer's statement ("Antwoord van Minister X (ontvangen …)")."""
    if any(label is not None and label.label[0] in {"question", "answer"} for label, _ in units):
        return False
    asked = 0
    for label, paragraphs in units[1:]:
        if label is not None and label.label[0] == "number":
            below = _below_bold_question(paragraphs)
            asked += below is not None and _bold_run_asks(below[0], 0)
    return asked >= MIN_LABELS or (asked > 0 and _states_answer(units))


def _below_bold_question(
    paragraphs: list[Paragraph],
) -> tuple[list[Paragraph], list[Paragraph]] | None:
    """A unit opened by bold paragraphs with plain ones below: (the bold question's
    paragraphs, the answer's), else None."""
    asked = 0
    while asked < len(paragraphs) and paragraphs[asked].bold:
        asked += 1
    if 0 < asked < len(paragraphs):
        return paragraphs[:asked], paragraphs[asked:]
    return None


def _answered_in_place(
    units: list, *, list_of_questions: bool = False, bold_questions: bool = False
) -> dict[int, tuple[list[Paragraph], list[Paragraph]]]:
    """The "Vraag N" units of a letter that hold their answer below the question: unit index
    → (the question's paragraphs, up to the last of a run ending in "?"; the answer's). In a
    committee's list of questions a plain number ("1") heads a question and its answer too,
    and so it does in a document setting its numbered questions in bold (`bold_questions`):
    the question is its bold paragraphs."""
    split = {}
    for index, (label, paragraphs) in enumerate(units):
        if label is None or label.label[0] not in {"question", "number"}:
            continue
        below = _below_answer_label(paragraphs)
        if below is None and bold_questions and label.label[0] == "number":
            below = _below_bold_question(paragraphs)
        if below is not None:
            split[index] = below
            continue
        if label.label[0] != "question" and not list_of_questions:
            continue
        asked = 0
        while asked < len(paragraphs) and not paragraphs[asked].text.rstrip().endswith("?"):
            asked += 1  # context before the question ("In het artikel staat …")
        while asked < len(paragraphs) and paragraphs[asked].text.rstrip().endswith("?"):
            asked += 1
        if 0 < asked < len(paragraphs):
            first, *rest = paragraphs[asked:]
            unlabelled = _without_opening(first, UNNUMBERED_ANSWER_LABEL)
            split[index] = (paragraphs[:asked], [unlabelled, *rest])
    return split


def _below_answer_label(
    paragraphs: list[Paragraph],
) -> tuple[list[Paragraph], list[Paragraph]] | None:
    """A numbered unit whose answer stands under an unnumbered "Antwoord:" of its own (or
    opening its first paragraph): (the question's paragraphs, the answer's), else None."""
    for index, paragraph in enumerate(paragraphs[1:], start=1):
        if ANSWER_ALONE.match(paragraph.text):
            answer = paragraphs[index + 1 :]
            return (paragraphs[:index], answer) if answer else None
        if ANSWER_OPENING.match(paragraph.text):
            unlabelled = _without_opening(paragraph, ANSWER_OPENING)
            return paragraphs[:index], [unlabelled, *paragraphs[index + 1 :]]
    return None


def _without_opening(paragraph: Paragraph, opening: re.Pattern) -> Paragraph:
    """The paragraph without the words `opening` matches at its start ("Antwoord: "), its
    list items where they were."""
    text = opening.sub("", paragraph.text, count=1)
    cut = len(paragraph.text) - len(text)
    starts = [start - cut for start in paragraph.item_starts if start > cut]
    return replace(paragraph, text=text, item_starts=starts)


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
    if kind == "answers":
        units, runs = _answer_runs(units)
        if len(runs) > 1:  # which set the document is of: the first run's, if certain
            structure.metadata["answer_runs"] = runs
            structure.identifiers.pop("zaak", None)
            if runs[0]["zaak"]:
                structure.identifiers["zaak"] = runs[0]["zaak"]
    # Of several runs the first is 1: 0 is a document answering one set
    run = 1 if structure.metadata.get("answer_runs") else 0
    intro, *numbered = units
    if kind == "answers" and opens_list_of_questions("\n".join(p.text for p in intro[1][:8])):
        structure.metadata["list_of_questions"] = True  # a committee's list, a Kamerstuk
    structure.passages = _passages(intro[1], kind, structure)
    labels = [label.label[0] for label, _ in numbered]
    # Set in bold over their answers, questions left without one are answered with the next
    bold_questions = kind == "answers" and _bold_questions(units)
    waiting: list[int] = []
    if kind != "answers":
        in_place = {}
    elif "answer" not in labels:
        in_place = _answered_in_place(
            units,
            list_of_questions=bool(structure.metadata.get("list_of_questions")),
            bold_questions=bold_questions,
        )
    else:  # "Vraag 3" over a bare "Antwoord" among "Antwoord 1 en 2" labels
        in_place = {
            index: below
            for index, (label, paragraphs) in enumerate(units)
            if label is not None
            and label.label[0] == "question"
            and (below := _below_answer_label(paragraphs)) is not None
        }
    for index, (label, paragraphs) in enumerate(numbered, start=1):
        label_kind, numbers = label.label
        if label_kind == "run":
            run = numbers[0] + 1
            structure.passages += _passages(
                paragraphs, kind, structure, first_order=len(structure.passages)
            )
        elif label_kind == "statement":
            _statement(paragraphs, structure)
        elif label_kind == "answer":
            _answer(label, paragraphs, numbers, structure, run=run)
        elif kind == "letter" or run > 1:
            # A question the letter quotes is part of its text, and so is another set's
            # (a later run's numbers are not the document's set's questions).
            structure.passages += _passages(
                [Paragraph(text=label.text, page=label.page, is_heading=True), *paragraphs],
                kind,
                structure,
                first_order=len(structure.passages),
            )
        elif index in in_place:
            asked, answer = in_place[index]
            _questions(label, asked, numbers, structure)
            signed = _signature_start(answer, last=index == len(numbered))
            if signed:
                answered = tuple(dict.fromkeys((*waiting, *numbers)))
                _answer(label, answer[:signed], answered, structure, run=run)
            waiting.clear()
            structure.passages += _passages(
                answer[signed:], kind, structure, first_order=len(structure.passages)
            )
        else:
            _questions(label, paragraphs, numbers, structure)
            if bold_questions and label_kind == "number":
                waiting += numbers
    if kind in {"questions", "answers", "notice"}:
        read_question_set_metadata(
            structure, " ".join(p.text for p in intro[1][:METADATA_PARAGRAPHS]), extracted.metadata
        )
    read_official_identifiers(all_text, extracted.metadata, structure)  # after the letter's head
    if structure.metadata.get("list_of_questions"):
        read_list_of_questions(structure, keep_zaak=bool(extracted.metadata.get("page.nr")))
    if kind in {"letter", "notice"}:
        read_letter_metadata(structure)
    return structure


def _answer_runs(units: list) -> tuple[list, list[dict]]:
    """An answer document's numbered answers in runs, one per set it answers: a run starts
    where the numbers start again or at a section heading naming a set ("Vragen van het lid
    X (2023Z01234)", cut out of the answer above it into a unit of its own, labelled
    ("run", (its number,))). Each run with its heading and its zaak number when certain:
    the heading's, or the document header's zaak numbers in order, as many as there are runs;
    and what the header says of each set, when it names as many ("described").
    """
    out: list = []
    runs: list[dict] = [{"heading": "", "zaak": None}]
    highest: dict[str, int] = {}  # the current run's highest number of each kind of label

    def start(heading: Paragraph | None, page: int) -> None:
        if highest:  # the current run has numbers: a new one starts
            runs.append({"heading": "", "zaak": None})
            highest.clear()
            out.append((Paragraph(text="", page=page, label=("run", (len(runs) - 1,))), []))
        if heading is not None:
            runs[-1]["heading"] = heading.text
            out[-1][1].append(replace(heading, is_heading=True))

    for label, paragraphs in units:
        kind, numbers = label.label if label is not None else ("", ())
        # "Vraag 1" again after "Vraag 4", or "Antwoord 1" after "Antwoord 1"; not a "Nader
        # antwoord 1", nor answers out of order ("Antwoord 3", "Antwoord 2").
        if numbers[:1] == (1,) and kind in highest and not label.nader:
            start(None, label.page)
        if numbers:
            highest[kind] = max(highest.get(kind, 0), *numbers)
        out.append((label, []))
        for paragraph in paragraphs:
            if (
                SET_HEADING.match(paragraph.text)
                and len(paragraph.text) <= SET_HEADING_MAX_CHARACTERS
                and not paragraph.text.rstrip().endswith("?")
            ):
                start(paragraph, paragraph.page)
            else:
                out[-1][1].append(paragraph)
    if len(runs) == 1:
        return units, runs
    for item in runs:
        found = ZAAK_NUMBER.findall(item["heading"])
        item["zaak"] = found[0] if len(found) == 1 else None
    first_label = next(i for i, (label, _) in enumerate(out) if label and label.label[1])
    head = " ".join(p.text for _, paragraphs in out[:first_label] for p in paragraphs)
    described = ANSWERED_SET.findall(head)
    if len(described) == len(runs):  # members and subject, as the header names each set
        for item, said in zip(runs, described, strict=True):
            item["described"] = said
    listed = list(dict.fromkeys(ZAAK_NUMBER.findall(head)))
    if len(listed) == len(runs):
        pairs = list(zip(runs, listed, strict=True))
        if all(item["zaak"] in (None, zaak) for item, zaak in pairs):
            for item, zaak in pairs:
                item["zaak"] = zaak
    return out, runs


def _answer(
    label: Paragraph,
    paragraphs: list[Paragraph],
    numbers: tuple,
    structure: DocumentStructure,
    *,
    run: int = 0,
) -> None:
    for heading, section in _answer_sections(label, paragraphs, structure):
        text, markers, starts = take_markers_of_paragraphs(_parts(section))
        structure.passages.append(
            PassageItem(
                order=len(structure.passages),
                text=text,
                paragraph_starts=starts,
                page=section[0].page if section else label.page,
                heading=heading,
                role="answer",
                answer_numbers=list(numbers),
                footnote_markers=markers,
                nader=label.nader or bool(structure.metadata.get("nader_antwoord")),
                answer_run=run,
            )
        )


def _answer_sections(
    label: Paragraph, paragraphs: list[Paragraph], structure: DocumentStructure
) -> list[tuple[str, list[Paragraph]]]:
    """An answer in a list of questions may have sub-headings of its own ("Zvw", "Wlz" over
    their paragraphs): each section is a passage of the answer under its own heading
    ("Antwoord op vraag 1: Zvw"), so that the sub-heading is no word of the answer. Any
    other answer is one passage under its label."""
    if not structure.metadata.get("list_of_questions"):
        return [(label.text, paragraphs)]
    sections: list[tuple[str, list[Paragraph]]] = [(label.text, [])]
    for index, paragraph in enumerate(paragraphs):
        over_text = index + 1 < len(paragraphs) and not paragraphs[index + 1].is_heading
        if paragraph.is_heading and over_text:
            sub = take_markers(paragraph.text)[0]
            sections.append((f"{label.text.rstrip(' :')}: {sub}", []))
        else:
            sections[-1][1].append(paragraph)
    return [section for section in sections if section[1]] or [(label.text, paragraphs)]


def _questions(
    label: Paragraph, paragraphs: list[Paragraph], numbers: tuple, structure: DocumentStructure
) -> None:
    """One question per number; a combined heading ("Vraag 3, 4 en 5") over as many
    paragraphs gives each number its paragraph, otherwise the text goes to the first."""
    groups = [[p] for p in paragraphs] if len(paragraphs) == len(numbers) > 1 else [paragraphs]
    for number, group in zip(numbers, groups, strict=False):
        text, markers, starts = take_markers_of_paragraphs(_parts(group))
        if text:
            page = group[0].page if group else label.page
            structure.questions.append(
                QuestionItem(
                    number=number,
                    text=text,
                    page=page,
                    footnote_markers=markers,
                    paragraph_starts=starts,
                )
            )


def _parts(paragraphs: list[Paragraph]) -> list[str]:
    """The paragraphs' texts, each list item kept inside one a part of its own."""
    return [part for paragraph in paragraphs for part in paragraph.parts()]


def _statement(paragraphs: list[Paragraph], structure: DocumentStructure) -> None:
    """ "Antwoord van Minister X (ontvangen …)" or "Mededeling van …": who answers and
    when; for a notice the paragraphs after it are the notice itself."""
    head, *rest = paragraphs
    read_statement(analyse_line(head.text)._.statement, structure)
    for paragraph, role in [(head, "introduction")] + [(p, "body") for p in rest]:
        passage_text, passage_markers, starts = take_markers_of_paragraphs(paragraph.parts())
        if passage_text:
            structure.passages.append(
                PassageItem(
                    order=len(structure.passages),
                    text=passage_text,
                    page=paragraph.page,
                    role=role,
                    footnote_markers=passage_markers,
                    paragraph_starts=starts,
                )
            )


def _passages(
    paragraphs: list[Paragraph], kind: str, structure: DocumentStructure, *, first_order: int = 0
) -> list:
    """The passages of these paragraphs, numbered from `first_order` (0: the document's
    opening, where a letter's head is read)."""
    passages: list[PassageItem] = []
    heading = ""
    in_signature = False
    # a letter's head: until the body starts
    in_head = first_order == 0 and kind in {"letter", "notice", "other", "answers"}
    text = ""
    for index, paragraph in enumerate(paragraphs):
        before = text  # the previous paragraph's text, read once
        text, markers, starts = take_markers_of_paragraphs(paragraph.parts())
        if not text:
            continue
        if in_head and (
            read_list_head_line(text, structure) or read_letter_head_line(text, kind, structure)
        ):
            continue
        in_signature = in_signature or _opens_signature(text, near_end=index >= len(paragraphs) - 2)
        # a list's committee lines, the name below "De voorzitter van de commissie,"
        signs_list = bool(structure.metadata.get("list_of_questions")) and (
            is_list_committee_line(text) or is_list_committee_line(before)
        )
        if paragraph.is_heading and not in_signature and not signs_list:
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
                order=first_order + len(passages),
                text=text,
                page=paragraph.page,
                heading=heading,
                role=role,
                footnote_markers=markers,
                paragraph_starts=starts,
            )
        )
    return passages


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
    # Each kind of item gets only the fields its components fill.
    plan: list[tuple[list[Any], tuple[str, ...]]] = [
        (answers, (*passage_components, LABELS)),
        (others, passage_components),
        (structure.questions, (LEMMAS,)),
        (structure.footnotes, (REFERENCES,)),
    ]
    for items, components in plan:
        # One doc at a time: a 2,000-page letter's docs held together took ~250 MB.
        for index, doc in annotated([item.text for item in items], components=components):
            item = items[index]
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


def no_text_message(file_format: str) -> str:
    """Why a file without text failed: only a PDF without a text layer is a scan to OCR; an
    SVG drawing or an empty page is not."""
    if file_format == "pdf":
        return (
            "Dit document heeft geen tekstlaag (een scan): het moet eerst met OCR worden "
            "omgezet naar tekst."
        )
    return "Dit bestand bevat geen tekst om te lezen."


def structure_document(data: bytes, *, kind: str | None = None) -> DocumentStructure:
    """Runs every stage on a file's bytes; `kind` overrides the detected document kind.

    extract → clean → split_footnotes → segment → classify → build → annotate."""
    file_format = sniff_format(data)
    extracted = extract(data, file_format)
    if not extracted.has_text_layer:
        raise ExtractionError(no_text_message(file_format))
    set_aside_page_details(extracted)  # a Kamervraag web page's title and details block
    paragraphs = clean(extracted)
    footnotes = split_footnotes(extracted)
    units = segment(paragraphs)
    detected = classify(extracted, units, footnotes)
    structure = build(kind or detected, extracted, units, footnotes)
    annotate_structure(structure)
    structure.metadata["detected_kind"] = detected
    structure.metadata["format"] = file_format
    return structure
