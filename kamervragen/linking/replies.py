"""Letters written in reply to question sets.

A minister who answers written questions in a letter instead of an answer document says so
near the top: "Ik ga daarbij in op de vragen die hierover zijn gesteld (ingezonden 3
november 2010)", or names the zaak number or the member who asked. Such a letter answers
that set's questions (sometimes of several sets), nearly always in the order they were
asked, without numbering them. Linking uses both facts: every paragraph of the letter is
matched to one question, and the paragraphs follow the questions (`align_in_order`).
"""

import re
from collections.abc import Sequence

from django.contrib.postgres.search import SearchQuery
from django.db.models import QuerySet, TextField
from django.db.models.functions import Cast
from spacy.lang.nl.stop_words import STOP_WORDS

from documents.dutch import DATE, MONTHS, ZAAK_NUMBER, parse_date
from documents.models import Document, Passage
from kamervragen.models import QuestionSet

DECLARATION_PASSAGES = 3  # a letter says which questions it answers in its opening
MONTH_NAMES = {number: name for name, number in MONTHS.items()}
# "de vragen … (ingezonden 3 november 2010)", "vragen …, gesteld op 3 november 2010", "de op
# 3 november 2010 ingezonden vragen"; not "de beantwoording van Kamervragen van 24 maart 2022"
# (that date is the answer's).
SUBMITTED = re.compile(
    rf"\b(?:ingezonden|ingediend|gesteld)\s+(?:op\s+)?{DATE.pattern}"
    rf"|\bop\s+{DATE.pattern}\s+(?:ingezonden|ingediende|gestelde)\b",
    re.IGNORECASE,
)
QUESTIONS = re.compile(r"\b(?:kamer)?vragen\b", re.IGNORECASE)
# "de vragen van het lid Van Ginneken (D66) over …", "vragen van de leden Schouw en Verhoeven"
ASKED_BY = re.compile(
    r"\bvragen van (?:het (?:kamer)?lid|de (?:kamer)?leden)\s+(?P<who>[^()]{2,200}?)\s*"
    r"(?:\(|\bover\b|,)",
    re.IGNORECASE,
)
NAME_PARTICLES = {"van", "de", "der", "den", "ten", "ter", "het", "en"}
MIN_SHARED_TOPIC_WORDS = 3  # a member has asked many sets: the letter must share their topic
MEMBER_SETS = 50  # the member's most recent sets considered
DECLARATION_WORDS = set(STOP_WORDS) | {
    "vragen", "kamervragen", "bericht", "berichten", "gesteld", "informeer", "informeren",
    "daarbij", "hierover", "hierbij", "ingezonden", "antwoord", "antwoorden", "beantwoord",
    "beantwoording", "leden", "beiden", "allen", "minister", "staatssecretaris", "kamer",
    "brief", "voorzitter", "namens",
}  # fmt: skip


def declared_question_sets(passages: Sequence[Passage]) -> dict[int, Passage]:
    """The question sets this letter says it answers, each with the passage that says so.

    Only the opening passages count, and only a passage that speaks of questions
    ("vragen") and gives their zaak number, the date they were submitted or the member who
    asked them. When several sets were submitted that day, or the member asked several, the
    one whose title and questions share most words with the passage is taken, and none if
    that is not clear.
    """
    opening = [p for p in passages if p.role != Passage.Role.SIGNATURE][:DECLARATION_PASSAGES]
    declared: dict[int, Passage] = {}
    for passage in opening:
        text = passage.text
        if not QUESTIONS.search(text):
            continue
        zaak_numbers = ZAAK_NUMBER.findall(text)
        by_zaak = QuestionSet.objects.filter(zaak_number__in=zaak_numbers)
        for question_set in by_zaak:
            declared.setdefault(question_set.pk, passage)
        found = bool(by_zaak)
        for match in SUBMITTED.finditer(text):
            submitted = parse_date(match.group(0))
            if submitted is None:
                continue
            chosen = _best_matching(QuestionSet.objects.filter(submitted=submitted), text)
            if chosen is not None:
                declared.setdefault(chosen.pk, passage)
                found = True
        if not found:
            for question_set in _asked_by_members(text):
                declared.setdefault(question_set.pk, passage)
    return declared


def _asked_by_members(text: str) -> list[QuestionSet]:
    """ "De vragen van het lid Van Ginneken (D66) over …" without a date or zaak number: the
    set of that member's that clearly shares most topic words with the passage."""
    chosen = []
    for match in ASKED_BY.finditer(text):
        surnames = [
            word
            for word in re.findall(r"[^\W\d_][\w'’-]+", match.group("who"))
            if word[0].isupper() and word.lower() not in NAME_PARTICLES
        ]
        if not surnames:
            continue
        candidates = (
            QuestionSet.objects.annotate(who=Cast("submitters", TextField()))
            .filter(who__icontains=surnames[-1])
            .order_by("-submitted", "-pk")[:MEMBER_SETS]
        )
        best = _best_matching(candidates, text, min_overlap=MIN_SHARED_TOPIC_WORDS)
        if best is not None:
            chosen.append(best)
    return chosen


def _best_matching(
    question_sets: QuerySet[QuestionSet], text: str, min_overlap: int = 0
) -> QuestionSet | None:
    """The set whose title and questions share clearly most words with the text."""
    candidates = list(question_sets.prefetch_related("questions"))
    if len(candidates) == 1 and not min_overlap:
        return candidates[0]
    if not candidates:
        return None
    words = _content_words(text)
    ranked = sorted(
        ((len(words & _content_words(_set_text(s))), s) for s in candidates),
        key=lambda pair: pair[0],
        reverse=True,
    )
    best, chosen = ranked[0]
    runner_up = ranked[1][0] if len(ranked) > 1 else 0
    if best == 0 or best < min_overlap or best == runner_up:
        return None
    return chosen


def _set_text(question_set: QuestionSet) -> str:
    return " ".join([question_set.title, *(q.text for q in question_set.questions.all())])


def _content_words(text: str) -> set[str]:
    """Words of five letters or more, but for those every declaration uses ("vragen")."""
    return set(re.findall(r"[^\W\d_]{5,}", text.lower())) - DECLARATION_WORDS


def replying_documents(question_set: QuestionSet) -> list[Document]:
    """Letters already in the database that declare they answer this question set.

    Found through the passages' GIN-indexed search vector (the zaak number, the date as a
    phrase, or a submitter's surname, beside "vragen"), then confirmed by
    `declared_question_sets`.
    """
    queries = []
    if question_set.zaak_number:
        queries.append(SearchQuery(question_set.zaak_number, config="simple"))
    if question_set.submitted:
        day = question_set.submitted
        phrase = f"{day.day} {MONTH_NAMES[day.month]} {day.year}"
        queries.append(
            SearchQuery(phrase, config="dutch", search_type="phrase")
            & SearchQuery("vragen", config="dutch")
        )
    for surname in _surnames(question_set):
        queries.append(SearchQuery(surname, config="dutch") & SearchQuery("vragen", config="dutch"))
    if not queries:
        return []
    query = queries[0]
    for other in queries[1:]:
        query |= other
    document_ids = set(
        Passage.objects.filter(
            search_vector=query,
            document__status=Document.Status.DONE,
            document__kind__in=[Document.Kind.LETTER, Document.Kind.OTHER],
        ).values_list("document_id", flat=True)[:50]
    )
    documents = []
    for document in Document.objects.filter(pk__in=document_ids).order_by("pk"):
        passages = list(
            document.passages.filter(superseded=False)
            .exclude(role=Passage.Role.SIGNATURE)
            .order_by("order")[:DECLARATION_PASSAGES]
        )
        if question_set.pk in declared_question_sets(passages):
            documents.append(document)
    return documents


def _surnames(question_set: QuestionSet) -> list[str]:
    names = [item.get("name", "") for item in question_set.submitters if isinstance(item, dict)]
    return [
        words[-1]
        for words in (
            [w for w in name.split() if w.lower() not in NAME_PARTICLES] for name in names
        )
        if words
    ]


def align_in_order(
    scores: Sequence[Sequence[float]], bonuses: Sequence[float], skip_costs: Sequence[float]
) -> list[int]:
    """For each passage (row) the question (column) it answers, never going back.

    Maximises the passages' scores plus `bonuses[c]` for every question c that gets a
    passage, less `skip_costs[c]` for every question c passed over: a passage whose own
    words are ambiguous goes to the next question, which is where a letter that follows the
    questions puts it.
    """
    if not scores:
        return []
    columns = range(len(bonuses))
    skipped_before = [0.0]  # skipped_before[c]: the cost of passing over columns 0 … c-1
    for cost in skip_costs:
        skipped_before.append(skipped_before[-1] + cost)

    def step(came: int, to: int) -> float:  # came == -1: before the first question
        if came == to:
            return 0.0
        return bonuses[to] - (skipped_before[to] - skipped_before[came + 1])

    best = [scores[0][c] + step(-1, c) for c in columns]
    back: list[list[int]] = []
    for row in scores[1:]:
        pointers = [
            max((c for c in columns if c <= to), key=lambda c: best[c] + step(c, to))
            for to in columns
        ]
        best = [row[to] + best[c] + step(c, to) for to, c in zip(columns, pointers, strict=True)]
        back.append(pointers)
    column = max(columns, key=lambda c: best[c])
    path = [column]
    for pointers in reversed(back):
        column = pointers[column]
        path.append(column)
    return path[::-1]
