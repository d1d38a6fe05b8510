"""What a question asks and what a passage says, as weighted `dutch` stems.

Words lose the question genre's own phrases ("Bent u bekend met", "Zo nee, waarom niet?");
compounds add their parts (split with the wordfreq Dutch frequency list:
"detectieapparatuur" → detectie + apparatuur); stems come from PostgreSQL's `dutch_stem`.
"""

import functools
import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection

from documents.models import Passage
from kamervragen.linking.config import DEFAULT, LinkingConfig
from kamervragen.models import Question, QuestionSet

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
GENRE_ONLY_WORDS = {
    "bekend", "bericht", "berichten", "bereid", "waarom", "welke", "beoordeelt", "deelt",
    "mening", "gelet", "klopt", "wanneer", "mede", "licht", "kader", "eerdere", "huidige",
    "gevolg", "oproep", "jongstleden", "inmiddels", "momenteel", "bovenstaande", "zoals",
    "onder", "andere", "worden", "wordt", "werd", "zijn", "zouden", "dienen", "gaan", "stappen",
}  # fmt: skip
SENTENCE_END = re.compile(r"(?<=[?!.])\s+(?=[A-Z«“\"])")
# A news item's quoted title says what the question is about, not what an answer says.
QUOTED_TITLE = re.compile(
    r"\b(?:bericht|artikel|uitzending|item|rapport)\s+[«“\"][^»”\"]{0,300}[»”\"]"
)
WORD = re.compile(r"[^\W\d_]+")
NAME = re.compile(r"(?<![.?!:]\s)(?<!^)\b(?:[A-Z]{2,}\w*|[A-Z][a-z]+[A-Z]\w*|[A-Z][a-z]{2,})\b")
SUFFIXES = {
    "heid", "heden", "ing", "ingen", "lijk", "lijke", "baar", "bare", "isch", "ische",
    "schap", "eren", "tie", "ties", "iteit", "achtig", "loos", "matig", "ning", "ende",
}  # fmt: skip
INFLECTIONS = ("en", "s", "n", "e")


@dataclass(frozen=True)
class WordRules:
    """The part of a LinkingConfig that decides which words a text has (a cache key)."""

    genre: bool
    compounds: bool
    whole_word_zipf: float
    min_part_zipf: float

    @classmethod
    def of(cls, config: LinkingConfig) -> "WordRules":
        return cls(
            config.uses("genre"),
            config.uses("compounds"),
            config.whole_word_zipf,
            config.min_part_zipf,
        )


# spaCy's stop words and wordfreq's table are loaded on first use, not with this module: the
# web process imports it for the evidence words and must not load them to start.
@functools.cache
def stop_words() -> frozenset[str]:
    from spacy.lang.nl.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


@functools.cache
def genre_words() -> frozenset[str]:
    return frozenset(GENRE_ONLY_WORDS) | stop_words()


@functools.lru_cache(maxsize=200_000)
def _zipf(word: str) -> float:
    """wordfreq's `zipf_frequency(word, "nl")`. A lowercase ASCII word is its own only
    token, so its figure is computed from the frequency table as wordfreq computes it,
    without its tokenizer (most of the cost: a letter's new words are looked up cold)."""
    if word.isascii() and word.isalpha() and word.islower():
        return _table_zipf(word)
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "nl")


_NO_FREQUENCY = 10**0.0 / 1e9  # wordfreq's floor for `minimum=0` (`zipf_to_freq(0)`)


@functools.cache
def _dutch_frequencies() -> dict[str, float]:
    """The table `zipf_frequency` reads (loaded on first use, as wordfreq loads it)."""
    from wordfreq import get_frequency_dict

    return get_frequency_dict("nl", "best")


def _table_zipf(word: str) -> float:
    """wordfreq's arithmetic for a word that is one token: `_word_frequency` (the inverse
    of the sum of inverses, rounded to three significant digits), then `zipf_frequency`."""
    return _frequency_zipf(_dutch_frequencies().get(word))


@functools.cache
def _frequency_zipf(found: float | None) -> float:
    """`_table_zipf` of a word the table gives this frequency: the table holds a few hundred
    distinct frequencies (wordfreq stores them in bins), so a reading of many new words
    computes each figure once, not once per word."""
    if found is None:
        frequency = _NO_FREQUENCY
    else:
        frequency = max(1.0 / (0.0 + 1.0 / found), _NO_FREQUENCY)
        frequency = round(frequency, math.floor(-math.log(frequency, 10)) + 3)
    return round(math.log(frequency, 10) + 9, 2)


def split_compound(word: str, config: LinkingConfig = DEFAULT) -> tuple[str, ...]:
    """The parts of a Dutch compound by the wordfreq frequency list, or () if none is found.

    Common words and their inflections are left whole ("veiligheid", "oordeelt",
    "constateringen"); a part must be a known word of at least four letters and not a suffix;
    a linking s or e is dropped; fewer parts are preferred.
    """
    return _split_compound(word, config.whole_word_zipf, config.min_part_zipf)


# A compound has two parts of at least MIN_PART_LETTERS ("scan" + "apparatuur"); shorter
# words are no compounds, and shorter pieces are suffixes or noise ("oord" + "eelt").
MIN_PART_LETTERS = 4
MIN_COMPOUND_LETTERS = 2 * MIN_PART_LETTERS
MIN_WORD_LETTERS = 3  # "de", "en", "op": too short to say what a text is about


@functools.lru_cache(maxsize=100_000)
def _split_compound(word: str, whole_word_zipf: float, min_part_zipf: float) -> tuple[str, ...]:
    if len(word) < MIN_COMPOUND_LETTERS or _zipf(word) >= whole_word_zipf:
        return ()
    if any(_zipf(word.removesuffix(end)) >= whole_word_zipf for end in INFLECTIONS):
        return ()  # "constateringen" is no cons + tate + ringen
    best: tuple[float, tuple[str, ...]] = (0.0, ())
    for i in range(MIN_PART_LETTERS, len(word) - MIN_PART_LETTERS + 1):
        head, tail = word[:i], word[i:]
        heads = [head] + ([head[:-1]] if head[-1] in "se" and len(head) > MIN_PART_LETTERS else [])
        head_word = max(heads, key=_zipf)
        if _zipf(head_word) < min_part_zipf or tail in SUFFIXES:
            continue
        tail_parts = _split_compound(tail, whole_word_zipf, min_part_zipf) or (tail,)
        if any(len(part) < MIN_PART_LETTERS or part in SUFFIXES for part in tail_parts):
            continue
        score = min(_zipf(head_word), *(_zipf(part) for part in tail_parts))
        if score < min_part_zipf:
            continue
        score -= len(tail_parts) - 1
        if score > best[0]:
            best = (score, (head_word, *tail_parts))
    return best[1]


def content_words(text: str, rules: WordRules, split: bool = True) -> list[str]:
    """The text's words that may say what it is about, compounds replaced by their parts."""
    return list(_content_words(text, rules, split))


@functools.lru_cache(maxsize=20_000)  # a set's texts are read two or three times a linking
def _content_words(text: str, rules: WordRules, split: bool) -> tuple[str, ...]:
    skip = genre_words() if rules.genre else stop_words()
    compounds = split and rules.compounds
    words: list[str] = []
    add, whole, least = words.append, rules.whole_word_zipf, rules.min_part_zipf
    for word in WORD.findall(text.lower()):
        if len(word) >= MIN_WORD_LETTERS and word not in skip:
            # a word shorter than a compound is none (`_split_compound`'s first test)
            parts = (
                _split_compound(word, whole, least)
                if compounds and len(word) >= MIN_COMPOUND_LETTERS
                else ()
            )
            if parts:
                words.extend([part for part in parts if part not in skip])
            else:
                add(word)
    return tuple(words)


_STEM_CACHE: dict[str, str] = {}


def dutch_stems(words: Iterable[str]) -> dict[str, str]:
    """Word → `dutch` stem (PostgreSQL's snowball stemmer; stop words dropped).

    Stems never change, so each word is asked of PostgreSQL once per process.
    """
    distinct = set(words)
    missing = [w for w in distinct if w not in _STEM_CACHE]
    if missing:
        missing.sort()
        with connection.cursor() as cursor:
            if all(word and " " not in word for word in missing):  # words, as `WORD` finds them
                # One string split by PostgreSQL: psycopg quotes an array's every element
                # (a first linking at 300,000 sets sends thousands of new words).
                words, array = " ".join(missing), "string_to_array(%s, ' ')"
            else:
                words, array = missing, "%s::text[]"
            cursor.execute(
                "SELECT w, coalesce((ts_lexize('dutch_stem', w))[1], '') "
                f"FROM unnest({array}) AS w",
                [words],
            )
            if len(_STEM_CACHE) > 500_000:
                _STEM_CACHE.clear()
            _STEM_CACHE.update(cursor.fetchall())
    known = _STEM_CACHE.get
    return {w: stem for w in distinct if (stem := known(w))}


@dataclass(eq=False)  # hashed by identity: PassageScorer caches weights per terms object
class QuestionTerms:
    text: str  # the question as asked: a reply letter reads its form ("Klopt het dat …?")
    weights: dict[str, float]  # stem → weight before the target document's own frequencies
    parts: list[set[str]]  # the stems of each sub-question (sentence)
    pairs: set[tuple[str, str]]  # stems of adjacent content words ("nationale veiligheid")

    @property
    def stems(self) -> list[str]:
        return sorted(self.weights)


def question_terms(
    text: str, context: tuple[str, ...] = (), config: LinkingConfig = DEFAULT
) -> QuestionTerms:
    """The question's stems, weighted by rarity in Dutch, names and acronyms counting extra.

    `context` holds the set's title and its other questions: a term they share is the set's
    topic ("Chinese politiebureaus") rather than what this question asks, and weighs less.
    """
    shared = None
    if config.uses("set") and context:
        rules = WordRules.of(config)
        shared = Counter(stem for other in context for stem in _text_stems(other, rules))
    return _question_terms(text, shared, len(context), config)


def _question_terms(
    text: str,
    shared: "Counter[str] | _SharedBeyond | None",
    context_size: int,
    config: LinkingConfig,
) -> QuestionTerms:
    """`question_terms`, given in how many of its `context_size` context texts each stem
    stands (`shared`; None: the set's terms do not weigh less)."""
    asked = text
    rules = WordRules.of(config)
    names = {name.lower() for name in NAME.findall(text)}
    if config.uses("genre"):
        text = QUOTED_TITLE.sub(" ", GENRE_PHRASES.sub(" ", text))
    sentences = [content_words(sentence, rules) for sentence in SENTENCE_END.split(text)]
    words = [word for sentence in sentences for word in sentence]
    stems = dutch_stems(words)
    parts = [{stems[w] for w in sentence if w in stems} for sentence in sentences]
    weights: dict[str, float] = {}
    use_rarity, use_names = config.uses("rarity"), config.uses("names")
    for word in words:
        stem = stems.get(word)
        if not stem:
            continue
        weight = rarity(word) if use_rarity else 1.0
        if use_names and word in names:
            weight *= config.name_boost
        weights[stem] = max(weights.get(stem, 0.0), weight)
    if shared is not None:
        spread = math.log(1 + context_size)
        for stem in weights:
            weights[stem] *= math.log(1 + context_size / (1 + shared.get(stem, 0))) / spread
    pairs = {pair for sentence in sentences for pair in _pairs(sentence, stems)}
    parts = [part for part in parts if len(part) >= config.min_shared_terms]
    return QuestionTerms(asked, weights, parts, pairs)


@functools.lru_cache(maxsize=20_000)
def _text_stems(text: str, rules: WordRules) -> frozenset[str]:
    words = content_words(text, rules)
    stems = dutch_stems(words)
    return frozenset(stems[w] for w in words if w in stems)


def _pairs(words: list[str], stems: dict[str, str]) -> set[tuple[str, str]]:
    stemmed = [stems[w] for w in words if w in stems]
    return {(a, b) for a, b in zip(stemmed, stemmed[1:], strict=False) if a != b}


def rarity(word: str) -> float:
    """From 0.3 (very common Dutch words) to 2 (words the frequency list does not know)."""
    return max(0.3, min(2.0, (6.5 - _zipf(word)) / 2.5))


def passage_terms(
    passages: list[Passage], config: LinkingConfig = DEFAULT
) -> dict[int, tuple[set[str], set[str], set]]:
    """Per passage: the stems of its text, those of its heading, and its adjacent pairs."""
    rules = WordRules.of(config)
    words = {
        p.pk: (content_words(p.text, rules), content_words(p.heading, rules)) for p in passages
    }
    stems = dutch_stems(w for text, heading in words.values() for w in text + heading)
    return {
        pk: (
            {stems[w] for w in text if w in stems},
            {stems[w] for w in heading if w in stems},
            _pairs(text, stems),
        )
        for pk, (text, heading) in words.items()
    }


def question_set_terms(
    question_set_id: int, config: LinkingConfig = DEFAULT
) -> dict[int, QuestionTerms]:
    """Each question's terms, read against its set's title and other questions."""
    return questions_terms_by_set([question_set_id], config)[question_set_id]


def questions_terms_by_set(
    question_set_ids: Iterable[int], config: LinkingConfig = DEFAULT
) -> dict[int, dict[int, QuestionTerms]]:
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
    rules = WordRules.of(config)
    dutch_stems(w for text in every_text for w in content_words(text, rules))  # one query
    result = {}
    for set_id, by_number in texts.items():
        # A question's context is the title and the other questions: in how many of them a
        # stem stands is its count among all the set's texts less its own (not counted
        # again for each question, the square of the set's size).
        own = {number: _text_stems(text, rules) for number, text in by_number.items()}
        everywhere = Counter(_text_stems(titles.get(set_id, ""), rules))
        for stems in own.values():
            everywhere.update(stems)
        result[set_id] = {
            number: _question_terms(
                text,
                _SharedBeyond(everywhere, own[number]) if config.uses("set") else None,
                len(by_number),  # the title and the others
                config,
            )
            for number, text in by_number.items()
        }
    return result


class _SharedBeyond:
    """How many texts hold a stem (`counts`), less one for those in `own`."""

    def __init__(self, counts: Counter, own: frozenset[str]) -> None:
        self.counts, self.own = counts, own

    def get(self, stem: str, default: int = 0) -> int:
        return self.counts.get(stem, default) - (stem in self.own)
