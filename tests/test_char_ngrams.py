"""The linking's character n-gram TF-IDF gives scikit-learn's TfidfVectorizer's cosines,
bit for bit, without importing scikit-learn."""

from pathlib import Path

import numpy
import pytest
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from kamervragen.linking.char_ngrams import CHUNK, CharNgramTfidf, cosines

LINKING = Path(__file__).resolve().parent / "fixtures" / "linking"
ODD = [
    "",
    "   ",
    "a",
    "Ja.",
    "TABS\tand\u00a0no-break  spaces\n\nen  regels",
    "Één café, coördinatie en ĳs: 2.3 mld € (art. 5, lid 2)",
    "haven haven haven havens",
]


def _paragraphs(path: Path) -> list[str]:
    return [part for part in path.read_text().split("\n\n") if part.strip()]


def _cases() -> list[tuple[list[str], list[str]]]:
    cases = []
    for letter in sorted(LINKING.glob("*-brief.txt")):
        questions = LINKING / letter.name.replace("-brief", "-vragen")
        cases.append((_paragraphs(letter) + ODD[3:], _paragraphs(questions) + ODD))
    return cases


def _theirs(passages: list[str], questions: list[str]) -> tuple:
    """scikit-learn's vectorizer fitted on the passages, the passages' matrix, and its
    cosines computed on that whole matrix at once."""
    theirs = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True)
    their_passages = theirs.fit_transform(passages)
    return theirs, their_passages, (theirs.transform(questions) @ their_passages.T).toarray()


@pytest.mark.parametrize(("passages", "questions"), _cases())
def test_cosines_are_scikit_learns(passages, questions):
    theirs, their_passages, expected = _theirs(passages, questions)
    ours = CharNgramTfidf()
    pieces = ours.fit(passages, chunk=7)
    assert ours.vocabulary == theirs.vocabulary_
    our_passages = sparse.vstack([ours.weighed(piece) for piece in pieces], format="csr")
    assert our_passages.data.tobytes() == their_passages.data.tobytes()
    assert numpy.array_equal(our_passages.indices, their_passages.indices)
    assert numpy.array_equal(our_passages.indptr, their_passages.indptr)
    for chunk in (1, 7, 1_000):
        assert cosines(passages, questions, chunk=chunk).tobytes() == expected.tobytes()


def test_a_long_documents_cosines_computed_a_chunk_at_a_time_are_the_whole_matrixs():
    """More passages than a chunk (a 2,000-page report's 19,000): counted, weighed and
    multiplied a chunk at a time, the cosines of the whole matrix at once, bit for bit."""
    every = [text for passages, _ in _cases() for text in passages]
    passages = [f"{every[i % len(every)]} {every[(7 * i) % len(every)][:80]}" for i in range(2_300)]
    questions = [text for _, questions in _cases() for text in questions]
    assert len(passages) > CHUNK
    *_, expected = _theirs(passages, questions)
    for chunk in (CHUNK, 333, 2_300):
        assert cosines(passages, questions, chunk=chunk).tobytes() == expected.tobytes()


def test_no_ngram_is_refused_as_scikit_learn_does():
    with pytest.raises(ValueError):
        TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5)).fit_transform(["", "  "])
    with pytest.raises(ValueError):
        CharNgramTfidf().fit(["", "  "])
    assert cosines(["", "  "], ["haven", "ja"]).tolist() == [[0.0, 0.0], [0.0, 0.0]]
    with pytest.raises(ValueError):  # not taken for an empty vocabulary
        cosines(["haven"], ["haven"], chunk=0)


@pytest.mark.parametrize(("passages", "questions"), _cases())
def test_the_lookup_n_grams_are_the_words_n_grams_and_only_cross_word_ones_besides(
    passages, questions
):
    from collections import Counter

    from kamervragen.linking.char_ngrams import _ngrams_and_more, char_wb_ngrams

    for text in passages + questions:
        more = Counter(_ngrams_and_more(text))
        words = Counter(char_wb_ngrams(text))
        assert +Counter({g: c for g, c in more.items() if "  " not in g}) == words
        assert all("  " in g for g in more.keys() - words.keys())
