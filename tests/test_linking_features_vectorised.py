"""The block's features computed as arrays (`features.block_pairs`, `PassageScorer.block_matches`,
`LinkModel.probabilities`) are exactly those of the pair-by-pair computation they replaced,
kept here: every value equal (==), not only close, so every probability and link is the same.
"""

import bisect
import math
from pathlib import Path

import numpy
import pytest
from django.core.management import call_command

from documents.models import Document, Passage
from kamervragen.linking import DEFAULT, scoring
from kamervragen.linking.config import LinkingConfig
from kamervragen.linking.features import (
    BM25_B,
    BM25_K1,
    MAX_PAIRS,
    NONE,
    RARE_TERMS,
    DocumentContext,
    Pair,
    _bm25_idf,
    block_pairs,
    blocks_pairs,
    passage_reference_keys,
    question_reference_keys,
)
from kamervragen.linking.model import link_model
from kamervragen.linking.recipe import _declared, document_features
from kamervragen.linking.replies import echoes, is_awareness, is_letter_frame, reply_alignment
from kamervragen.linking.scoring import PassageScorer
from kamervragen.linking.terms import QuestionTerms, questions_terms_by_set
from kamervragen.models import Question
from tests.conftest import SEED_LETTER_PDF, SEED_QUESTIONS_PDF

pytestmark = pytest.mark.django_db


def plain_block_pairs(
    questions: list[Question],
    set_terms: dict[int, QuestionTerms],
    passages: list[Passage],
    scorer: PassageScorer,
    context: DocumentContext,
    references: tuple[dict[int, set], dict[int, set]],
    config: LinkingConfig,
) -> list[Pair]:
    """`features.block_pairs` as it was written pair by pair, before the arrays."""
    if not passages or not questions:
        return []
    set_id = questions[0].question_set_id
    numbers = sorted(set_terms)
    matches = {n: scorer.matches(set_terms[n], passages) for n in numbers}
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
        ranked = sorted(scores, reverse=True)
        ascending = ranked[::-1]
        weights = scorer.document_weights(terms, passages[0].document_id)
        rare = sorted(weights, key=lambda stem: (-weights[stem], stem))[:RARE_TERMS]
        idf = _bm25_idf(terms, scorer, passages[0].document_id)
        best_bm25 = sum(idf.values()) or 1.0
        awareness = is_awareness(terms.text)
        assigned = aligned.get((set_id, question.number), {})
        for index, passage in enumerate(passages):
            match = own[index]
            text_stems = scorer.stems_of.get(passage.pk, (set(),))[0]
            above = len(ascending) - bisect.bisect_right(ascending, match.score)
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
    plain_char_features(pairs, passages, scorer)
    for pair in pairs:
        pair.values.append(float(is_letter_frame(pair.passage.text)))
    return pairs


def plain_char_features(pairs: list[Pair], passages: list[Passage], scorer: PassageScorer) -> None:
    """Appends the n-gram cosine of each pair and its ranks within the block."""
    if not pairs:
        return
    questions = list(dict.fromkeys(pair.question for pair in pairs))
    rows = {q.pk: i for i, q in enumerate(questions)}
    columns = {p.pk: j for j, p in enumerate(passages)}
    cosine = scorer.char_cosines([q.text for q in questions], passages[0].document_id)
    # Per row the largest value and where it first stands, and the second largest: the
    # largest of a row's other values without building the row again for each pair.
    first = cosine.argmax(axis=1)
    top = cosine[numpy.arange(len(questions)), first]
    second = numpy.full(len(questions), 0.0)
    if cosine.shape[1] > 1:
        rest = cosine.copy()
        rest[numpy.arange(len(questions)), first] = -numpy.inf
        second = rest.max(axis=1)
    for pair in pairs:
        i, j = rows[pair.question.pk], columns[pair.passage.pk]
        own = float(cosine[i, j])
        best_other = float(second[i]) if j == first[i] else float(top[i])
        pair.values += [
            own,
            1 / (1 + int((cosine[i] > own).sum())),
            own - best_other,
            1 / (1 + int((cosine[:, j] > own).sum())),
        ]


OTHER_SETS = [
    Path(__file__).resolve().parent / "fixtures" / "linking" / f"{name}-vragen.txt"
    for name in ("2014Z07273", "2021Z05633")
]


def _linked_letter() -> Document:
    """The seed letter, with the seed questions' set and two other sets of questions."""
    files = [SEED_QUESTIONS_PDF, *OTHER_SETS, SEED_LETTER_PDF]
    call_command("ingest", *map(str, files), sync=True)
    return Document.objects.exclude(kind=Document.Kind.QUESTIONS).get()


def _both(letter: Document, config: LinkingConfig, context: DocumentContext | None = None):
    """The vectorised and the plain pairs of every set against the letter."""
    questions = list(Question.objects.order_by("question_set_id", "number"))
    scorer = PassageScorer(list(letter.passages.all()), config)
    passages = scorer.documents[letter.pk]
    set_terms = questions_terms_by_set({q.question_set_id for q in questions}, config)
    context = context or DocumentContext()
    references = (question_reference_keys(questions), passage_reference_keys([letter.pk]))
    scorer.char_cosines([q.text for q in questions], letter.pk)
    assert len(set_terms) == 3
    fast, plain, blocks = [], [], []
    first = questions[0]  # and a set of one question: no other question to rank against
    alone = [([first], {first.number: set_terms[first.question_set_id][first.number]})]
    for members, terms in [
        *alone,
        *(
            ([q for q in questions if q.question_set_id == set_id], terms)
            for set_id, terms in set_terms.items()
        ),
    ]:
        blocks.append((members, terms))
        fast += block_pairs(members, terms, passages, scorer, context, references, config)
        plain += plain_block_pairs(members, terms, passages, scorer, context, references, config)
    together = blocks_pairs(blocks, passages, scorer, context, references, config)
    _assert_same(together, fast)  # several sets at once: each as if alone
    return fast, plain


def _assert_same(fast: list[Pair], plain: list[Pair]) -> None:
    assert len(fast) == len(plain) > 0
    for a, b in zip(fast, plain, strict=True):
        assert (a.question.pk, a.passage.pk) == (b.question.pk, b.passage.pk)
        assert a.values == b.values, a.question.number
        assert all(type(value) is float for value in a.values)
        assert (a.shared, a.reply) == (b.shared, b.reply)


@pytest.mark.parametrize(
    "without", [frozenset(), frozenset({"mutual", "heading"}), frozenset({"parts", "pairs"})]
)
def test_block_pairs_equal_the_pair_by_pair_computation(without, monkeypatch):
    if without:  # and the large blocks' sums, stem by stem
        monkeypatch.setattr(scoring, "SMALL_BLOCK", 0)
    letter = _linked_letter()
    config = LinkingConfig(without=without)
    fast, plain = _both(letter, config)
    _assert_same(fast, plain)
    assert sum(1 for pair in fast if pair.values[0]) > 20  # not everything zero
    assert any(pair.shared for pair in fast)


def test_block_pairs_equal_with_the_letters_alignment_and_declaration():
    """A reply letter's context: declared sets, order alignment (reasons), own sets."""
    letter = _linked_letter()
    ordered = list(letter.passages.order_by("order"))
    scorer = PassageScorer(ordered)
    set_id = Question.objects.values_list("question_set_id", flat=True).first()
    set_terms = questions_terms_by_set([set_id])
    aligned = reply_alignment(
        {(set_id, n): set_terms[set_id][n] for n in sorted(set_terms[set_id])},
        ordered,
        set(),
        scorer,
    )
    assert aligned
    context = DocumentContext(
        declared=frozenset({set_id}), aligned=aligned, own_sets=frozenset({set_id})
    )
    fast, plain = _both(letter, DEFAULT, context)
    _assert_same(fast, plain)
    assert any(pair.reply for pair in fast)


def test_document_features_and_probabilities_equal_the_plain_computation():
    letter = _linked_letter()
    ordered = list(letter.passages.order_by("order"))
    questions = list(Question.objects.order_by("number"))
    pairs, _ = document_features(
        letter, ordered, questions, DEFAULT, _declared(letter, ordered, DEFAULT)
    )
    model = link_model()
    assert model.probabilities([p.values for p in pairs]) == [
        model.probability(p.values) for p in pairs
    ]
    assert model.probabilities([]) == []


@pytest.mark.parametrize("small_block", [0, scoring.SMALL_BLOCK])  # stem by stem, at once
@pytest.mark.parametrize("dense_cells", [0, scoring.DENSE_CELLS])  # sparse rows only, dense
def test_block_matches_equal_the_scorers_matches(small_block, dense_cells, monkeypatch):
    monkeypatch.setattr(scoring, "SMALL_BLOCK", small_block)
    monkeypatch.setattr(scoring, "DENSE_CELLS", dense_cells)
    letter = _linked_letter()
    scorer = PassageScorer(list(letter.passages.all()))
    passages = scorer.documents[letter.pk]
    set_terms = questions_terms_by_set(Question.objects.values_list("question_set_id", flat=True))
    terms = [t for by_number in set_terms.values() for t in by_number.values()]
    found = scorer.block_matches(terms, scorer.block(passages))
    for row, question in enumerate(terms):
        for column, match in enumerate(scorer.matches(question, passages)):
            assert found.score[row, column] == match.score
            assert found.whole[row, column] == match.whole
            assert found.best_part[row, column] == match.best_part
            assert found.heading_only[row, column] == match.heading_only
            assert found.pairs[row, column] == match.pairs
            assert found.shared[row, column] == len(match.shared)


def test_the_rank_by_bisection_counts_what_comparing_every_pair_counts():
    from kamervragen.linking.features import _greater_in_row

    rng = numpy.random.default_rng(7)
    values = rng.integers(0, 5, size=(4, 50)) / 4  # many ties
    values[0, :3] = -numpy.inf
    expected = (values[:, None, :] > values[:, :, None]).sum(axis=2)
    assert (_greater_in_row(values) == expected).all()


def test_stem_rows_dense_and_sparse_give_the_same_rows(monkeypatch):
    cells = [(0, 1), (2, 0), (2, 3), (4, 2)]
    dense = scoring.StemRows(cells, 6, 4)
    monkeypatch.setattr(scoring, "DENSE_CELLS", 0)
    sparse = scoring.StemRows(cells, 6, 4)
    assert dense.dense is not None and sparse.dense is None
    for index in ([5, 2, 0], [[0, 2], [4, 5]], numpy.array([[1, 1], [3, 2]])):
        a, b = dense[index], sparse[index]
        assert a.dtype == b.dtype == bool
        assert a.shape == b.shape
        assert (a == b).all()
