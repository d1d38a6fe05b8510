"""Every signal about a (question, passage) pair as a named number: what the model weighs.

Features are computed per question set against one document's passages (a "block"): a
passage's rank among its document's passages for the question, and the question's rank
among its set's questions for the passage, need the whole block. Only documents that the
retrieval found (or that are being linked) are scored. `FEATURE_NAMES` is the contract with
the model file (`linking.model`): a model trained on other features is refused.
"""

import math
from bisect import bisect_right
from collections import Counter
from collections.abc import Hashable, Iterable
from dataclasses import dataclass

from django.db.models import F, Q

from documents.models import Passage, Reference
from documents.references import find_references
from kamervragen.linking.config import LinkingConfig
from kamervragen.linking.feature_names import FEATURE_NAMES
from kamervragen.linking.references import reference_keys
from kamervragen.linking.replies import echoes, is_awareness
from kamervragen.linking.scoring import PassageScorer
from kamervragen.linking.terms import QuestionTerms
from kamervragen.models import Question

MAX_PAIRS = 3  # more shared pairs repeat what the shared terms say
RARE_TERMS = 3  # what a question is most specifically about
BM25_K1 = 1.2  # the usual BM25 constants
BM25_B = 0.75
NONE: frozenset = frozenset()


@dataclass
class Pair:
    question: Question
    passage: Passage
    values: list[float]  # in FEATURE_NAMES order
    shared: list[str]  # the stems the passage shares with the question (evidence)
    reply: str = ""  # the order alignment's reason ("order", "fit", "combined"), if any

    def named(self) -> dict[str, float]:
        return dict(zip(FEATURE_NAMES, self.values, strict=True))


@dataclass
class DocumentContext:
    """What is known about one target document beyond its words."""

    declared: frozenset[int] = frozenset()  # question sets the letter says it answers
    aligned: dict[Hashable, dict[int, str]] | None = None  # (set id, number) → passage → reason
    own_sets: frozenset[int] = frozenset()  # question sets the document belongs to


def question_reference_keys(questions: Iterable[Question]) -> dict[int, set]:
    """Per question: the citation keys of what it cites, in its text and footnotes."""
    questions = list(questions)
    keys: dict[int, set] = {q.pk: set() for q in questions}
    for question in questions:
        for ref in find_references(question.text):
            keys[question.pk] |= reference_keys(ref)
    cited = Reference.objects.filter(footnote__questions__in=keys).annotate(
        question_id=F("footnote__questions")
    )
    for footnote_ref in cited:
        keys[footnote_ref.question_id] |= reference_keys(footnote_ref)
    return keys


def passage_reference_keys(document_ids: Iterable[int]) -> dict[int, set]:
    """Per passage of these documents: the citation keys in its text and its footnotes."""
    ids = list(document_ids)
    keys: dict[int, set] = {}
    references = Reference.objects.filter(
        Q(passage__document_id__in=ids) | Q(footnote__passage__document_id__in=ids)
    ).select_related("footnote")
    for ref in references:
        passage_id = ref.passage_id or (ref.footnote.passage_id if ref.footnote else None)
        if passage_id is not None:
            keys.setdefault(passage_id, set()).update(reference_keys(ref))
    return keys


def block_pairs(
    questions: list[Question],
    set_terms: dict[int, QuestionTerms],
    passages: list[Passage],
    scorer: PassageScorer,
    context: DocumentContext,
    references: tuple[dict[int, set], dict[int, set]],
    config: LinkingConfig,
) -> list[Pair]:
    """The features of every pair of these questions (of one set, whose every question's
    terms are `set_terms`) and these passages (one document's, in order)."""
    if not passages or not questions:
        return []
    set_id = questions[0].question_set_id
    numbers = sorted(set_terms)
    matches = {n: [scorer.match(set_terms[n], p) for p in passages] for n in numbers}
    lengths = [scorer.words.get(p.pk, 0) for p in passages]
    average_length = (sum(lengths) / len(lengths)) or 1.0
    question_keys, passage_keys = references
    mutual = config.uses("mutual")
    aligned = context.aligned or {}
    last = max(len(passages) - 1, 1)
    pairs = []
    for question in questions:
        terms = set_terms.get(question.number)
        if terms is None or not terms.weights:
            continue
        own = matches[question.number]
        scores = [m.score for m in own]
        ascending = sorted(scores)  # ranks by bisection: a large letter has thousands
        ranked = ascending[::-1]
        weights = scorer.document_weights(terms, passages[0].document_id)
        rare = sorted(weights, key=lambda stem: (-weights[stem], stem))[:RARE_TERMS]
        idf = _bm25_idf(terms, scorer, passages[0].document_id)
        best_bm25 = sum(idf.values()) or 1.0
        awareness = is_awareness(terms.text)
        assigned = aligned.get((set_id, question.number), {})
        for index, passage in enumerate(passages):
            match = own[index]
            text_stems = scorer.stems_of.get(passage.pk, (set(),))[0]
            above = _count_above(ascending, match.score)
            if match.score == ranked[0]:
                best_other = ranked[1] if len(ranked) > 1 else 0.0
            else:
                best_other = ranked[0]
            rivals = [matches[n][index].score for n in numbers if n != question.number]
            norm = 1 - BM25_B + BM25_B * lengths[index] / average_length
            bm25 = sum(
                value * (BM25_K1 + 1) / (1 + BM25_K1 * norm)
                for stem, value in idf.items()
                if stem in text_stems
            )
            reason = assigned.get(passage.pk, "")
            passage_rank = 1 / (1 + above)
            question_rank = 1 / (1 + sum(1 for r in rivals if r > match.score)) if mutual else 1.0
            values = [
                match.score,
                match.whole,
                match.best_part,
                match.heading_only,
                float(min(MAX_PAIRS, match.pairs)),
                math.log1p(len(match.shared)),
                bm25 / best_bm25,
                sum(1 for stem in rare if stem in text_stems) / (len(rare) or 1),
                passage_rank,
                match.score - best_other,
                question_rank,
                match.score - max(rivals, default=0.0) if mutual else 0.0,
                float(
                    bool(question_keys.get(question.pk, NONE) & passage_keys.get(passage.pk, NONE))
                ),
                float(set_id in context.declared),
                float(bool(reason)),
                float(reason == "combined"),
                float(echoes(terms.text, passage.text)),
                float(awareness),
                float(set_id in context.own_sets),
                float(passage.role == Passage.Role.ANSWER),
                math.log1p(len(passage.text)),
                index / last,
                math.log1p(len(terms.weights)),
            ]
            pairs.append(Pair(question, passage, values, match.shared, reason))
    _char_features(pairs, passages, scorer)
    return pairs


def _char_features(pairs: list[Pair], passages: list[Passage], scorer: PassageScorer) -> None:
    """Appends the n-gram cosine of each pair and its ranks within the block."""
    if not pairs:
        return
    questions = list(dict.fromkeys(pair.question for pair in pairs))
    rows = {q.pk: i for i, q in enumerate(questions)}
    columns = {p.pk: j for j, p in enumerate(passages)}
    cosine = scorer.char_cosines([q.text for q in questions], passages[0].document_id)
    # Each question's row sorted once: a pair's rank and best rival are then found by
    # bisection, not by a pass over the row (a pass per pair is quadratic in the passages).
    ascending = [sorted(float(v) for v in cosine[i]) for i in range(len(questions))]
    for pair in pairs:
        i, j = rows[pair.question.pk], columns[pair.passage.pk]
        own = float(cosine[i, j])
        row = ascending[i]
        # The largest of the row without this pair's own value (one copy of it removed).
        best_other = 0.0 if len(row) == 1 else (row[-2] if own == row[-1] else row[-1])
        rivals = [float(cosine[r, j]) for r in range(len(questions)) if r != i]
        pair.values += [
            own,
            1 / (1 + _count_above(row, own)),
            own - best_other,
            1 / (1 + sum(1 for o in rivals if o > own)),
        ]


def _count_above(ascending: list[float], value: float) -> int:
    """How many of the sorted values are greater than `value`."""
    return len(ascending) - bisect_right(ascending, value)


def _bm25_idf(terms: QuestionTerms, scorer: PassageScorer, document_id: int) -> dict[str, float]:
    """BM25's inverse document frequency of each question term among the document's passages."""
    frequency: Counter[str] = scorer.frequency.get(document_id, Counter())
    n = scorer.size[document_id] or 1
    return {
        stem: math.log(1 + (n - frequency.get(stem, 0) + 0.5) / (frequency.get(stem, 0) + 0.5))
        for stem in terms.weights
    }
