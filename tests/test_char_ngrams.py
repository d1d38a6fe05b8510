"""The linking's character n-gram TF-IDF gives scikit-learn's TfidfVectorizer's cosines,
bit for bit, without importing scikit-learn."""

from pathlib import Path

import numpy
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from kamervragen.linking.char_ngrams import CharNgramTfidf

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


@pytest.mark.parametrize(("passages", "questions"), _cases())
def test_cosines_are_scikit_learns(passages, questions):
    theirs = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True)
    their_passages = theirs.fit_transform(passages)
    ours = CharNgramTfidf()
    our_passages = ours.fit_transform(passages)
    assert ours.vocabulary == theirs.vocabulary_
    assert our_passages.data.tobytes() == their_passages.data.tobytes()
    assert numpy.array_equal(our_passages.indices, their_passages.indices)
    expected = (theirs.transform(questions) @ their_passages.T).toarray()
    assert (ours.transform(questions) @ our_passages.T).toarray().tobytes() == expected.tobytes()


def test_no_ngram_is_refused_as_scikit_learn_does():
    with pytest.raises(ValueError):
        TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5)).fit_transform(["", "  "])
    with pytest.raises(ValueError):
        CharNgramTfidf().fit_transform(["", "  "])


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
