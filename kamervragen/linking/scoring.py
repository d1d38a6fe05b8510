"""How well a passage covers a question's terms: the lexical signals the model weighs.

A passage covers a question's weighted terms: a term weighs more the rarer it is in the
target document; a passage's section heading counts as context at `heading_weight`; the
question's best-matching sentence counts as much as the whole; a shared word pair adds a
little. Which passages become links is the model's decision (`linking.model`).
"""

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy

from documents.models import Passage
from kamervragen.linking.candidates import is_linkable, linkable
from kamervragen.linking.config import DEFAULT, LinkingConfig
from kamervragen.linking.terms import QuestionTerms, passage_terms


@dataclass(frozen=True)
class Match:
    """What a passage shares with a question."""

    score: float  # the hand-weighted coverage: (whole + best part) / 2 + pairs, 0 to about 1.3
    whole: float  # weighted share of the question's terms in the passage (heading at half)
    best_part: float  # the same for the question's best-covered sentence
    heading_only: float  # weighted share found only in the passage's heading
    pairs: int  # adjacent word pairs shared ("statelijke actoren")
    shared: list[str]  # the stems found in the passage's text


NO_MATCH = Match(0.0, 0.0, 0.0, 0.0, 0, [])
UNREAD = ("search_vector", "lemmas")  # the passage columns linking never reads
SMALL_BLOCK = 200_000  # stem lists × stems × passages summed in one go (`block_matches`)
DENSE_CELLS = 4_000_000  # stems × passages kept dense too (`StemRows`): 4 MB of booleans


class StemRows:
    """Stems × passages: which passages hold each stem, kept sparse and handed out as dense
    boolean rows (`rows[[3, 7]]` is 2 × passages). Dense, a 2,000-page report's ~20,000
    stems × 19,000 passages would take 360 MB for the text and as much for the headings."""

    def __init__(self, cells: list[tuple[int, int]], stems: int, passages: int) -> None:
        from scipy.sparse import csr_matrix

        rows = [stem for stem, _ in cells]
        columns = [column for _, column in cells]
        self.passages = passages
        self.matrix = csr_matrix(
            (numpy.ones(len(cells), dtype=bool), (rows, columns)), shape=(stems, passages)
        )
        # A letter's few thousand stems × tens of passages are kept dense as well: indexing
        # a dense array is what `block_matches` does stem by stem for hundreds of questions,
        # and the sparse matrix's fancy indexing cost 10 to 100 times more per call.
        self.dense = self.matrix.toarray() if stems * passages <= DENSE_CELLS else None

    def __getitem__(self, stems) -> numpy.ndarray:
        index = numpy.asarray(stems, dtype=numpy.int64)
        if self.dense is not None:
            return self.dense[index]
        dense = self.matrix[index.ravel()].toarray()
        return dense.reshape(*index.shape, self.passages)


@dataclass
class Block:
    """One document's passages (in order) as arrays: which stems each holds, for the
    questions × passages computations of `PassageScorer.block_matches` and `features`."""

    passages: list[Passage]
    row: dict[str, int]  # stem → its row in `text` and `heading_only`
    text: StemRows  # the passage's text holds the stem (a last row of False for stems no
    heading_only: StemRows  # passage holds); its heading only
    pairs: list[set]  # each passage's adjacent stem pairs
    words: numpy.ndarray  # each passage's number of words (BM25's length)
    echoes: dict = field(default_factory=dict)  # a question form's answer openings → per passage


@dataclass
class BlockMatches:
    """`PassageScorer.match` of each question with each passage of a block, as arrays
    (questions × passages): the same figures as the `Match` fields of the same name."""

    score: numpy.ndarray
    whole: numpy.ndarray
    best_part: numpy.ndarray
    heading_only: numpy.ndarray
    pairs: numpy.ndarray  # int
    shared: numpy.ndarray  # int: how many of the question's stems the passage's text holds


class PassageScorer:
    """Scores questions against passages, knowing each passage's document's term frequencies.

    Loads every linkable passage of the documents of `passages`: a passage's rank among its
    document's passages is a feature, so the whole document is scored, not only what was
    retrieved. With `whole`, `passages` are already all of their documents' passages, each
    document's in order: their linkable ones are scored as they are, not loaded again.
    """

    def __init__(
        self, passages: list[Passage], config: LinkingConfig = DEFAULT, *, whole: bool = False
    ) -> None:
        self.config = config
        self.weights: dict[tuple[QuestionTerms, int], dict[str, float]] = {}  # per document
        self.prepared: dict[tuple[QuestionTerms, int], tuple] = {}  # `_weighted`, per document
        siblings = [p for p in passages if is_linkable(p)] if whole else _siblings(passages)
        self.stems_of = passage_terms(siblings, config)
        self.frequency: dict[int, Counter] = {}
        self.size: Counter = Counter()
        self.words: dict[int, int] = {}  # passage id → number of words (BM25's length)
        self.documents: dict[int, list[Passage]] = {}  # document id → its passages in order
        # document id → question text → its n-gram cosines with the document's passages
        self.char: dict[int, dict[str, numpy.ndarray]] = {}
        # document id → stem → the passages (ids) whose text or heading holds it
        self.holding: dict[int, dict[str, set[int]]] = {}
        self.blocks: dict[int, Block] = {}  # document id → its passages as arrays
        # The last `block_matches`: a set too large to score at once is scored question by
        # question, each piece against the same whole set (its set-wide ranks).
        self.last_matches: tuple[Block, list[QuestionTerms], BlockMatches] | None = None
        for passage in siblings:
            self.frequency.setdefault(passage.document_id, Counter()).update(
                self.stems_of[passage.pk][0]
            )
            holding = self.holding.setdefault(passage.document_id, {})
            text, heading, _ = self.stems_of[passage.pk]
            for stem in text | heading:
                holding.setdefault(stem, set()).add(passage.pk)
            self.size[passage.document_id] += 1
            self.words[passage.pk] = len(passage.text.split())
            self.documents.setdefault(passage.document_id, []).append(passage)

    def document_weights(self, terms: QuestionTerms, document_id: int) -> dict[str, float]:
        """The question's term weights read against one document's passage frequencies."""
        key = (terms, document_id)
        if key not in self.weights:
            config = self.config
            df = self.frequency.get(document_id, Counter())
            n = self.size[document_id] or 1
            idf, absent = config.uses("idf"), config.uses("absent")
            count = df.get  # not df[stem]: a Counter's missing key costs a Python call
            self.weights[key] = {
                stem: value
                * (math.log(1 + n / (1 + count(stem, 0))) if idf else 1.0)
                * (config.absent_weight if absent and not count(stem, 0) else 1.0)
                for stem, value in terms.weights.items()
            }
        return self.weights[key]

    def char_cosines(self, questions: list[str], document_id: int) -> numpy.ndarray:
        """The cosine of each question's character n-grams (3 to 5, TF-IDF fitted on the
        document's passages) with each passage of the document: a questions × passages array.

        Each question's cosines are computed once per document, and every call with a new
        question fits the passages again: pass every question first (as
        `recipe.document_features` does), one call per small block would cost seconds."""
        known = self.char.setdefault(document_id, {})
        missing = [text for text in dict.fromkeys(questions) if text not in known]
        if missing:
            from kamervragen.linking.char_ngrams import cosines

            texts = [p.text for p in self.documents[document_id]]
            known.update(zip(missing, cosines(texts, missing), strict=True))
        return numpy.array([known[text] for text in questions])

    def block(self, passages: list[Passage]) -> Block:
        """These passages (one document's, in order) as arrays; kept per document when they
        are the document's passages as the scorer loaded them."""
        document_id = passages[0].document_id
        known = self.blocks.get(document_id)
        if known is not None and known.passages == passages:
            return known
        empty: tuple[set, set, set] = (set(), set(), set())
        stems = [self.stems_of.get(p.pk, empty) for p in passages]
        row: dict[str, int] = {}
        for text, heading, _ in stems:
            for stem in (*text, *heading):
                row.setdefault(stem, len(row))
        in_text: list[tuple[int, int]] = []
        in_heading: list[tuple[int, int]] = []
        use_heading = self.config.uses("heading")
        for column, (text, heading, _) in enumerate(stems):
            in_text += [(row[stem], column) for stem in text]
            if use_heading:
                in_heading += [(row[stem], column) for stem in heading - text]
        block = Block(
            passages=list(passages),
            row=row,
            text=StemRows(in_text, len(row) + 1, len(passages)),
            heading_only=StemRows(in_heading, len(row) + 1, len(passages)),
            pairs=[pairs for _, _, pairs in stems],
            words=numpy.array([self.words.get(p.pk, 0) for p in passages], dtype=numpy.int64),
        )
        if self.documents.get(document_id) == passages:
            self.blocks[document_id] = block
        return block

    def block_matches(self, questions: list[QuestionTerms], block: Block) -> BlockMatches:
        """`match` of each question with each passage of the block, computed for all at once.

        Each coverage sum adds the same values in the same order as `_coverage` (a running
        sum along the stems, adding 0.0 for a stem the passage lacks, which changes nothing),
        and the score is rounded by Python's `round`: the same figures, bit for bit. The
        arrays are shared with the next call for the same questions: read them, do not
        write."""
        if self.last_matches is not None:
            last_block, last_questions, last = self.last_matches
            same = last_block is block and len(last_questions) == len(questions)
            if same and all(a is b for a, b in zip(last_questions, questions, strict=True)):
                return last
        found = self._block_matches(questions, block)
        self.last_matches = (block, list(questions), found)
        return found

    def _block_matches(self, questions: list[QuestionTerms], block: Block) -> BlockMatches:
        config = self.config
        size = (len(questions), len(block.passages))
        whole = numpy.zeros(size)
        best_part = numpy.zeros(size)
        heading_only = numpy.zeros(size)
        pairs = numpy.zeros(size, dtype=numpy.int64)
        shared = numpy.zeros(size, dtype=numpy.int64)
        # Every stem list to cover (each question whole, then each of its sentences), as
        # rows of stem numbers and weights, padded with a stem no passage holds.
        absent = len(block.row)
        lists: list[tuple[list[tuple[str, float]], float]] = []
        spans: list[tuple[int, int, int]] = []  # question, its whole's list, its lists' end
        for index, terms in enumerate(questions):
            if not terms.weights:
                continue
            whole_list, parts = self._weighted(terms, block.passages[0].document_id)
            spans.append((index, len(lists), len(lists) + 1 + len(parts)))
            lists += [whole_list, *parts]
        if not spans:
            return BlockMatches(whole.copy(), whole, best_part, heading_only, pairs, shared)
        longest = max(len(items) for items, _ in lists) or 1
        stems = numpy.full((len(lists), longest), absent)
        weights = numpy.zeros((len(lists), longest))
        for number, (items, _) in enumerate(lists):
            stems[number, : len(items)] = [block.row.get(stem, absent) for stem, _ in items]
            weights[number, : len(items)] = [value for _, value in items]
        # The sums in the stems' order, as `_coverage` adds them: a running sum along the
        # stems, all at once for a small block, stem by stem (lists × passages at a time)
        # for a large one, not to hold lists × stems × passages.
        if len(lists) * longest * size[1] <= SMALL_BLOCK:
            in_text = block.text[stems]
            values = weights[:, :, None]
            matched = numpy.where(in_text, values, 0.0).cumsum(axis=1)[:, -1, :]
            heading = block.heading_only[stems]
            in_heading = numpy.where(heading, values, 0.0).cumsum(axis=1)[:, -1, :]
            present = in_text.sum(axis=1)
        else:
            matched = numpy.zeros((len(lists), size[1]))
            in_heading = numpy.zeros_like(matched)
            present = numpy.zeros(matched.shape, dtype=numpy.int64)
            for place in range(longest):
                stem_rows, weight = stems[:, place], weights[:, place, None]
                holds = block.text[stem_rows]
                matched += numpy.where(holds, weight, 0.0)
                in_heading += numpy.where(block.heading_only[stem_rows], weight, 0.0)
                present += holds
        totals = numpy.array([total for _, total in lists])
        nonzero = totals != 0
        covered = numpy.zeros_like(matched)
        covered_heading = numpy.zeros_like(matched)
        covered[nonzero] = (
            matched[nonzero] + config.heading_weight * in_heading[nonzero]
        ) / totals[nonzero, None]
        covered_heading[nonzero] = in_heading[nonzero] / totals[nonzero, None]
        use_pairs = config.uses("pairs")
        every_pair: set = set().union(*block.pairs) if use_pairs else set()
        for index, first, end in spans:
            whole[index] = covered[first]
            heading_only[index] = covered_heading[first]
            if end > first + 1:
                best_part[index] = covered[first + 1 : end].max(axis=0)
            found = present[first]
            shared[index] = found
            # Only the question's pairs some passage of the block holds can be shared (most
            # questions' none): the same counts, without a set operation per passage.
            terms_pairs = questions[index].pairs & every_pair if use_pairs else set()
            if terms_pairs:
                # a shared pair is two shared stems of the text: only those passages
                for column in numpy.flatnonzero(found >= 2).tolist():
                    pairs[index, column] = len(terms_pairs & block.pairs[column])
        value = (whole + best_part) / 2 if config.uses("parts") else whole.copy()
        value += config.pair_bonus * numpy.minimum(config.max_pairs, pairs)
        # Python's `round` (numpy's rounds otherwise in a few cases), of the nonzero values
        # only: most of a large block's pairs share nothing.
        score = numpy.zeros(size)
        nonzero = numpy.flatnonzero(value)
        score.flat[nonzero] = [round(v, 4) for v in value.flat[nonzero].tolist()]
        return BlockMatches(score, whole, best_part, heading_only, pairs, shared)

    def matches(self, terms: QuestionTerms, passages: list[Passage]) -> list[Match]:
        """`match` of the question with each of these passages (of one document): only the
        passages that hold one of its terms are scored, the others share nothing."""
        if not passages or not terms.weights:
            return [self.match(terms, p) for p in passages]
        holding = self.holding.get(passages[0].document_id, {})
        touched: set[int] = set()
        for stem in terms.weights:
            found = holding.get(stem)
            if found:
                touched.update(found)
        if not touched:  # most of a large block's rival questions
            return [Match(0.0, 0.0, 0.0, 0.0, 0, []) for _ in passages]
        return [
            self._shared_match(terms, p) if p.id in touched else Match(0.0, 0.0, 0.0, 0.0, 0, [])
            for p in passages
        ]

    def _weighted(self, terms: QuestionTerms, document_id: int) -> tuple:
        """The question's stems with their weights in this document, and their sum, for the
        whole question and for each of its sentences (in the order `match` adds them)."""
        key = (terms, document_id)
        if key not in self.prepared:
            weight = self.document_weights(terms, document_id).__getitem__

            def weighted(stems: Iterable[str]) -> tuple[list[tuple[str, float]], float]:
                items = [(stem, weight(stem)) for stem in stems]
                return items, sum(value for _, value in items)

            self.prepared[key] = (
                weighted(terms.weights),
                [weighted(part) for part in terms.parts],
            )
        return self.prepared[key]

    def match(self, terms: QuestionTerms, passage: Passage) -> Match:
        """What the passage shares with the question."""
        if not terms.weights:
            return NO_MATCH
        text, heading, _ = self.stems_of.get(passage.pk, (set(), set(), set()))
        if text.isdisjoint(terms.weights) and heading.isdisjoint(terms.weights):
            # Nothing shared (most pairs of a large block): every figure below is 0, and a
            # shared word pair needs a shared term.
            return Match(0.0, 0.0, 0.0, 0.0, 0, [])
        return self._shared_match(terms, passage)

    def _shared_match(self, terms: QuestionTerms, passage: Passage) -> Match:
        """`match` of a passage known to hold one of the question's terms. The sums add
        the same values in the same order as ever (`_weighted`): the same figures."""
        config = self.config
        text, heading, pairs = self.stems_of.get(passage.pk, (set(), set(), set()))
        (whole_items, whole_total), parts = self._weighted(terms, passage.document_id)
        heading = heading if config.uses("heading") else set()
        whole, heading_only = _coverage(whole_items, whole_total, text, heading, config)
        best_part = 0.0
        for index, (items, total) in enumerate(parts):
            covered = _coverage(items, total, text, heading, config)[0]
            best_part = covered if index == 0 else max(best_part, covered)
        value = whole if not config.uses("parts") else (whole + best_part) / 2
        shared_pairs = len(terms.pairs & pairs) if config.uses("pairs") else 0
        value += config.pair_bonus * min(config.max_pairs, shared_pairs)
        shared = sorted(stem for stem in terms.weights if stem in text)
        return Match(round(value, 4), whole, best_part, heading_only, shared_pairs, shared)

    def __call__(self, terms: QuestionTerms, passage: Passage) -> tuple[float, list[str]]:
        """The passage's hand-weighted score for the question and the stems they share."""
        found = self.match(terms, passage)
        return found.score, found.shared


def _siblings(passages: list[Passage]) -> list[Passage]:
    """Every linkable passage of these passages' documents, by document and order, without
    the columns scoring never reads (the search vector and lemmas: a 2,000-page report's
    take tens of megabytes)."""
    documents = {p.document_id for p in passages}
    return list(
        linkable(Passage.objects.filter(document_id__in=documents))
        .defer(*UNREAD)
        .order_by("document_id", "order")
    )


def _coverage(
    items: list[tuple[str, float]],
    total: float,
    text: set[str],
    heading: set[str],
    config: LinkingConfig,
) -> tuple[float, float]:
    """The weighted share of these stems in the passage's text (its heading's at
    `heading_weight`), and the share found only in its heading."""
    if not total:
        return 0.0, 0.0
    matched = sum([value for stem, value in items if stem in text])
    in_heading = 0.0
    if heading:
        in_heading = sum([value for stem, value in items if stem in heading and stem not in text])
    return (matched + config.heading_weight * in_heading) / total, in_heading / total
