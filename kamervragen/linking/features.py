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
from kamervragen.linking.replies import echoes_each, is_awareness, is_letter_frame
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
    return blocks_pairs([(questions, set_terms)], passages, scorer, context, references, config)


def blocks_pairs(
    blocks: list[tuple[list[Question], dict[int, QuestionTerms]]],
    passages: list[Passage],
    scorer: PassageScorer,
    context: DocumentContext,
    references: tuple[dict[int, set], dict[int, set]],
    config: LinkingConfig,
    peers: list[list[Question]] | None = None,
) -> list[Pair]:
    """`block_pairs` of each (questions of one set, that set's terms) against the same
    passages, in that order, computed together. `peers`, one list per block: the questions
    a question's n-gram rank in its set is taken among (default: the block's own), so that a
    set scored a few questions at a time gets the ranks it gets scored whole.

    Computed as arrays (questions × passages; the set-wide ranks over each set's questions,
    padded to the largest set), each figure with the same floating-point operations in the
    same order as the pair-by-pair computation (`tests/test_linking_features_vectorised.py`
    keeps that one and compares them)."""
    if not passages:
        return []
    asked: list[Question] = []
    asked_terms: list[QuestionTerms] = []
    which: list[int] = []  # each asked question's set, by its place in `sets`
    local: list[int] = []  # … and its row among that set's questions
    sets: list[tuple[int, int, int]] = []  # set id, its first row in `everyone`, its size
    everyone: list[QuestionTerms] = []  # every question of the sets, by set, by number
    pools: list[list[Question]] = []  # each set's questions for the n-gram ranks
    for place, (questions, set_terms) in enumerate(blocks):
        members = _with_terms(questions, set_terms)
        if not members:
            continue
        pools.append(_with_terms(peers[place], set_terms) if peers else members)
        numbers = sorted(set_terms)
        for question in members:
            asked.append(question)
            asked_terms.append(set_terms[question.number])
            which.append(len(sets))
            local.append(numbers.index(question.number))
        sets.append((questions[0].question_set_id, len(everyone), len(numbers)))
        everyone += [set_terms[n] for n in numbers]
    if not asked:
        return []
    document_id = passages[0].document_id
    block = scorer.block(passages)
    found = scorer.block_matches(everyone, block)
    rows = [sets[k][1] + row for k, row in zip(which, local, strict=True)]
    count, size = len(asked), len(passages)
    score = found.score[rows]  # asked × passages
    # The passage's rank among the document's passages, and its margin over the best other.
    above = _greater_in_row(score)
    top = score.max(axis=1, keepdims=True)
    second = numpy.sort(score, axis=1)[:, -2:-1] if size > 1 else numpy.zeros((count, 1))
    best_other = numpy.where(score == top, second, top)
    # The question's rank among its set's questions, and its margin over the best other
    # (none but itself: 0).
    if config.uses("mutual"):
        by_set = _padded(
            found.score, [(first, n) for _, first, n in sets]
        )  # sets × rows × passages
        greater = (by_set[which] > score[:, None, :]).sum(axis=1)
        best = by_set.argmax(axis=1)  # sets × passages
        highest = by_set.max(axis=1)
        rest = by_set.copy()
        rest[numpy.arange(len(sets))[:, None], best, numpy.arange(size)[None, :]] = -numpy.inf
        runner_up = rest.max(axis=1)
        alone = numpy.array([n == 1 for _, _, n in sets])[which][:, None]
        rival = numpy.where(
            numpy.array(local)[:, None] == best[which], runner_up[which], highest[which]
        )
        question_rank = 1 / (1 + greater)
        question_margin = score - numpy.where(alone, 0.0, rival)
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
    per_question = numpy.zeros((count, 4))  # awareness, question terms, declared, own set
    question_keys, passage_keys = references
    alignment = context.aligned or {}
    reasons: list[list[str] | None] = []
    absent = len(block.row)
    for index, (question, terms) in enumerate(zip(asked, asked_terms, strict=True)):
        set_id = sets[which[index]][0]
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
        per_question[index] = [
            float(is_awareness(terms.text)),
            math.log1p(len(terms.weights)),
            float(set_id in context.declared),
            float(set_id in context.own_sets),
        ]
    last = max(size - 1, 1)
    per_passage = numpy.array(
        [
            [
                float(p.role == Passage.Role.ANSWER),
                math.log1p(len(p.text)),
                index / last,
                float(is_letter_frame(p.text)),
            ]
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
        full * per_question[:, 2:3],
        aligned,
        combined,
        echo,
        full * per_question[:, 0:1],
        full * per_question[:, 3:4],
        full * per_passage[:, 0],
        full * per_passage[:, 1],
        full * per_passage[:, 2],
        full * per_question[:, 1:2],
        *_char_features(asked, which, pools, passages, scorer),
        full * per_passage[:, 3],
    ]
    values = numpy.stack(columns, axis=2).reshape(count * size, len(columns)).tolist()
    pairs = []
    for index, question in enumerate(asked):
        given = reasons[index]
        for column, passage in enumerate(passages):
            stems: list[str] = []
            if shared[index, column]:
                text = scorer.stems_of[passage.pk][0]
                stems = sorted(stem for stem in asked_terms[index].weights if stem in text)
            pairs.append(
                Pair(
                    question,
                    passage,
                    values[index * size + column],
                    stems,
                    given[column] if given else "",
                )
            )
    return pairs


def _padded(rows: numpy.ndarray, spans: list[tuple[int, int]]) -> numpy.ndarray:
    """These spans (first row, number of rows) of `rows`, one beside the other, each padded
    with -inf to the longest: spans × rows × columns."""
    longest = max(n for _, n in spans)
    padded = numpy.full((len(spans), longest, rows.shape[1]), -numpy.inf)
    for index, (first, n) in enumerate(spans):
        padded[index, :n] = rows[first : first + n]
    return padded


def _with_terms(questions: list[Question], set_terms: dict[int, QuestionTerms]) -> list[Question]:
    """The questions that have terms to score with."""
    return [q for q in questions if (terms := set_terms.get(q.number)) and terms.weights]


def _char_features(
    questions: list[Question],
    which: list[int],
    pools: list[list[Question]],
    passages: list[Passage],
    scorer,
) -> list[numpy.ndarray]:
    """The n-gram cosine of each question (rows) and passage (columns) and its ranks: the
    passage's among the question's passages, the question's among its set's (`which`)
    questions for the passage."""
    unique: dict[tuple[int, int], int] = {}  # (set, question id) → row in `cosine`
    texts: list[str] = []
    spans = [(0, 0)] * len(pools)
    for k, pool in enumerate(pools):
        for question in pool:
            if (k, question.pk) not in unique:
                first, n = spans[k] if spans[k][1] else (len(texts), 0)
                unique[(k, question.pk)] = len(texts)
                texts.append(question.text)
                spans[k] = (first, n + 1)
    cosine = scorer.char_cosines(texts, passages[0].document_id)
    own = cosine[[unique[(k, q.pk)] for k, q in zip(which, questions, strict=True)]]
    count = len(questions)
    first = own.argmax(axis=1)
    top = own[numpy.arange(count), first][:, None]
    second = numpy.zeros((count, 1))
    if cosine.shape[1] > 1:
        rest = own.copy()
        rest[numpy.arange(count), first] = -numpy.inf
        second = rest.max(axis=1, keepdims=True)
    is_first = numpy.arange(cosine.shape[1])[None, :] == first[:, None]
    best_other = numpy.where(is_first, second, top)
    row_rank = 1 / (1 + _greater_in_row(own))
    column_rank = 1 / (1 + (_padded(cosine, spans)[which] > own[:, None, :]).sum(axis=1))
    return [own, row_rank, own - best_other, column_rank]


def _greater_in_row(values: numpy.ndarray) -> numpy.ndarray:
    """For each cell, how many cells of its row hold a greater value, by bisection in the
    sorted row: rows × passages memory and n log n time (comparing every cell with every
    other of its row held 19,574² booleans per question for a 2,000-page report)."""
    ordered = numpy.sort(values, axis=1)
    size = values.shape[1]
    greater = numpy.empty(values.shape, dtype=numpy.int64)
    for index in range(values.shape[0]):
        greater[index] = size - numpy.searchsorted(ordered[index], values[index], side="right")
    return greater


def _bm25_idf(terms: QuestionTerms, scorer: PassageScorer, document_id: int) -> dict[str, float]:
    """BM25's inverse document frequency of each question term among the document's passages."""
    frequency: Counter[str] = scorer.frequency.get(document_id, Counter())
    n = scorer.size[document_id] or 1
    return {
        stem: math.log(1 + (n - frequency.get(stem, 0) + 0.5) / (frequency.get(stem, 0) + 0.5))
        for stem in terms.weights
    }
