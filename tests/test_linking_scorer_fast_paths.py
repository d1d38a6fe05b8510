"""The scorer's fast paths (only the passages holding a term are matched; weighted stems
prepared once per document) give exactly what the plain computation gives."""

from collections.abc import Iterable

import pytest
from django.core.management import call_command

from documents.models import Document, Passage
from kamervragen.linking import DEFAULT
from kamervragen.linking.recipe import document_features
from kamervragen.linking.scoring import Match, PassageScorer
from kamervragen.linking.terms import QuestionTerms, question_set_terms
from kamervragen.models import Question
from tests.conftest import SEED_LETTER_PDF, SEED_QUESTIONS_PDF

CHAR_FEATURES = ("char_cosine", "char_passage_rank", "char_passage_margin", "char_question_rank")

pytestmark = pytest.mark.django_db


def plain_match(scorer: PassageScorer, terms: QuestionTerms, passage: Passage) -> Match:
    """`PassageScorer.match` as it was written before the fast paths."""
    config = DEFAULT
    text, heading, pairs = scorer.stems_of.get(passage.pk, (set(), set(), set()))
    weight = scorer.document_weights(terms, passage.document_id).__getitem__

    def coverage(stems: Iterable[str]) -> tuple[float, float]:
        total = sum(weight(stem) for stem in stems)
        if not total:
            return 0.0, 0.0
        matched = sum(weight(stem) for stem in stems if stem in text)
        in_heading = sum(weight(stem) for stem in stems if stem in heading and stem not in text)
        return (matched + config.heading_weight * in_heading) / total, in_heading / total

    whole, heading_only = coverage(terms.weights)
    best_part = max((coverage(part)[0] for part in terms.parts), default=0.0)
    value = (whole + best_part) / 2
    shared_pairs = len(terms.pairs & pairs)
    value += config.pair_bonus * min(config.max_pairs, shared_pairs)
    shared = sorted(stem for stem in terms.weights if stem in text)
    return Match(round(value, 4), whole, best_part, heading_only, shared_pairs, shared)


def test_matches_equal_the_plain_computation_for_every_question_and_passage():
    call_command("ingest", str(SEED_QUESTIONS_PDF), str(SEED_LETTER_PDF), sync=True)
    letter = Document.objects.exclude(kind=Document.Kind.QUESTIONS).get()
    passages = list(letter.passages.order_by("order"))
    scorer = PassageScorer(passages)
    ordered = scorer.documents[letter.pk]
    set_id = Question.objects.values_list("question_set_id", flat=True).first()
    set_terms = question_set_terms(set_id)
    assert len(set_terms) >= 10
    nonzero = 0
    for terms in set_terms.values():
        found = scorer.matches(terms, ordered)
        assert found == [plain_match(scorer, terms, p) for p in ordered]
        nonzero += sum(1 for m in found if m.score)
    assert nonzero > 20  # the fast path did not make everything zero


def test_the_n_gram_ranks_equal_the_plain_computation():
    call_command("ingest", str(SEED_QUESTIONS_PDF), str(SEED_LETTER_PDF), sync=True)
    letter = Document.objects.exclude(kind=Document.Kind.QUESTIONS).get()
    questions = list(Question.objects.order_by("number"))
    pairs, questions = document_features(letter, list(letter.passages.order_by("order")), questions)
    assert pairs
    scorer = PassageScorer(list(letter.passages.all()))
    passages = scorer.documents[letter.pk]
    block = list(dict.fromkeys(pair.question for pair in pairs))
    cosine = scorer.char_cosines([q.text for q in block], letter.pk)
    rows = {q.pk: i for i, q in enumerate(block)}
    columns = {p.pk: j for j, p in enumerate(passages)}
    for pair in pairs:
        i, j = rows[pair.question.pk], columns[pair.passage.pk]
        own = float(cosine[i, j])
        others = [float(v) for k, v in enumerate(cosine[i]) if k != j]
        rivals = [float(cosine[r, j]) for r in range(len(block)) if r != i]
        named = pair.named()
        assert [named[name] for name in CHAR_FEATURES] == [
            own,
            1 / (1 + sum(1 for o in others if o > own)),
            own - max(others, default=0.0),
            1 / (1 + sum(1 for o in rivals if o > own)),
        ]


def test_a_long_document_scored_question_by_question_gives_the_same_pairs():
    """A set whose pairs exceed `pairs_per_block` is scored one question at a time, as a
    2,000-page report's are, its ranks taken among the whole set: the same features as the
    whole set at once."""
    from dataclasses import replace

    call_command("ingest", str(SEED_QUESTIONS_PDF), str(SEED_LETTER_PDF), sync=True)
    letter = Document.objects.exclude(kind=Document.Kind.QUESTIONS).get()
    questions = list(Question.objects.order_by("number"))
    ordered = list(letter.passages.order_by("order"))
    whole, _ = document_features(letter, ordered, questions)
    one_by_one = replace(DEFAULT, pairs_per_block=1)
    piecewise, _ = document_features(letter, ordered, questions, one_by_one)
    assert len(whole) == len(piecewise) > 100
    for a, b in zip(whole, piecewise, strict=True):
        assert (a.question.pk, a.passage.pk, a.shared, a.reply) == (
            b.question.pk,
            b.passage.pk,
            b.shared,
            b.reply,
        )
        assert a.values == b.values


def test_a_whole_documents_passages_are_scored_as_given_not_loaded_again():
    """Given all of a document's passages (`whole`), the scorer keeps their linkable ones as
    they are: no query for them, and the same figures as the scorer that loads them."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    call_command("ingest", str(SEED_QUESTIONS_PDF), str(SEED_LETTER_PDF), sync=True)
    letter = Document.objects.exclude(kind=Document.Kind.QUESTIONS).get()
    ordered = list(letter.passages.order_by("order"))
    assert any(p.role == Passage.Role.SIGNATURE for p in ordered)  # not linkable: left out
    with CaptureQueriesContext(connection) as queries:
        given = PassageScorer(ordered, whole=True)
    assert not [q["sql"] for q in queries if '"documents_passage"' in q["sql"]]
    loaded = PassageScorer(ordered[:1])
    linkable = [p for p in ordered if p.role != Passage.Role.SIGNATURE]
    assert all(a is b for a, b in zip(given.documents[letter.pk], linkable, strict=True))
    assert given.documents == loaded.documents
    assert (given.stems_of, given.frequency, given.words, given.holding) == (
        loaded.stems_of,
        loaded.frequency,
        loaded.words,
        loaded.holding,
    )


def test_linking_a_document_never_loads_the_passages_search_vectors_or_lemmas():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from kamervragen.linking.recipe import links_suggest_for_document

    call_command("ingest", str(SEED_QUESTIONS_PDF), str(SEED_LETTER_PDF), sync=True)
    letter = Document.objects.exclude(kind=Document.Kind.QUESTIONS).get()
    with CaptureQueriesContext(connection) as queries:
        links_suggest_for_document(letter)
    selected = [q["sql"].split(" FROM ")[0] for q in queries]
    assert any('"documents_passage"."text"' in columns for columns in selected)
    for column in ("search_vector", "lemmas"):
        assert not [c for c in selected if f'"documents_passage"."{column}"' in c]


def test_table_zipf_by_frequency_equals_wordfreq():
    """`terms._table_zipf` computes each of the table's frequencies once: every word's
    figure is still wordfreq's (a sample of the table, and words it does not know)."""
    import random

    import wordfreq

    from kamervragen.linking import terms

    words = sorted(terms._dutch_frequencies())
    sample = random.Random(15).sample(words, 3_000) + ["qqzxv", "nuctech", "haven"]
    for word in sample:
        if word.isascii() and word.isalpha() and word.islower():
            assert terms._table_zipf(word) == wordfreq.zipf_frequency(word, "nl"), word


def test_dutch_stems_sent_as_one_string_or_as_an_array_are_the_same(monkeypatch):
    from kamervragen.linking import terms

    words = ["veiligheid", "detectieapparatuur", "nationale", "de", "politiebureaus"]
    monkeypatch.setattr(terms, "_STEM_CACHE", {})
    as_string = terms.dutch_stems(words)  # words as `WORD` finds them: one string
    monkeypatch.setattr(terms, "_STEM_CACHE", {})
    as_array = terms.dutch_stems([*words, "twee woorden"])  # one holds a space: an array
    assert as_string == {w: s for w, s in as_array.items() if w != "twee woorden"}
    assert as_string["veiligheid"] == "veilig"
    assert "de" not in as_string  # a stop word has no stem
