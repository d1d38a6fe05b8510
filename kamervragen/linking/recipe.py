"""Linking v2: find the passages that address each question.

1. Explicit: an answer passage numbered for the question (`answer_numbers`) in a document of
   the same question set is linked with certainty (method "explicit", score 1).
2. Source: a question's footnote is a "source" link.
3. Lexical: candidates come from the GIN-indexed `dutch` search vector (never a scan): the
   question's terms OR-ed. Candidates are re-scored in Python on weighted term coverage:
   - the question genre's own phrases ("Bent u bekend met", "Zo nee, waarom niet?") are
     removed before any term is taken;
   - terms are `dutch` stems of words and of the parts of compounds (split with the wordfreq
     Dutch frequency list: "detectieapparatuur" → detectie + apparatuur);
   - a term weighs more the rarer it is in Dutch (wordfreq Zipf frequency) and in the target
     document (inverse passage frequency); names and acronyms (Nuctech, TNO) weigh extra;
   - a passage's section heading counts as context at half weight;
   - terms the set's title and other questions share (the set's topic) weigh less than what
     this question alone asks;
   - a passage goes to the question of its set that it fits best (within MUTUAL_TOLERANCE):
     a paragraph on procurement answers the procurement question, not every question that
     names the supplier.
   A suggestion needs a score of MIN_SCORE; at most SUGGESTIONS_PER_QUESTION per document; a
   question nothing reaches gets no suggestion. Figures per choice: README, "Linking".
4. A letter that declares it answers question sets (`kamervragen.linking.replies`) is aligned with
   those sets' questions in their order instead (`reply_suggestions`).

Curation is never overwritten: confirmed, rejected and manual links stay exactly as they
are; only machine suggestions nobody touched are re-scored or withdrawn.
"""

import contextlib
import functools
import math
import re
from collections import Counter
from collections.abc import Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection, transaction
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from spacy.lang.nl.stop_words import STOP_WORDS
from wordfreq import zipf_frequency

from documents.models import Document, Footnote, Passage, Reference
from documents.references import ReferenceItem, find_references
from kamervragen.linking.replies import align_in_order, declared_question_sets, replying_documents
from kamervragen.models import Link, LinkEvent, Question, QuestionSet

LINKABLE_KINDS = [Document.Kind.ANSWERS, Document.Kind.LETTER, Document.Kind.OTHER]
CANDIDATES_PER_QUESTION = 40
QUESTIONS_PER_DOCUMENT = 400
DOCUMENT_QUERY_TERMS = 100
QUERY_MIN_RARITY = 1.0  # no words commoner than Zipf 4 ("brief", "reactie") in the query
SUGGESTIONS_PER_QUESTION = 3  # per document
MIN_SHARED_TERMS = 2
MIN_SCORE = 0.4  # calibrated on the fixture gold: README, "Linking"
RELATIVE_TO_BEST = 0.6
HEADING_WEIGHT = 0.5
NAME_BOOST = 1.5
# Each ranking choice can be switched off to measure it (`manage.py relink --without NAME`).
FEATURES = {
    "genre": True,  # drop the question genre's phrases and words
    "compounds": True,  # add the parts of compounds as terms
    "rarity": True,  # weigh terms by their rarity in Dutch (wordfreq)
    "idf": True,  # weigh terms by their rarity in the target document
    "names": True,  # names and acronyms weigh extra
    "heading": True,  # the section heading counts as context
    "absent": True,  # terms the target document lacks weigh less
    "parts": True,  # a question's best-matching sentence counts as much as the whole
    "pairs": True,  # adjacent word pairs shared with the question ("statelijke actoren")
    "set": True,  # terms the set's title and other questions share weigh less (its topic)
    "mutual": True,  # a passage is suggested only for the question of the set it fits best
}


ABSENT_WEIGHT = 0.3
MIN_PART_ZIPF = 2.5
WHOLE_WORD_ZIPF = 3.0  # words at least this common are not split ("oordeelt" is no oord + eelt)
MUTUAL_TOLERANCE = 0.8  # a rival question must fit the passage this much better to take it
PAIR_BONUS = 0.1
# A letter that declares it answers a question set (kamervragen.linking.replies):
REPLY_NEW_QUESTION_BONUS = 0.1  # what the order is worth against a passage's own words
REPLY_SKIP_PENALTY = 0.1  # passing over a question costs what answering it gains
REPLY_ORDER_SHARE = 0.7  # the order is kept unless it costs the words more than this share
# (and more than REPLY_NEW_QUESTION_BONUS: among near-zero scores, the order is all there is)
REPLY_BASE_SCORE = 0.5  # such a letter answers the set: its paragraphs start at this score
REPLY_COMBINED_SHARE = 0.6  # a passage also answers the question before its own this well
REPLY_COMBINED_MIN = 0.2  # … and at least this well
REPLY_MAX_PASSAGES_PER_QUESTION = 3  # a longer letter is about more than these questions
# "Bent u bekend met het bericht …?" is answered "Ja." and left out of a letter; the words it
# shares with a paragraph are the set's topic, so they count for less.
# "Herinnert u zich uw antwoord …?" is asked and answered the same way.
AWARENESS = re.compile(
    r"^\s*(?:Bent u (?:bekend|op de hoogte)|Is (?:het )?u bekend|Kent u"
    r"|Herinnert u zich|He(?:eft|bt) u (?:kennis ?genomen|gelezen|gezien|kennis ?gemaakt))\b",
    re.IGNORECASE,
)
AWARENESS_WEIGHT = 0.5
# An answer opens by echoing the form of its question: "Deelt u de mening …?" — "Nee, ik deel
# die mening niet."; "Klopt het dat …?" — "Het klopt dat …". Worth ECHO_BONUS in a reply letter.
ECHOES = [
    (re.compile(question, re.IGNORECASE), re.compile(answer, re.IGNORECASE))
    for question, answer in [
        (r"\bdeelt u\b", r"\b(?:deel|delen) (?:ik|wij|het kabinet)\b|\bik deel\b"),
        (
            r"\bklopt het\b|\bis het (?:waar|juist)\b|\bklopt (?:dit|dat|het bericht)\b",
            r"\b(?:het|dit|dat) (?:klopt|is (?:niet )?(?:juist|waar|correct))\b"
            r"|\bklopt(?: niet)?\b",
        ),
        (AWARENESS.pattern, r"^\s*ja\b|\bben ik bekend\b|\bik ben bekend\b"),
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
ECHO_BONUS = 0.3

# The question genre's own words: phrases first, then single words.
GENRE_PHRASES = re.compile(
    r"\b(?:bent u (?:bekend met|het (?:hier)?mee eens|het ermee eens|bereid|voornemens)"
    r"|is (?:het )?u bekend|zo (?:ja|nee|niet)|waarom (?:niet|wel|is dat)|kunt u"
    r"|(?:hoe|wat) (?:beoordeelt|vindt|reflecteert|verklaart) u|deelt u (?:de|die) (?:mening|zorg)"
    r"|wat is uw (?:reactie|oordeel|mening|appreciatie)|heeft u|klopt het|in hoeverre"
    r"|hoe verhoudt|op welke (?:wijze|manier)|indien (?:dat|dit) (?:niet )?het geval is"
    r"|kunt u (?:dit|dat) toelichten|aangeven|toelichten|bevestigen)\b",
    re.IGNORECASE,
)
GENRE_WORDS = {
    "bekend", "bericht", "berichten", "bereid", "waarom", "welke", "beoordeelt", "deelt",
    "mening", "gelet", "klopt", "wanneer", "mede", "licht", "kader", "eerdere", "huidige",
    "gevolg", "oproep", "jongstleden", "inmiddels", "momenteel", "bovenstaande", "zoals",
    "onder", "andere", "worden", "wordt", "werd", "zijn", "zouden", "dienen", "gaan", "stappen",
} | set(STOP_WORDS)  # fmt: skip
SENTENCE_END = re.compile(r"(?<=[?!.])\s+(?=[A-Z«“\"])")
# A news item's quoted title says what the question is about, not what an answer says.
QUOTED_TITLE = re.compile(
    r"\b(?:bericht|artikel|uitzending|item|rapport)\s+[«“\"][^»”\"]{0,300}[»”\"]"
)
WORD = re.compile(r"[^\W\d_]+")
NAME = re.compile(r"(?<![.?!:]\s)(?<!^)\b(?:[A-Z]{2,}\w*|[A-Z][a-z]+[A-Z]\w*|[A-Z][a-z]{2,})\b")


@contextlib.contextmanager
def features_off(names: Iterable[str]) -> Iterator[None]:
    """Switches these ranking choices off for the duration (`relink --without`)."""
    saved = dict(FEATURES)
    FEATURES.update(dict.fromkeys(names, False))
    _text_stems.cache_clear()  # its stems depend on the features
    try:
        yield
    finally:
        FEATURES.update(saved)
        _text_stems.cache_clear()


# terms ---------------------------------------------------------------------------------------


SUFFIXES = {
    "heid", "heden", "ing", "ingen", "lijk", "lijke", "baar", "bare", "isch", "ische",
    "schap", "eren", "tie", "ties", "iteit", "achtig", "loos", "matig", "ning", "ende",
}  # fmt: skip
INFLECTIONS = ("en", "s", "n", "e")


def _zipf(word: str) -> float:
    return zipf_frequency(word, "nl")


@functools.lru_cache(maxsize=100_000)
def split_compound(word: str) -> tuple[str, ...]:
    """The parts of a Dutch compound by the wordfreq frequency list, or () if none is found.

    Common words and their inflections are left whole ("veiligheid", "oordeelt",
    "constateringen"); a part must be a known word of at least four letters and not a suffix;
    a linking s or e is dropped; fewer parts are preferred.
    """
    if len(word) < 8 or _zipf(word) >= WHOLE_WORD_ZIPF:
        return ()
    if any(_zipf(word.removesuffix(end)) >= WHOLE_WORD_ZIPF for end in INFLECTIONS):
        return ()  # "constateringen" is no cons + tate + ringen
    best: tuple[float, tuple[str, ...]] = (0.0, ())
    for i in range(4, len(word) - 3):
        head, tail = word[:i], word[i:]
        heads = [head] + ([head[:-1]] if head[-1] in "se" and len(head) > 4 else [])
        head_word = max(heads, key=_zipf)
        if _zipf(head_word) < MIN_PART_ZIPF or tail in SUFFIXES:
            continue
        tail_parts = split_compound(tail) or (tail,)
        if any(len(part) < 4 or part in SUFFIXES for part in tail_parts):
            continue
        score = min(_zipf(head_word), *(_zipf(part) for part in tail_parts))
        if score < MIN_PART_ZIPF:
            continue
        score -= len(tail_parts) - 1
        if score > best[0]:
            best = (score, (head_word, *tail_parts))
    return best[1]


def _words(text: str, split: bool = True) -> list[str]:
    skip = GENRE_WORDS if FEATURES["genre"] else STOP_WORDS
    words = []
    for word in WORD.findall(text.lower()):
        if len(word) > 2 and word not in skip:
            parts = split_compound(word) if split and FEATURES["compounds"] else ()
            words.extend([part for part in parts if part not in skip] if parts else [word])
    return words


_STEM_CACHE: dict[str, str] = {}


def _stems(words: Iterable[str]) -> dict[str, str]:
    """Word → `dutch` stem (PostgreSQL's snowball stemmer; stop words dropped).

    Stems never change, so each word is asked of PostgreSQL once per process.
    """
    distinct = set(words)
    missing = sorted(w for w in distinct if w not in _STEM_CACHE)
    if missing:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT w, coalesce((ts_lexize('dutch_stem', w))[1], '') "
                "FROM unnest(%s::text[]) AS w",
                [missing],
            )
            if len(_STEM_CACHE) > 500_000:
                _STEM_CACHE.clear()
            _STEM_CACHE.update(cursor.fetchall())
    return {w: _STEM_CACHE[w] for w in distinct if _STEM_CACHE.get(w)}


@dataclass(eq=False)  # hashed by identity: PassageScorer caches weights per terms object
class QuestionTerms:
    weights: dict[str, float]  # stem → weight before the target document's own frequencies
    parts: list[set[str]]  # the stems of each sub-question (sentence)
    pairs: set[tuple[str, str]]  # stems of adjacent content words ("nationale veiligheid")
    awareness: bool = False  # "Bent u bekend met …?"
    echoes: tuple[re.Pattern, ...] = ()  # how an answer to it may open ("Het klopt dat")

    @property
    def stems(self) -> list[str]:
        return sorted(self.weights)


def question_terms(text: str, context: tuple[str, ...] = ()) -> QuestionTerms:
    """The question's stems, weighted by rarity in Dutch, names and acronyms counting extra.

    `context` holds the set's title and its other questions: a term they share is the set's
    topic ("Chinese politiebureaus") rather than what this question asks, and weighs less.
    """
    names = {name.lower() for name in NAME.findall(text)}
    awareness = bool(AWARENESS.match(text))
    echoes = tuple(answer for question, answer in ECHOES if question.search(text))
    if FEATURES["genre"]:
        text = QUOTED_TITLE.sub(" ", GENRE_PHRASES.sub(" ", text))
    sentences = [_words(sentence) for sentence in SENTENCE_END.split(text)]
    words = [word for sentence in sentences for word in sentence]
    stems = _stems(words)
    parts = [{stems[w] for w in sentence if w in stems} for sentence in sentences]
    weights: dict[str, float] = {}
    for word in words:
        stem = stems.get(word)
        if not stem:
            continue
        weight = rarity(word) if FEATURES["rarity"] else 1.0
        if FEATURES["names"] and word in names:
            weight *= NAME_BOOST
        weights[stem] = max(weights.get(stem, 0.0), weight)
    if FEATURES["set"] and context:
        shared = Counter(
            stem for stems_of_text in _context_stems(context) for stem in stems_of_text
        )
        spread = math.log(1 + len(context))
        for stem in weights:
            weights[stem] *= math.log(1 + len(context) / (1 + shared[stem])) / spread
    pairs = {pair for sentence in sentences for pair in _pairs(sentence, stems)}
    parts = [part for part in parts if len(part) >= MIN_SHARED_TERMS]
    return QuestionTerms(weights, parts, pairs, awareness, echoes)


def _context_stems(texts: tuple[str, ...]) -> list[frozenset[str]]:
    return [_text_stems(text) for text in texts]


@functools.lru_cache(maxsize=20_000)
def _text_stems(text: str) -> frozenset[str]:
    words = _words(text)
    stems = _stems(words)
    return frozenset(stems[w] for w in words if w in stems)


def _pairs(words: list[str], stems: dict[str, str]) -> set[tuple[str, str]]:
    stemmed = [stems[w] for w in words if w in stems]
    return {(a, b) for a, b in zip(stemmed, stemmed[1:], strict=False) if a != b}


def question_stems(text: str) -> list[str]:
    return question_terms(text).stems


def rarity(word: str) -> float:
    """From 0.3 (very common Dutch words) to 2 (words the frequency list does not know)."""
    return max(0.3, min(2.0, (6.5 - _zipf(word)) / 2.5))


def passage_terms(passages: list[Passage]) -> dict[int, tuple[set[str], set[str], set]]:
    """Per passage: the stems of its text, those of its heading, and its adjacent pairs."""
    words = {p.pk: (_words(p.text), _words(p.heading)) for p in passages}
    stems = _stems(w for text, heading in words.values() for w in text + heading)
    return {
        pk: (
            {stems[w] for w in text if w in stems},
            {stems[w] for w in heading if w in stems},
            _pairs(text, stems),
        )
        for pk, (text, heading) in words.items()
    }


# ranking -------------------------------------------------------------------------------------


@dataclass
class Scored:
    passage: Passage
    score: float
    shared: list[str]
    reply: str = ""  # in a letter that declares it answers the set: "order", "fit", "combined"


def _search_query(stems: Iterable[str]) -> SearchQuery:
    return SearchQuery(" | ".join(map(_quoted, stems)), search_type="raw", config="simple")


def rank_passages(
    question: Question,
    candidates: QuerySet[Passage],
    *,
    set_terms: "dict[int, QuestionTerms] | None" = None,
    scorer: "PassageScorer | None" = None,
) -> list[Scored]:
    """The best candidates for the question, best first, each above the threshold.

    `set_terms` (the terms of every question of its set) and `scorer` may be passed in when
    many questions are ranked against the same passages; otherwise they are computed.
    """
    set_terms = set_terms or question_set_terms(question.question_set_id)
    terms = set_terms.get(question.number)
    if not terms or not terms.weights:
        return []
    if scorer is None:
        query = _search_query(terms.stems)
        retrieved = list(
            candidates.filter(search_vector=query)
            .annotate(rank=SearchRank(F("search_vector"), query, normalization=32))
            .order_by("-rank")[:CANDIDATES_PER_QUESTION]
        )
    else:
        retrieved = scorer.passages
    rivals = []
    if FEATURES["mutual"]:
        rivals = [other for number, other in set_terms.items() if number != question.number]
    return score_passages(terms, retrieved, rivals, scorer=scorer)


def question_set_terms(question_set_id: int) -> dict[int, QuestionTerms]:
    """Each question's terms, read against its set's title and other questions."""
    return questions_terms_by_set([question_set_id])[question_set_id]


def questions_terms_by_set(question_set_ids: Iterable[int]) -> dict[int, dict[int, QuestionTerms]]:
    """Per question set, per question number: its terms (two queries for all sets)."""
    ids = set(question_set_ids)
    titles = dict(QuestionSet.objects.filter(pk__in=ids).values_list("pk", "title"))
    texts: dict[int, dict[int, str]] = {pk: {} for pk in ids}
    for set_id, number, text in Question.objects.filter(question_set_id__in=ids).values_list(
        "question_set_id", "number", "text"
    ):
        texts[set_id][number] = text
    every_text = [
        *titles.values(),
        *(t for by_number in texts.values() for t in by_number.values()),
    ]
    _stems(w for text in every_text for w in _words(text))  # one query fills the stem cache
    result = {}
    for set_id, by_number in texts.items():
        result[set_id] = {
            number: question_terms(
                text,
                (titles.get(set_id, ""), *(t for n, t in sorted(by_number.items()) if n != number)),
            )
            for number, text in by_number.items()
        }
    return result


def score_passages(
    terms: QuestionTerms,
    retrieved: list[Passage],
    rivals: Sequence[QuestionTerms] = (),
    *,
    scorer: "PassageScorer | None" = None,
) -> list[Scored]:
    """Scores, filters and orders the retrieved passages for one question.

    With `rivals` (the other questions of its set), a passage is suggested only for the
    question of the set it matches best: a letter's paragraph on procurement answers the
    procurement question, not every question that mentions the supplier.
    """
    if not retrieved:
        return []
    score = scorer or PassageScorer(retrieved)
    results = []
    for passage in retrieved:
        value, shared = score(terms, passage)
        if len(shared) < MIN_SHARED_TERMS or value < MIN_SCORE:
            continue
        if any(MUTUAL_TOLERANCE * score(rival, passage)[0] > value for rival in rivals):
            continue
        results.append(Scored(passage, min(value, 1.0), shared))
    results.sort(key=lambda item: item.score, reverse=True)
    best: dict[int, list[Scored]] = {}  # per document: a question may be addressed by several
    for item in results:
        kept = best.setdefault(item.passage.document_id, [])
        if len(kept) < SUGGESTIONS_PER_QUESTION and item.score >= RELATIVE_TO_BEST * (
            kept[0].score if kept else item.score
        ):
            kept.append(item)
    return sorted((item for kept in best.values() for item in kept), key=lambda i: -i.score)


class PassageScorer:
    """Scores questions against passages, knowing each passage's document's term frequencies."""

    def __init__(self, passages: list[Passage]) -> None:
        self.passages = passages
        self.weights: dict[tuple[QuestionTerms, int], dict[str, float]] = {}  # per document
        documents = {p.document_id for p in passages}
        siblings = list(
            Passage.objects.filter(document_id__in=documents, superseded=False).exclude(
                role=Passage.Role.SIGNATURE
            )
        )
        self.stems_of = passage_terms(siblings)
        self.frequency: dict[int, Counter] = {}
        self.size: Counter = Counter()
        for passage in siblings:
            self.frequency.setdefault(passage.document_id, Counter()).update(
                self.stems_of[passage.pk][0]
            )
            self.size[passage.document_id] += 1

    def __call__(self, terms: QuestionTerms, passage: Passage) -> tuple[float, list[str]]:
        """The passage's score for the question (0 to about 1.3) and the stems they share."""
        if not terms.weights:
            return 0.0, []
        text, heading, pairs = self.stems_of.get(passage.pk, (set(), set(), set()))
        df = self.frequency.get(passage.document_id, Counter())
        n = self.size[passage.document_id] or 1

        key = (terms, passage.document_id)
        if key not in self.weights:
            self.weights[key] = {
                stem: value
                * (math.log(1 + n / (1 + df[stem])) if FEATURES["idf"] else 1.0)
                * (ABSENT_WEIGHT if FEATURES["absent"] and not df[stem] else 1.0)
                for stem, value in terms.weights.items()
            }
        weight = self.weights[key].__getitem__

        def coverage(stems: Iterable[str]) -> float:
            total = sum(weight(stem) for stem in stems)
            matched = sum(weight(stem) for stem in stems if stem in text)
            if FEATURES["heading"]:
                matched += HEADING_WEIGHT * sum(
                    weight(stem) for stem in stems if stem in heading and stem not in text
                )
            return matched / total if total else 0.0

        whole = coverage(terms.weights)
        best_part = max((coverage(part) for part in terms.parts), default=0.0)
        value = whole if not FEATURES["parts"] else (whole + best_part) / 2
        if FEATURES["pairs"]:
            value += PAIR_BONUS * min(3, len(terms.pairs & pairs))
        shared = sorted(stem for stem in terms.weights if stem in text)
        return round(value, 4), shared


# storing -------------------------------------------------------------------------------------


def candidate_passages() -> QuerySet[Passage]:
    return Passage.objects.filter(
        document__kind__in=LINKABLE_KINDS, document__status=Document.Status.DONE, superseded=False
    ).exclude(role=Passage.Role.SIGNATURE)


@transaction.atomic
def links_suggest_for_questions(questions: QuerySet[Question]) -> int:
    """Links these questions to explicit answers, their sources and matching passages.

    Letters that declare they answer one of these questions' sets are linked again as a
    whole (`links_suggest_for_document`): their paragraphs are aligned with every set they
    answer at once.
    """
    made = 0
    questions = list(questions)
    set_terms = questions_terms_by_set(q.question_set_id for q in questions)
    replying = {
        document.pk: document
        for question_set in QuestionSet.objects.filter(pk__in=set_terms)
        for document in replying_documents(question_set)
    }
    for question in questions:
        made += _explicit(question, _answer_passages(question))
        made += _sources(question)
        made += _shared_references(question, reference_candidates())
        made += _suggest(
            question,
            candidate_passages().exclude(document_id__in=replying),
            set_terms=set_terms[question.question_set_id],
        )[0]
    for document in replying.values():
        made += links_suggest_for_document(document)
    return made


@transaction.atomic
def links_suggest_for_document(document: Document) -> int:
    """Links this document's passages to the questions they answer or address."""
    # The document itself is still being processed, so it is not among candidate_passages().
    passages = Passage.objects.filter(document=document, superseded=False).exclude(
        role=Passage.Role.SIGNATURE
    )
    made = 0
    if document.question_set_id:
        for question in Question.objects.filter(question_set_id=document.question_set_id):
            made += _explicit(question, passages.filter(role=Passage.Role.ANSWER))
    ordered = list(passages.order_by("order"))
    declared = declared_question_sets(ordered) if document.kind != Document.Kind.ANSWERS else {}
    questions = _questions_for(passages)
    known = {q.pk for q in questions}
    answered = list(Question.objects.filter(question_set_id__in=declared))
    questions += [q for q in answered if q.pk not in known]
    if len(ordered) > REPLY_MAX_PASSAGES_PER_QUESTION * len(answered) + len(declared):
        declared = {}  # a long letter that also takes up some questions: ranked, not aligned
    set_terms = questions_terms_by_set(q.question_set_id for q in questions)
    scorer = PassageScorer(ordered)
    replies = reply_suggestions(
        {
            (set_id, n): set_terms[set_id][n]
            for set_id in declared
            for n in sorted(set_terms[set_id])
        },
        ordered,
        {p.pk for p in declared.values()},
        scorer,
    )
    kept = set()
    for question in questions:
        if question.question_set_id in declared:
            suggested = replies.get((question.question_set_id, question.number), [])
            made += sum(_store_lexical(question, s) for s in suggested)
            kept.update((question.pk, s.passage.pk) for s in suggested)
            continue
        created, suggested = _suggest(
            question,
            passages,
            withdraw=False,
            set_terms=set_terms[question.question_set_id],
            scorer=scorer,
        )
        made += created
        kept.update((question.pk, pk) for pk in suggested)
    _withdraw_stale([q.pk for q in questions], passages, kept)
    made += _references_to_document(document, questions)
    return made


def reply_suggestions(
    terms: dict[Hashable, QuestionTerms],
    passages: list[Passage],
    declaring: set[int],
    scorer: "PassageScorer",
) -> dict[Hashable, list[Scored]]:
    """Per question, the passages of a letter that declares it answers the question's set.

    `terms` holds the questions of every set the letter answers, in the order the letter
    should take them (set by set, question by question). Each passage goes to one question:
    in that order (`align_in_order`) when the letter follows it, else to the question it fits
    best; the first passage of an answer may answer the question before too
    (`_combined_answers`). The declaring passages ("Ik ga daarbij in op de vragen …", ids in
    `declaring`) answer nothing.
    """
    keys = list(terms)
    body = [p for p in passages if p.pk not in declaring and p.role != Passage.Role.SIGNATURE]
    if not keys or not body:
        return {}
    matched = [(p, [scorer(terms[key], p) for key in keys]) for p in body]
    damping = [AWARENESS_WEIGHT if terms[key].awareness else 1.0 for key in keys]
    values = [
        [
            value * d + (ECHO_BONUS if _echoes(terms[key], passage.text) else 0.0)
            for (value, _), d, key in zip(row, damping, keys, strict=True)
        ]
        for passage, row in matched
    ]
    bonuses = [0.0 if terms[key].awareness else REPLY_NEW_QUESTION_BONUS for key in keys]
    skip_costs = [0.0 if terms[key].awareness else REPLY_SKIP_PENALTY for key in keys]
    path = align_in_order(values, bonuses, skip_costs)
    in_order = sum(row[column] for row, column in zip(values, path, strict=True))
    best_fit = sum(max(row) for row in values)
    how = "order"
    if in_order < REPLY_ORDER_SHARE * best_fit and best_fit - in_order > REPLY_NEW_QUESTION_BONUS:
        path = [max(range(len(keys)), key=row.__getitem__) for row in values]
        how = "fit"
    pairs = [(item, column, how) for item, column in zip(matched, path, strict=True)]
    pairs += _combined_answers(pairs)
    result: dict[Hashable, list[Scored]] = {}
    for (passage, row), column, reason in pairs:
        value, shared = row[column]
        score = round(REPLY_BASE_SCORE + (1 - REPLY_BASE_SCORE) * min(value, 1.0), 4)
        result.setdefault(keys[column], []).append(Scored(passage, score, shared, reason))
    for suggestions in result.values():
        suggestions.sort(key=lambda item: -item.score)
    return result


def _echoes(terms: QuestionTerms, passage: str) -> bool:
    """Does the passage open by echoing the question's form ("Het klopt dat …")?"""
    opening = SENTENCE_END.split(passage, maxsplit=1)[0][:200]
    return any(answer.search(opening) for answer in terms.echoes)


def _combined_answers(pairs: list) -> list:
    """The question before a passage's own, when no passage answers that one and this
    passage, the first of its answer, fits it nearly as well ("Antwoord op vragen 1 en 2")."""
    taken = {column for _, column, _ in pairs}
    extra = []
    for index, ((passage, row), column, _) in enumerate(pairs):
        before = column - 1
        if before < 0 or before in taken or (index and pairs[index - 1][1] == column):
            continue
        own, other = row[column][0], row[before][0]
        if other >= REPLY_COMBINED_MIN and other >= REPLY_COMBINED_SHARE * own:
            extra.append(((passage, row), before, "combined"))
            taken.add(before)
    return extra


def _answer_passages(question: Question) -> QuerySet[Passage]:
    return Passage.objects.filter(
        document__question_set_id=question.question_set_id,
        document__status=Document.Status.DONE,
        role=Passage.Role.ANSWER,
    )


def _questions_for(passages: QuerySet[Passage]) -> list[Question]:
    """Questions worth scoring against these passages, through the questions' GIN index.

    The query ORs the document's DOCUMENT_QUERY_TERMS rarest words (none commoner than
    QUERY_MIN_RARITY): common words would make the index return, and PostgreSQL rank, a
    large part of a big corpus. At most QUESTIONS_PER_DOCUMENT questions, the unanswered
    first, then the best match.
    """
    # Whole words, as the questions' `dutch` vectors hold them (no compound parts).
    words = [w for p in passages for w in _words(f"{p.heading} {p.text}", split=False)]
    stems = _stems(words)
    weight: dict[str, float] = {}
    for word in words:
        if word in stems:
            weight[stems[word]] = max(weight.get(stems[word], 0.0), rarity(word))
    distinctive = [stem for stem in weight if weight[stem] >= QUERY_MIN_RARITY]
    rarest = sorted(distinctive, key=lambda stem: (-weight[stem], stem))[:DOCUMENT_QUERY_TERMS]
    if not rarest:
        return []
    query = _search_query(rarest)
    answered = Link.objects.filter(
        question=OuterRef("pk"), status__in=[Link.Status.SUGGESTED, Link.Status.CONFIRMED]
    ).exclude(method=Link.Method.SOURCE)
    return list(
        Question.objects.filter(search_vector=query)
        .annotate(
            rank=SearchRank(F("search_vector"), query, normalization=32),
            answered=Exists(answered),
        )
        .order_by("answered", "-rank")[:QUESTIONS_PER_DOCUMENT]
    )


def _quoted(stem: str) -> str:
    return "'" + stem.replace("\\", "").replace("'", "''") + "'"


def _explicit(question: Question, answers: QuerySet[Passage]) -> int:
    """Every answer passage with the question's number, a further answer ("Nader
    antwoord") as a link of its own beside the first answer, and the answers an answer
    refers to ("Zie het antwoord op vraag 3")."""
    made = 0
    own = list(answers.filter(answer_numbers__contains=[question.number]))
    for passage in own:
        evidence: dict = {"answer_numbers": passage.answer_numbers}
        if passage.is_further_answer:
            evidence["further_answer"] = True
        made += _store(question, Link.Method.EXPLICIT, 1.0, evidence, passage=passage)
    referred = {n for passage in own for n in passage.refers_to_numbers} - {question.number}
    if referred:  # "Zie het antwoord op vraag 3": that answer answers this question too
        for passage in answers.filter(answer_numbers__overlap=sorted(referred)):
            evidence = {"answer_numbers": passage.answer_numbers, "referred_from": question.number}
            made += _store(question, Link.Method.EXPLICIT, 1.0, evidence, passage=passage)
    return made


def _sources(question: Question) -> int:
    made = 0
    for footnote in Footnote.objects.filter(question=question):
        evidence = {"marker": footnote.marker, "urls": footnote.urls}
        made += _store(question, Link.Method.SOURCE, 1.0, evidence, footnote=footnote)
    return made


def _suggest(
    question: Question, candidates: QuerySet[Passage], withdraw: bool = True, **ranking
) -> tuple[int, list[int]]:
    """Stores the lexical suggestions; withdraws untouched ones the ranking no longer makes.

    Returns the number of links created and the ids of the passages suggested. With
    withdraw=False the caller withdraws stale ones itself, for many questions at once.
    """
    ranked = rank_passages(question, candidates, **ranking)
    created = sum(_store_lexical(question, s) for s in ranked)
    suggested = [s.passage.pk for s in ranked]
    if withdraw:
        _withdraw_stale([question.pk], candidates, {(question.pk, pk) for pk in suggested})
    return created, suggested


def _store_lexical(question: Question, suggestion: Scored) -> int:
    evidence: dict = {"terms": suggestion.shared}
    if suggestion.reply:
        evidence["reply"] = suggestion.reply
    return _store(
        question, Link.Method.LEXICAL, suggestion.score, evidence, passage=suggestion.passage
    )


def _withdraw_stale(question_ids: list[int], candidates: QuerySet[Passage], kept: set) -> None:
    """Deletes lexical suggestions of these questions on these passages that the ranking no
    longer makes, unless a curator ever touched them."""
    stale = (
        Link.objects.filter(
            question_id__in=question_ids,
            passage__in=candidates,
            method=Link.Method.LEXICAL,
            status=Link.Status.SUGGESTED,
            curated_by__isnull=True,
        )
        .exclude(events__actor__isnull=False)  # a curator touched it once: keep it
        .values_list("pk", "question_id", "passage_id")
    )
    ids = [pk for pk, question_id, passage_id in stale if (question_id, passage_id) not in kept]
    if ids:
        Link.objects.filter(pk__in=ids).delete()


# references ----------------------------------------------------------------------------------

REFERENCE_SCORE = 0.9  # a shared Kamerstuk is strong evidence, but not an answer


def reference_keys(ref: Reference | ReferenceItem) -> set:
    """What makes two references cite the same paper: dossier and number, Aanhangsel
    number, zaak number or web address. Dated letters are too vague to count."""
    if ref.kind in {Reference.Kind.KAMERSTUK, Reference.Kind.MOTION} and ref.dossier:
        return {("kamerstuk", re.sub(r"\s+", "", ref.dossier).upper(), n) for n in ref.numbers}
    if ref.kind == Reference.Kind.AANHANGSEL:
        return {("aanhangsel", n) for n in ref.numbers}
    if ref.kind == Reference.Kind.ZAAK:
        return {("zaak", ref.text.upper())}
    if ref.kind == Reference.Kind.URL and ref.url:
        url = ref.url.lower().rstrip("/")
        return {("url", url.removeprefix("https://").removeprefix("http://"))}
    return set()


def question_references(question: Question) -> dict[tuple, str]:
    """Key → reference text for what the question cites, in its text and its footnotes."""
    keys: dict[tuple, str] = {}
    footnotes = Reference.objects.filter(footnote__question=question)
    for ref in [*find_references(question.text), *footnotes]:
        for key in reference_keys(ref):
            keys.setdefault(key, ref.text)
    return keys


def reference_candidates() -> QuerySet[Reference]:
    """References in passages and footnotes of documents a question may be linked to."""
    return Reference.objects.filter(
        document__kind__in=LINKABLE_KINDS, document__status=Document.Status.DONE
    )


def _matching(references: QuerySet[Reference], keys: Iterable[tuple]) -> QuerySet[Reference]:
    condition = Q(pk__in=[])
    for key in keys:
        if key[0] == "kamerstuk":
            condition |= Q(
                kind__in=[Reference.Kind.KAMERSTUK, Reference.Kind.MOTION],
                numbers__contains=[key[2]],
            )
        elif key[0] == "aanhangsel":
            condition |= Q(kind=Reference.Kind.AANHANGSEL, numbers__contains=[key[1]])
        elif key[0] == "zaak":
            condition |= Q(kind=Reference.Kind.ZAAK, text__iexact=key[1])
        elif key[0] == "url":
            condition |= Q(kind=Reference.Kind.URL, url__icontains=key[1])
    return references.filter(condition).select_related("passage", "footnote__passage")


def _shared_references(question: Question, references: QuerySet[Reference]) -> int:
    """Links the question to passages that cite a paper it cites (carried by the passage or
    by a footnote of the passage): method "reference", the shared citation as evidence."""
    keys = question_references(question)
    if not keys:
        return 0
    made = 0
    for ref in _matching(references, keys):
        shared = keys.keys() & reference_keys(ref)
        passage = ref.passage or (ref.footnote.passage if ref.footnote else None)
        if not shared or passage is None or passage.superseded:
            continue
        evidence = {
            "reference": keys[min(shared)],
            "resolved_document_id": ref.resolved_document_id,
        }
        made += _store(question, Link.Method.REFERENCE, REFERENCE_SCORE, evidence, passage=passage)
    return made


def _references_to_document(document: Document, questions: list[Question]) -> int:
    """A new document's citations, matched with those of the questions: every question whose
    footnote cites a paper the document cites, and the lexical candidates whose own text
    cites one."""
    references = Reference.objects.filter(document=document)
    keys = {key for ref in references for key in reference_keys(ref)}
    if not keys:
        return 0
    citing = _matching(Reference.objects.filter(footnote__question__isnull=False), keys)
    sharing = {q.pk: q for q in Question.objects.filter(pk__in=citing.values("footnote__question"))}
    for question in questions:
        if any(reference_keys(ref) & keys for ref in find_references(question.text)):
            sharing.setdefault(question.pk, question)
    return sum(_shared_references(question, references) for question in sharing.values())


def _store(question: Question, method: str, score: float, evidence: dict, **target) -> int:
    """Creates the link or re-scores a machine link nobody curated. 1 if created."""
    link = Link.objects.select_for_update().filter(question=question, **target).first()
    if link is None:
        link = Link.objects.create(
            question=question, score=score, method=method, evidence=evidence, **target
        )
        LinkEvent.objects.create(
            link=link, action=LinkEvent.Action.SUGGESTED, to_status=link.status
        )
        return 1
    if link.is_curated or link.method == Link.Method.MANUAL:
        return 0  # a curator's decision is never overwritten
    if link.status != Link.Status.SUGGESTED:
        return 0
    if method == Link.Method.EXPLICIT and link.method != method:
        link.method = method  # an explicit answer outranks a lexical guess
    elif link.method != method:
        return 0
    if (link.score, link.evidence) != (score, evidence):
        link.score, link.evidence = score, evidence
        link.save(update_fields=["method", "score", "evidence", "updated_at"])
        LinkEvent.objects.create(
            link=link,
            action=LinkEvent.Action.RESCORED,
            from_status=link.status,
            to_status=link.status,
        )
    return 0
