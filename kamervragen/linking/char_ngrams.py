"""Character n-gram TF-IDF vectors, computed exactly as scikit-learn's
`TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True)` computes them
(the same vocabulary order, sparse layout and floating-point operations in the same order,
so the cosines are bit for bit the same; `tests/test_char_ngrams.py` compares them).

`cosines` computes the questions × passages cosines a chunk of passages at a time.

Why not scikit-learn itself: importing it imports most of SciPy (scipy.stats alone, through
sklearn.utils.fixes), 1.2 to 2.5 s of every worker's start for one vectorizer. This needs
only numpy and scipy.sparse.
"""

import re
from array import array
from collections import Counter

import numpy
from scipy import sparse

MIN_N, MAX_N = 3, 5
_WHITE_SPACES = re.compile(r"\s\s+")


def char_wb_ngrams(text: str) -> list[str]:
    """The lower-cased text's character n-grams (3 to 5) inside word boundaries, each word
    padded with a space: scikit-learn's `_char_wb_ngrams`, in the same order."""
    ngrams: list[str] = []
    extend = ngrams.extend
    for word in _WHITE_SPACES.sub(" ", text.lower()).split():
        padded = f" {word} "
        length = len(padded)
        for n in range(MIN_N, MAX_N + 1):
            if length <= n:  # a short word (no longer than n) is counted once, whole
                ngrams.append(padded)
                break
            extend([padded[i : i + n] for i in range(length - n + 1)])
    return ngrams


def _ngrams_and_more(text: str) -> list[str]:
    """`char_wb_ngrams` in another order, and n-grams across two words besides: the padded
    words are joined, so those hold two spaces, which no word's n-gram holds (for n-grams to
    look up in a fitted vocabulary, where they are never found). One pass over the text
    instead of one per word and n."""
    joined = f" {'  '.join(_WHITE_SPACES.sub(' ', text.lower()).split())} "
    return [
        joined[start : start + n]
        for n in range(MIN_N, MAX_N + 1)
        for start in range(len(joined) - n + 1)
    ]


CHUNK = 1_000  # passages weighed at a time (`cosines`)


class EmptyVocabulary(ValueError):
    """The texts to fit hold no n-gram (scikit-learn raises a ValueError too)."""


def cosines(passages: list[str], questions: list[str], *, chunk: int = CHUNK) -> numpy.ndarray:
    """The cosine of each question's TF-IDF vector with each passage's (questions ×
    passages), fitted on the passages: scikit-learn's `(transform(questions) @
    fit_transform(passages).T)`, bit for bit (each cosine sums the same products in the
    same order), without every passage's vector at once: only the passages' counts (C ints)
    are kept whole; `chunk` passages at a time are weighed and multiplied. A 2,000-page
    report's whole matrix held 13 million weights (150 MB), with as much again for the
    copies the fit and the product made. All zeros when the passages hold no n-gram."""
    result = numpy.zeros((len(questions), len(passages)))
    vectorizer = CharNgramTfidf()
    try:
        pieces = vectorizer.fit(passages, chunk=chunk)
    except EmptyVocabulary:  # no passage has a word of three letters
        return result
    found = vectorizer.transform(questions)
    start = 0
    for piece in pieces:
        end = start + piece.shape[0]
        result[:, start:end] = (found @ vectorizer.weighed(piece).T).toarray()
        start = end
    return result


class CharNgramTfidf:
    """Fitted on passages (`fit`, then `weighed` for their vectors), then transforms
    questions with the same vocabulary and weights. Rows are L2-normalised, so `a @ b.T`
    holds cosines."""

    def __init__(self) -> None:
        self.vocabulary: dict[str, int] = {}
        self.idf = numpy.empty(0)
        self.column = numpy.empty(0, dtype=numpy.int32)  # column in fitting order → sorted

    def fit(self, texts: list[str], *, chunk: int = CHUNK) -> list[sparse.csr_matrix]:
        """Fits the vocabulary and idf; returns the texts' counts, `chunk` rows a matrix,
        their columns still numbered in the order the n-grams were met (`weighed` turns
        them into vectors). Raises EmptyVocabulary when the texts hold no n-gram."""
        vocabulary: dict[str, int] = {}
        pieces: list[sparse.csr_matrix] = []
        holding = numpy.zeros(0, dtype=numpy.int64)  # per column: how many texts hold it
        for start in range(0, len(texts), chunk):
            counts = _counts(texts[start : start + chunk], vocabulary, grow=True)
            held = numpy.bincount(counts.indices, minlength=len(vocabulary))
            held[: len(holding)] += holding
            holding = held
            pieces.append(counts)
        if not vocabulary:
            raise EmptyVocabulary("empty vocabulary")
        # As scikit-learn's `_sort_features`: the n-grams numbered in sorted order, without
        # sorting the rows' indices again (their weights stay in the order met, and each
        # row's norm sums them in that order).
        column = numpy.empty(len(vocabulary), dtype=numpy.int32)
        for new, (ngram, old) in enumerate(sorted(vocabulary.items())):
            vocabulary[ngram] = new
            column[old] = new
        frequency = numpy.empty(len(vocabulary), dtype=numpy.float64)
        frequency[column] = holding
        frequency += 1.0  # smooth_idf
        self.idf = numpy.full_like(frequency, fill_value=len(texts) + 1, dtype=numpy.float64)
        self.idf /= frequency
        numpy.log(self.idf, out=self.idf)
        self.idf += 1.0
        self.vocabulary = vocabulary
        self.column = column
        return pieces

    def weighed(self, counts: sparse.csr_matrix) -> sparse.csr_matrix:
        """Counts of `fit` as the texts' TF-IDF vectors (scikit-learn's rows, bit for bit)."""
        vectors = sparse.csr_matrix(
            (
                counts.data.astype(numpy.float64),
                self.column.take(counts.indices, mode="clip"),
                counts.indptr,
            ),
            shape=(counts.shape[0], len(self.vocabulary)),
        )
        return self._weigh(vectors)

    def transform(self, texts: list[str]) -> sparse.csr_matrix:
        return self._weigh(_counts(texts, self.vocabulary, grow=False).astype(numpy.float64))

    def _weigh(self, matrix: sparse.csr_matrix) -> sparse.csr_matrix:
        """Sublinear term frequency × idf, then each row divided by its L2 norm (summed in
        the rows' stored order, as scikit-learn's `inplace_csr_row_normalize_l2`)."""
        data = matrix.data
        numpy.log(data, data)
        data += 1.0
        data *= self.idf[matrix.indices]
        squares = data * data
        indptr = matrix.indptr
        for row in range(matrix.shape[0]):
            start, end = indptr[row], indptr[row + 1]
            if start == end:
                continue
            total = numpy.cumsum(squares[start:end])[-1]  # cumsum adds in order, not pairwise
            if total == 0.0:
                continue
            data[start:end] /= numpy.sqrt(total)
        return matrix


def _counts(texts: list[str], vocabulary: dict[str, int], *, grow: bool) -> sparse.csr_matrix:
    """Each text's n-gram counts (C ints), columns by `vocabulary`, which grows with new
    n-grams in the order they are met when `grow`, else unknown n-grams are left out."""
    # C ints, not Python lists: a 2,000-page report holds some 15 million n-gram counts,
    # 36 bytes each in a list of (mostly unshared) int objects, 4 here.
    columns = array("i")
    values = array("i")
    indptr = [0]
    for text in texts:
        # Counter keeps the n-grams in the order first met: new ones get their columns in
        # that order, as when counting one by one.
        counted = Counter(char_wb_ngrams(text) if grow else _ngrams_and_more(text))
        if grow:
            for ngram in counted:
                if ngram not in vocabulary:
                    vocabulary[ngram] = len(vocabulary)
            columns.extend([vocabulary[ngram] for ngram in counted])
            values.extend(counted.values())
        else:
            found = counted.keys() & vocabulary.keys()  # any order: the rows are sorted below
            columns.extend([vocabulary[ngram] for ngram in found])
            values.extend([counted[ngram] for ngram in found])
        indptr.append(len(columns))
    matrix = sparse.csr_array(
        (
            numpy.frombuffer(values, dtype=numpy.intc),
            numpy.frombuffer(columns, dtype=numpy.int32),
            numpy.asarray(indptr, dtype=numpy.int32),
        ),
        shape=(len(indptr) - 1, len(vocabulary)),
    )
    matrix.sort_indices()
    return sparse.csr_matrix(matrix)
