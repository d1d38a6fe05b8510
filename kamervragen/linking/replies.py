"""Letters written in reply to question sets.

A minister who answers written questions in a letter instead of an answer document says so
near the top: "Ik ga daarbij in op de vragen die hierover zijn gesteld (ingezonden 3
november 2010)", or names the zaak number or the member who asked. Such a letter answers
that set's questions (sometimes of several sets), nearly always in the order they were
asked, without numbering them. Linking uses both facts: every paragraph of the letter is
matched to one question, and the paragraphs follow the questions (`align_in_order`).
"""

import functools
import re
from collections.abc import Hashable, Sequence

from django.contrib.postgres.search import SearchQuery
from django.db.models import QuerySet, TextField
from django.db.models.functions import Cast
from spacy.lang.nl.stop_words import STOP_WORDS

from documents.dutch_dates import DATE, MONTHS, parse_date
from documents.identifiers import ZAAK_NUMBER
from documents.models import Document, Passage
from kamervragen.linking.candidates import is_linkable, linkable, through_indexes
from kamervragen.linking.config import DEFAULT, LinkingConfig
from kamervragen.linking.scoring import PassageScorer
from kamervragen.linking.terms import SENTENCE_END, QuestionTerms
from kamervragen.models import QuestionSet

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
DECLARATION_WORDS = set(STOP_WORDS) | {
    "vragen", "kamervragen", "bericht", "berichten", "gesteld", "informeer", "informeren",
    "daarbij", "hierover", "hierbij", "ingezonden", "antwoord", "antwoorden", "beantwoord",
    "beantwoording", "leden", "beiden", "allen", "minister", "staatssecretaris", "kamer",
    "brief", "voorzitter", "namens",
}  # fmt: skip


def declared_question_sets(
    passages: Sequence[Passage], config: LinkingConfig = DEFAULT
) -> dict[int, Passage]:
    """The question sets this letter says it answers, each with the passage that says so.

    Only the opening passages count, and only a passage that speaks of questions
    ("vragen") and gives their zaak number, the date they were submitted or the member who
    asked them. When several sets were submitted that day, or the member asked several, the
    one whose title and questions share most words with the passage is taken, and none if
    that is not clear.
    """
    opening = [p for p in passages if is_linkable(p)][: config.declaration_passages]
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
            for question_set in _asked_by_members(text, config):
                declared.setdefault(question_set.pk, passage)
    return declared


def _asked_by_members(text: str, config: LinkingConfig) -> list[QuestionSet]:
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
            .order_by("-submitted", "-pk")[: config.member_sets]
        )
        best = _best_matching(candidates, text, min_overlap=config.min_shared_topic_words)
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


REPLY_HITS = 500  # passages naming the set read from the index, at most


def replying_documents(
    question_set: QuestionSet, config: LinkingConfig = DEFAULT
) -> list[Document]:
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
    with through_indexes():  # the index hits alone, then their documents
        hits = set(
            Passage.objects.order_by()
            .filter(search_vector=query)
            .values_list("document_id", flat=True)[:REPLY_HITS]
        )
        document_ids = Document.objects.filter(
            pk__in=hits,
            status=Document.Status.DONE,
            kind__in=[Document.Kind.LETTER, Document.Kind.OTHER],
        ).order_by("pk")[:50]
    documents = []
    for document in document_ids:
        passages = list(
            linkable(document.passages.all()).order_by("order")[: config.declaration_passages]
        )
        if question_set.pk in declared_question_sets(passages, config):
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


# aligning the letter's paragraphs with the questions -----------------------------------------

# "Bent u bekend met het bericht …?" and "Herinnert u zich uw antwoord …?" are answered "Ja."
# and left out of a letter (`awareness_weight`).
AWARENESS = re.compile(
    r"^\s*(?:Bent u (?:bekend|op de hoogte)|Is (?:het )?u bekend|Kent u"
    r"|Herinnert u zich|He(?:eft|bt) u (?:kennis ?genomen|gelezen|gezien|kennis ?gemaakt))\b",
    re.IGNORECASE,
)
# "Kunt u deze vragen één voor één en binnen drie weken beantwoorden?": a question about the
# answering of its own set, which only that set's answer addresses.
ABOUT_ITS_OWN_ANSWERS = re.compile(
    r"^\s*(?:kunt|wilt|zou|bent)\b[^?]{0,80}?\b(?:deze|de|uw|alle|mijn)\s+(?:\w+\s+)?vragen\b"
    r"[^?]{0,200}?\bbeantwoorden\b",
    re.IGNORECASE,
)
# An answer opens by echoing the form of its question: "Deelt u de mening …?" — "Nee, ik deel
# die mening niet."; "Klopt het dat …?" — "Het klopt dat …" (`echo_bonus`).
ECHOES = [
    (re.compile(question, re.IGNORECASE), re.compile(answer, re.IGNORECASE))
    for question, answer in [
        (r"\bdeelt u\b", r"\b(?:deel|delen) (?:ik|wij|het kabinet)\b|\bik deel\b"),
        (
            r"\bklopt het\b|\bis het (?:waar|juist)\b|\bklopt (?:dit|dat|het bericht)\b",
            r"\b(?:het|dit|dat) (?:klopt|is (?:niet )?(?:juist|waar|correct))\b"
            r"|\bklopt(?: niet)?\b",
        ),
        (
            AWARENESS.pattern,
            r"^\s*ja\b|\bben ik bekend\b|\bik ben bekend\b"
            r"|\b(?:ik heb|heb ik)\b.{0,40}\b(?:kennis ?genomen|gelezen|gezien)\b",
        ),
        (
            r"\b(?:hoe|wat) (?:be)?oordeelt u\b|\bwat vindt u (?:er|daar|hier)?van\b"
            r"|\bwat is uw (?:reactie|oordeel|mening|appreciatie|opvatting)\b"
            r"|\bhoe (?:kijkt|reageert) u\b|\bhoe appreci\w+ u\b",
            r"^\s*(?:het|dit|dat|deze) (?:bericht|artikel|nieuws|berichtgeving|uitzending"
            r"|rapport)\b"
            r"|\b(?:zorgelijk|verontrustend|onacceptabel|onwenselijk|zorgwekkend|schokkend)\b",
        ),
        (r"\bbent u bereid\b", r"\b(?:ben|is) (?:ik|het kabinet) (?:niet )?bereid\b"),
        (
            r"\bbent u (?:het )?(?:hiermee |ermee |daarmee )?eens\b",
            r"\b(?:ben|zijn) (?:ik|wij) het\b.{0,40}\beens\b",
        ),
    ]
]


# A letter's own frame says what the letter is, not what a question asks: its opening ("Met
# deze brief informeer ik u …", "Hierbij stuur ik u …") and a notice that the answers come
# late ("… kunnen niet binnen de gebruikelijke termijn worden beantwoord") (`letter_frame`).
LETTER_OPENING = re.compile(
    r"\s*(?:met (?:deze|dit) brief|in (?:deze|dit) brief"
    r"|hierbij (?:informeer|stuur|zend|bied|ontvangt)|graag (?:informeer|bied|stuur)"
    r"|bijgaand (?:treft|ontvangt|stuur|zend))\b",
    re.IGNORECASE,
)
SALUTATION = re.compile(r"^\s*(?:Hoog)?[Gg]eachte [^,.;:]{2,60},\s*")
ANSWERS_LATE = re.compile(
    r"\b(?:kunnen|kan)\b.{0,40}\bniet binnen de (?:gebruikelijke |gestelde )?termijn\b",
    re.IGNORECASE,
)


def reply_alignment(
    terms: dict[Hashable, QuestionTerms],
    passages: list[Passage],
    declaring: set[int],
    scorer: PassageScorer,
    config: LinkingConfig = DEFAULT,
) -> dict[Hashable, dict[int, str]]:
    """Per question, the passages of a letter that declares it answers the question's set,
    each with how it was assigned ("order", "fit", "combined"): a feature, not a link.

    `terms` holds the questions of every set the letter answers, in the order the letter
    should take them (set by set, question by question). Each passage goes to one question:
    in that order (`align_in_order`) when the letter follows it, else to the question it fits
    best; the first passage of an answer may answer the question before too
    (`_combined_answers`). The declaring passages ("Ik ga daarbij in op de vragen …", ids in
    `declaring`) answer nothing.
    """
    keys = list(terms)
    body = [p for p in passages if p.pk not in declaring and is_linkable(p)]
    if not keys or not body:
        return {}
    awareness = [is_awareness(terms[key].text) for key in keys]
    openings = [_answer_openings(terms[key].text) for key in keys]
    matched = [(p, [scorer(terms[key], p)[0] for key in keys]) for p in body]
    damping = [config.awareness_weight if aware else 1.0 for aware in awareness]
    values = [
        [
            value * d + (config.echo_bonus if _echoes(answers, passage.text) else 0.0)
            for value, d, answers in zip(row, damping, openings, strict=True)
        ]
        for passage, row in matched
    ]
    bonuses = [0.0 if aware else config.reply_new_question_bonus for aware in awareness]
    skip_costs = [0.0 if aware else config.reply_skip_penalty for aware in awareness]
    path = align_in_order(values, bonuses, skip_costs)
    in_order = sum(row[column] for row, column in zip(values, path, strict=True))
    best_fit = sum(max(row) for row in values)
    how = "order"
    if (
        in_order < config.reply_order_share * best_fit
        and best_fit - in_order > config.reply_new_question_bonus
    ):
        path = [max(range(len(keys)), key=row.__getitem__) for row in values]
        how = "fit"
    rows = [(passage, row) for passage, row in zip(body, values, strict=True)]
    pairs = [(item, column, how) for item, column in zip(rows, path, strict=True)]
    pairs += _combined_answers(pairs, config)
    result: dict[Hashable, dict[int, str]] = {}
    for (passage, _), column, reason in pairs:
        result.setdefault(keys[column], {})[passage.pk] = reason
    return result


def is_awareness(question: str) -> bool:
    """ "Bent u bekend met …?": answered "Ja." and often left out of a letter."""
    return bool(AWARENESS.match(question))


def is_about_its_own_answers(question: str) -> bool:
    """ "Kunt u deze vragen voor het debat beantwoorden?": only the set's own answer to it
    addresses it, never another document."""
    return bool(ABOUT_ITS_OWN_ANSWERS.match(question))


def is_letter_frame(passage: str) -> bool:
    """Is the passage the letter's opening or a notice that the answers come late? A
    salutation before the opening in the same paragraph ("Geachte voorzitter, Hierbij …")
    does not hide it."""
    opening = SALUTATION.sub("", passage[:400], count=1)[:300]
    if LETTER_OPENING.match(opening):
        return True
    # The word first: the notice's pattern, tried at every position, costs 15 µs a passage.
    return "termijn" in opening.lower() and bool(ANSWERS_LATE.search(opening))


def echoes(question: str, passage: str) -> bool:
    """Does the passage open by echoing the question's form ("Klopt het dat" — "Het klopt")?"""
    return _echoes(_answer_openings(question), passage)


def echoes_each(question: str, passages: list[Passage], known: dict | None = None) -> list[float]:
    """`echoes` of the question with each passage, as 1.0 or 0.0; `known` keeps them per
    form of question (its answer openings), for the same passages."""
    openings = _answer_openings(question)
    if not openings:
        return [0.0] * len(passages)
    found = known.get(openings) if known is not None else None
    if found is None:
        found = [float(_echoes(openings, p.text)) for p in passages]
        if known is not None:
            known[openings] = found
    return found


@functools.lru_cache(maxsize=20_000)
def _answer_openings(question: str) -> tuple[re.Pattern, ...]:
    """How an answer to the question may open ("Het klopt dat …")."""
    return tuple(answer for asked, answer in ECHOES if asked.search(question))


def _echoes(openings: tuple[re.Pattern, ...], passage: str) -> bool:
    """Does the passage open by echoing the question's form ("Het klopt dat …")?"""
    if not openings:
        return False
    opening = _opening(passage)
    return any(answer.search(opening) for answer in openings)


@functools.lru_cache(maxsize=20_000)
def _opening(passage: str) -> str:
    """The passage's first sentence, at most 200 characters."""
    return SENTENCE_END.split(passage, maxsplit=1)[0][:200]


def _combined_answers(pairs: list, config: LinkingConfig) -> list:
    """The question before a passage's own, when no passage answers that one and this
    passage, the first of its answer, fits it nearly as well ("Antwoord op vragen 1 en 2")."""
    taken = {column for _, column, _ in pairs}
    extra = []
    for index, ((passage, row), column, _) in enumerate(pairs):
        before = column - 1
        if before < 0 or before in taken or (index and pairs[index - 1][1] == column):
            continue
        own, other = row[column], row[before]
        if other >= config.reply_combined_min and other >= config.reply_combined_share * own:
            extra.append(((passage, row), before, "combined"))
            taken.add(before)
    return extra
