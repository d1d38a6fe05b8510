"""Every signal about a (question, passage) pair as a named number: what the model weighs.

Features are computed per question set against one document's passages (a "block"): a
passage's rank among its document's passages for the question, and the question's rank
among its set's questions for the passage, need the whole block. Only documents that the
retrieval found (or that are being linked) are scored. `FEATURE_NAMES` is the contract with
the model file (`linking.model`): a model trained on other features is refused.
"""

import math
from collections import Counter
from collections.abc import Hashable, Iterable
from dataclasses import dataclass

import numpy
from django.db.models import F, Q

from documents.models import Passage, Reference
from documents.references import find_references
from kamervragen.linking.config import LinkingConfig
from kamervragen.linking.feature_names import FEATURE_NAMES
from kamervragen.linking.references import reference_keys
from kamervragen.linking.replies import echoes_each, is_awareness
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
    terms are `set_terms`) and these passages (one document's, in order).

    Computed as arrays over the block (questions × passages), each figure with the same
    floating-point operations in the same order as the pair-by-pair computation
    (`tests/test_linking_features_vectorised.py` keeps that one and compares them)."""
    if not passages or not questions:
        return []
    asked = [
        q for q in questions if (terms := set_terms.get(q.number)) is not None and terms.weights
    ]
    if not asked:
        return []
    set_id = questions[0].question_set_id
    document_id = passages[0].document_id
    numbers = sorted(set_terms)
    block = scorer.block(passages)
    found = scorer.block_matches([set_terms[n] for n in numbers], block)
    rows = [numbers.index(q.number) for q in asked]
    count, size = len(asked), len(passages)
    score = found.score[rows]  # asked × passages
    # The passage's rank among the document's passages, and its margin over the best other.
    above = (score[:, None, :] > score[:, :, None]).sum(axis=2)
    top = score.max(axis=1, keepdims=True)
    second = numpy.sort(score, axis=1)[:, -2:-1] if size > 1 else numpy.zeros((count, 1))
    best_other = numpy.where(score == top, second, top)
    # The question's rank among its set's questions, and its margin over the best other.
    if config.uses("mutual"):
        everyone = found.score
        greater = (everyone[None, :, :] > score[:, None, :]).sum(axis=1)
        if len(numbers) > 1:
            first = everyone.argmax(axis=0)
            rest = everyone.copy()
            rest[first, numpy.arange(size)] = -numpy.inf
            rival = numpy.where(
                numpy.array(rows)[:, None] == first[None, :], rest.max(axis=0), everyone.max(axis=0)
            )
        else:
            rival = numpy.zeros((count, size))
        question_rank = 1 / (1 + greater)
        question_margin = score - rival
    else:
        question_rank = numpy.ones((count, size))
        question_margin = numpy.zeros((count, size))
    lengths = block.words
    average_length = (int(lengths.sum()) / size) or 1.0
    norm = 1 - BM25_B + BM25_B * lengths / average_length
    bm25 = numpy.zeros((count, size))
    rare = numpy.zeros((count, size))
    references_shared = numpy.zeros((count, size))
    aligned = numpy.zeros((count, size))
    combined = numpy.zeros((count, size))
    echo = numpy.zeros((count, size))
    awareness = numpy.zeros((count, 1))
    question_terms = numpy.zeros((count, 1))
    question_keys, passage_keys = references
    alignment = context.aligned or {}
    reasons: list[list[str] | None] = []
    absent = len(block.row)
    for index, question in enumerate(asked):
        terms = set_terms[question.number]
        idf = _bm25_idf(terms, scorer, document_id)
        best_bm25 = sum(idf.values()) or 1.0
        holds = block.text[[block.row.get(stem, absent) for stem in idf]]
        each = numpy.array(list(idf.values()))[:, None] * (BM25_K1 + 1) / (1 + BM25_K1 * norm)
        bm25[index] = numpy.where(holds, each, 0.0).cumsum(axis=0)[-1] / best_bm25
        weights = scorer.document_weights(terms, document_id)
        heaviest = sorted(weights, key=lambda stem: (-weights[stem], stem))[:RARE_TERMS]
        rare_rows = [block.row.get(stem, absent) for stem in heaviest]
        rare[index] = block.text[rare_rows].sum(axis=0) / (len(heaviest) or 1)
        keys = question_keys.get(question.pk, NONE)
        if keys:
            references_shared[index] = [
                float(bool(keys & passage_keys.get(p.pk, NONE))) for p in passages
            ]
        assigned = alignment.get((set_id, question.number), {})
        if assigned:
            reason = [assigned.get(p.pk, "") for p in passages]
            aligned[index] = [float(bool(r)) for r in reason]
            combined[index] = [float(r == "combined") for r in reason]
            reasons.append(reason)
        else:
            reasons.append(None)
        echo[index] = echoes_each(terms.text, passages, block.echoes)
        awareness[index] = float(is_awareness(terms.text))
        question_terms[index] = math.log1p(len(terms.weights))
    last = max(size - 1, 1)
    per_passage = numpy.array(
        [
            [float(p.role == Passage.Role.ANSWER), math.log1p(len(p.text)), index / last]
            for index, p in enumerate(passages)
        ]
    )
    shared = found.shared[rows]
    log_shared = numpy.array([math.log1p(n) for n in range(int(shared.max()) + 1)])[shared]
    full = numpy.ones((count, size))
    columns = [
        score,
        found.whole[rows],
        found.best_part[rows],
        found.heading_only[rows],
        numpy.minimum(MAX_PAIRS, found.pairs[rows]).astype(float),
        log_shared,
        bm25,
        rare,
        1 / (1 + above),
        score - best_other,
        question_rank,
        question_margin,
        references_shared,
        full * float(set_id in context.declared),
        aligned,
        combined,
        echo,
        full * awareness,
        full * float(set_id in context.own_sets),
        full * per_passage[:, 0],
        full * per_passage[:, 1],
        full * per_passage[:, 2],
        full * question_terms,
        *_char_features(asked, passages, scorer),
    ]
    values = numpy.stack(columns, axis=2).reshape(count * size, len(columns)).tolist()
    pairs = []
    for index, question in enumerate(asked):
        terms_text = None
        reason = reasons[index]
        for column, passage in enumerate(passages):
            stems: list[str] = []
            if shared[index, column]:
                if terms_text is None:
                    terms_text = set_terms[question.number].weights
                text = scorer.stems_of[passage.pk][0]
                stems = sorted(stem for stem in terms_text if stem in text)
            pairs.append(
                Pair(
                    question,
                    passage,
                    values[index * size + column],
                    stems,
                    reason[column] if reason else "",
                )
            )
    return pairs


def _char_features(
    questions: list[Question], passages: list[Passage], scorer: PassageScorer
) -> list[numpy.ndarray]:
    """The n-gram cosine of each question (rows) and passage (columns) and its ranks within
    the block: the passage's among the question's, the question's among the passage's."""
    unique = list(dict.fromkeys(questions))
    cosine = scorer.char_cosines([q.text for q in unique], passages[0].document_id)
    position = {q.pk: i for i, q in enumerate(unique)}
    own = cosine[[position[q.pk] for q in questions]]
    first = own.argmax(axis=1)
    count = len(questions)
    top = own[numpy.arange(count), first][:, None]
    second = numpy.zeros((count, 1))
    if cosine.shape[1] > 1:
        rest = own.copy()
        rest[numpy.arange(count), first] = -numpy.inf
        second = rest.max(axis=1, keepdims=True)
    is_first = numpy.arange(cosine.shape[1])[None, :] == first[:, None]
    best_other = numpy.where(is_first, second, top)
    row_rank = 1 / (1 + (own[:, None, :] > own[:, :, None]).sum(axis=2))
    column_rank = 1 / (1 + (cosine[None, :, :] > own[:, None, :]).sum(axis=1))
    return [own, row_rank, own - best_other, column_rank]


def _bm25_idf(terms: QuestionTerms, scorer: PassageScorer, document_id: int) -> dict[str, float]:
    """BM25's inverse document frequency of each question term among the document's passages."""
    frequency: Counter[str] = scorer.frequency.get(document_id, Counter())
    n = scorer.size[document_id] or 1
    return {
        stem: math.log(1 + (n - frequency.get(stem, 0) + 0.5) / (frequency.get(stem, 0) + 0.5))
        for stem in terms.weights
    }
