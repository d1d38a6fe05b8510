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
   - a passage's section heading counts as context at half weight.
   A suggestion needs a score of MIN_SCORE; a question nothing reaches gets no suggestion.

Curation is never overwritten: confirmed, rejected and manual links stay exactly as they
are; only machine suggestions nobody touched are re-scored or withdrawn.
"""

import functools
import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection, transaction
from django.db.models import F, QuerySet
from spacy.lang.nl.stop_words import STOP_WORDS
from wordfreq import zipf_frequency

from documents.models import Document, Footnote, Passage
from kamervragen.models import Link, LinkEvent, Question

LINKABLE_KINDS = [Document.Kind.ANSWERS, Document.Kind.LETTER, Document.Kind.OTHER]
CANDIDATES_PER_QUESTION = 40
QUESTIONS_PER_DOCUMENT = 400
DOCUMENT_QUERY_TERMS = 300
SUGGESTIONS_PER_QUESTION = 3
MIN_SHARED_TERMS = 2
MIN_SCORE = 0.4
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
}
ABSENT_WEIGHT = 0.3
PAIR_BONUS = 0.1

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


# terms ---------------------------------------------------------------------------------------


SUFFIXES = {
    "heid", "heden", "ing", "ingen", "lijk", "lijke", "baar", "bare", "isch", "ische",
    "schap", "eren", "tie", "ties", "iteit", "achtig", "loos", "matig", "ning", "ende",
}  # fmt: skip


def _zipf(word: str) -> float:
    return zipf_frequency(word, "nl")


@functools.lru_cache(maxsize=100_000)
def split_compound(word: str) -> tuple[str, ...]:
    """The parts of a Dutch compound by the wordfreq frequency list, or () if none is found.

    Common words are left whole ("veiligheid"); a part must be a known word of at least four
    letters and not a suffix; a linking s or e is dropped; fewer parts are preferred.
    """
    if len(word) < 8 or _zipf(word) >= 3.5:
        return ()
    best: tuple[float, tuple[str, ...]] = (0.0, ())
    for i in range(4, len(word) - 3):
        head, tail = word[:i], word[i:]
        heads = [head] + ([head[:-1]] if head[-1] in "se" and len(head) > 4 else [])
        head_word = max(heads, key=_zipf)
        if _zipf(head_word) < 2.5 or tail in SUFFIXES:
            continue
        tail_parts = split_compound(tail) or (tail,)
        if any(len(part) < 4 or part in SUFFIXES for part in tail_parts):
            continue
        score = min(_zipf(head_word), *(_zipf(part) for part in tail_parts))
        if score < 2.5:
            continue
        score -= len(tail_parts) - 1
        if score > best[0]:
            best = (score, (head_word, *tail_parts))
    return best[1]


def _words(text: str) -> list[str]:
    skip = GENRE_WORDS if FEATURES["genre"] else STOP_WORDS
    words = []
    for word in WORD.findall(text.lower()):
        if len(word) > 2 and word not in skip:
            parts = split_compound(word) if FEATURES["compounds"] else ()
            words.extend([part for part in parts if part not in skip] if parts else [word])
    return words


def _stems(words: Iterable[str]) -> dict[str, str]:
    """Word → `dutch` stem (PostgreSQL's snowball stemmer; stop words dropped)."""
    distinct = sorted(set(words))
    if not distinct:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT w, (ts_lexize('dutch_stem', w))[1] FROM unnest(%s::text[]) AS w", [distinct]
        )
        return {word: stem for word, stem in cursor.fetchall() if stem}


@dataclass
class QuestionTerms:
    weights: dict[str, float]  # stem → weight before the target document's own frequencies
    parts: list[set[str]]  # the stems of each sub-question (sentence)
    pairs: set[tuple[str, str]]  # stems of adjacent content words ("nationale veiligheid")

    @property
    def stems(self) -> list[str]:
        return sorted(self.weights)


def question_terms(text: str) -> QuestionTerms:
    """The question's stems, weighted by rarity in Dutch, names and acronyms counting extra."""
    names = {name.lower() for name in NAME.findall(text)}
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
    pairs = {pair for sentence in sentences for pair in _pairs(sentence, stems)}
    return QuestionTerms(weights, [part for part in parts if len(part) >= MIN_SHARED_TERMS], pairs)


def _pairs(words: list[str], stems: dict[str, str]) -> set[tuple[str, str]]:
    stemmed = [stems[w] for w in words if w in stems]
    return {(a, b) for a, b in zip(stemmed, stemmed[1:], strict=False) if a != b}


def question_stems(text: str) -> list[str]:
    return question_terms(text).stems


def rarity(word: str) -> float:
    """From 0.3 (very common Dutch words) to 2 (words the frequency list does not know)."""
    return max(0.3, min(2.0, (6.5 - zipf_frequency(word, "nl")) / 2.5))


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


def _search_query(stems: Iterable[str]) -> SearchQuery:
    raw = " | ".join("'" + stem.replace("\\", "").replace("'", "''") + "'" for stem in stems)
    return SearchQuery(raw, search_type="raw", config="simple")


def rank_passages(question: Question, candidates: QuerySet[Passage]) -> list[Scored]:
    """The best candidates for the question, best first, each above the threshold."""
    terms = question_terms(question.text)
    if not terms.weights:
        return []
    query = _search_query(terms.stems)
    retrieved = list(
        candidates.filter(search_vector=query)
        .annotate(rank=SearchRank(F("search_vector"), query, normalization=32))
        .order_by("-rank")[:CANDIDATES_PER_QUESTION]
    )
    return score_passages(terms, retrieved)


def score_passages(terms: QuestionTerms, retrieved: list[Passage]) -> list[Scored]:
    if not retrieved:
        return []
    documents = {p.document_id for p in retrieved}
    siblings = list(
        Passage.objects.filter(document_id__in=documents).exclude(role=Passage.Role.SIGNATURE)
    )
    stems_of = passage_terms(siblings)
    frequency: dict[int, Counter] = {}
    size: Counter = Counter()
    for passage in siblings:
        text = stems_of[passage.pk][0]
        frequency.setdefault(passage.document_id, Counter()).update(text)
        size[passage.document_id] += 1
    results = []
    for passage in retrieved:
        text, heading, pairs = stems_of.get(passage.pk, (set(), set(), set()))
        df, n = frequency.get(passage.document_id, Counter()), size[passage.document_id] or 1

        def weight(stem: str, df: Counter = df, n: int = n) -> float:
            idf = math.log(1 + n / (1 + df[stem])) if FEATURES["idf"] else 1.0
            absent = ABSENT_WEIGHT if FEATURES["absent"] and not df[stem] else 1.0
            return terms.weights[stem] * idf * absent

        def coverage(stems: Iterable[str], text: set[str] = text, heading: set[str] = heading):
            total = sum(weight(stem) for stem in stems)
            matched = sum(weight(stem) for stem in stems if stem in text)
            if FEATURES["heading"]:
                matched += HEADING_WEIGHT * sum(
                    weight(stem) for stem in stems if stem in heading and stem not in text
                )
            return matched / total if total else 0.0

        whole = coverage(terms.weights)
        best_part = max((coverage(part) for part in terms.parts), default=0.0)
        score = whole if not FEATURES["parts"] else (whole + best_part) / 2
        if FEATURES["pairs"]:
            score += PAIR_BONUS * min(3, len(terms.pairs & pairs))
        score = round(score, 4)
        shared = sorted(stem for stem in terms.weights if stem in text)
        if len(shared) >= MIN_SHARED_TERMS and score >= MIN_SCORE:
            results.append(Scored(passage, min(score, 1.0), shared))
    results.sort(key=lambda item: item.score, reverse=True)
    if results:
        best = results[0].score
        results = [item for item in results if item.score >= RELATIVE_TO_BEST * best]
    return results[:SUGGESTIONS_PER_QUESTION]


# storing -------------------------------------------------------------------------------------


def candidate_passages() -> QuerySet[Passage]:
    return Passage.objects.filter(
        document__kind__in=LINKABLE_KINDS, document__status=Document.Status.DONE
    ).exclude(role=Passage.Role.SIGNATURE)


def links_suggest_for_questions(questions: QuerySet[Question]) -> int:
    """Links these questions to explicit answers, their sources and matching passages."""
    made = 0
    for question in questions:
        made += _explicit(question, _answer_passages(question))
        made += _sources(question)
        made += _suggest(question, candidate_passages())
    return made


def links_suggest_for_document(document: Document) -> int:
    """Links this document's passages to the questions they answer or address."""
    # The document itself is still being processed, so it is not among candidate_passages().
    passages = Passage.objects.filter(document=document).exclude(role=Passage.Role.SIGNATURE)
    made = 0
    if document.question_set_id:
        for question in Question.objects.filter(question_set_id=document.question_set_id):
            made += _explicit(question, passages.filter(role=Passage.Role.ANSWER))
    for question in _questions_for(passages):
        made += _suggest(question, passages)
    return made


def _answer_passages(question: Question) -> QuerySet[Passage]:
    return Passage.objects.filter(
        document__question_set_id=question.question_set_id,
        document__status=Document.Status.DONE,
        role=Passage.Role.ANSWER,
    )


def _questions_for(passages: QuerySet[Passage]) -> list[Question]:
    """Questions worth scoring against these passages, through the questions' GIN index.

    The query ORs the passages' rarest stems (at most DOCUMENT_QUERY_TERMS), so a large
    corpus of questions is never scanned; at most QUESTIONS_PER_DOCUMENT questions, best
    match first.
    """
    words = [w for p in passages for w in _words(f"{p.heading} {p.text}")]
    stems = _stems(words)
    weight: dict[str, float] = {}
    for word in words:
        if word in stems:
            weight[stems[word]] = max(weight.get(stems[word], 0.0), rarity(word))
    distinctive = sorted(weight, key=lambda stem: (-weight[stem], stem))[:DOCUMENT_QUERY_TERMS]
    if not distinctive:
        return []
    query = _search_query(distinctive)
    return list(
        Question.objects.filter(search_vector=query)
        .annotate(rank=SearchRank(F("search_vector"), query, normalization=32))
        .order_by("-rank")[:QUESTIONS_PER_DOCUMENT]
    )


@transaction.atomic
def _explicit(question: Question, answers: QuerySet[Passage]) -> int:
    """Every answer passage with the question's number, a further answer ("Nader
    antwoord") as a link of its own beside the first answer."""
    made = 0
    for passage in answers.filter(answer_numbers__contains=[question.number]):
        evidence: dict = {"answer_numbers": passage.answer_numbers}
        if passage.is_further_answer:
            evidence["further_answer"] = True
        made += _store(question, Link.Method.EXPLICIT, 1.0, evidence, passage=passage)
    return made


@transaction.atomic
def _sources(question: Question) -> int:
    made = 0
    for footnote in Footnote.objects.filter(question=question):
        evidence = {"marker": footnote.marker, "urls": footnote.urls}
        made += _store(question, Link.Method.SOURCE, 1.0, evidence, footnote=footnote)
    return made


@transaction.atomic
def _suggest(question: Question, candidates: QuerySet[Passage]) -> int:
    """Stores the lexical suggestions; withdraws untouched ones the ranking no longer makes."""
    ranked = rank_passages(question, candidates)
    made = sum(
        _store(question, Link.Method.LEXICAL, s.score, {"terms": s.shared}, passage=s.passage)
        for s in ranked
    )
    stale = (
        Link.objects.filter(
            question=question,
            passage__in=candidates,
            method=Link.Method.LEXICAL,
            status=Link.Status.SUGGESTED,
            curated_by__isnull=True,
        )
        .exclude(passage__in=[s.passage.pk for s in ranked])
        .exclude(events__actor__isnull=False)  # a curator touched it once: keep it
    )
    stale.delete()
    return made


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
