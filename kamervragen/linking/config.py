"""Every number and switch that decides a link, in one frozen object.

The recipe passes a `LinkingConfig` down to every stage that needs one; nothing changes a
module global at run time. `relink --without NAME` and `calibrate-links` build their own
with `dataclasses.replace(DEFAULT, ...)`.
"""

from dataclasses import dataclass

# Each ranking choice can be switched off to measure it (`manage.py relink --without NAME`).
FEATURES = {
    "genre": "drop the question genre's phrases and words",
    "compounds": "add the parts of compounds as terms",
    "rarity": "weigh terms by their rarity in Dutch (wordfreq)",
    "idf": "weigh terms by their rarity in the target document",
    "names": "names and acronyms weigh extra",
    "heading": "the section heading counts as context",
    "absent": "terms the target document lacks weigh less",
    "parts": "a question's best-matching sentence counts as much as the whole",
    "pairs": 'adjacent word pairs shared with the question ("statelijke actoren")',
    "set": "terms the set's title and other questions share weigh less (its topic)",
    "mutual": "the question's rank among its set's questions for the passage (a feature)",
}


@dataclass(frozen=True)
class LinkingConfig:
    # Retrieval through the GIN indexes.
    candidates_per_question: int = 40  # re-scoring in Python costs; answers rank far higher
    questions_per_document: int = 100  # a new document is scored against this many at most
    # … of at most this many sets: each set is scored whole (a question's rank among its
    # set's), so the sets, not the questions, are what linking reads. A collected letter
    # answers two or three; 100 questions of a large corpus fall in 100 different sets.
    sets_per_document: int = 50
    document_query_terms: int = 100  # a document's rarest words that query the questions
    # A document is scored against every question of the sets of its best-matching questions
    # (an answer may share few words with its own question, but its set's topic with others).
    whole_sets_per_document: int = 20
    # A new question set is scored against the documents its questions match best (by their
    # passages' ts_rank): every document found would cost seconds in a large corpus.
    documents_per_set: int = 25
    # Index hits ranked per candidate query, twice: those of the `rare_query_terms` heaviest
    # stems, then those of any stem (`candidates._bounded_hits`). Far above what a document's
    # rare words match (495 questions at 100,000 sets); a question's words match most
    # passages of a large corpus, and ranking them all grew with it (per question, 13 a set).
    ranked_per_document: int = 2_000
    ranked_per_question: int = 500
    rare_query_terms: int = 5
    # A stem in more rows than this (by PostgreSQL's statistics) fetches no candidates: the
    # index reads every row holding it ("over": 84,000 passages at 10,000 letters).
    common_stem_rows: int = 10_000
    # No words commoner than Zipf 4 ("brief", "reactie") in it. Down to Zipf 5 a collected
    # letter reaches a set it shares only "Chinese" with (dev two-tier 0.763 → 0.898), but
    # the seed letter against 100,000 sets then links in 19 s instead of 4.
    query_min_rarity: float = 1.0
    # Sets reached only through words down to Zipf 5 are scored too
    # (`candidates.related_questions`); the model decides, as for any set: an answer may
    # share only its subject's commoner words with its question ("Chinese").
    related_query_min_rarity: float = 0.6
    related_sets_per_document: int = 10  # a collected letter answers two or three sets
    # Terms.
    min_part_zipf: float = 2.5  # a compound's part must be a word Dutch actually uses
    whole_word_zipf: float = 3.0  # words this common are not split ("oordeelt": no oord + eelt)
    name_boost: float = 1.5  # names and acronyms (Nuctech, TNO) say what a question is about
    # Scoring a passage against a question.
    heading_weight: float = 0.5  # a heading is context for its passage, not its content
    absent_weight: float = 0.3  # a term the target lacks cannot tell its passages apart
    pair_bonus: float = 0.1  # per shared word pair: a phrase is stronger than its words
    max_pairs: int = 3  # more shared pairs repeat what the shared terms already say
    min_shared_terms: int = 2  # a sentence of fewer terms is no sub-question of its own
    # Which passages become suggestions: the model's probability against its threshold.
    threshold: float | None = None  # None: the model's, chosen on dev (calibrate-links: 0)
    # Per question and document. Held out (train and dev, 5 deals, threshold 0.2), a second
    # suggestion was wrong 105 times in 115 (precision 0.648 with three, 0.761 with one,
    # hit@3 0.686 and 0.684): the rest of a long answer is under "Mogelijk ook relevant".
    suggestions_per_question: int = 1
    candidates_per_document: int = 3  # "Mogelijk ook relevant" per question and document
    candidate_fusion_k: float = 5.0  # reciprocal rank fusion of their order (chosen on dev)
    pairs_per_block: int = 20_000  # features computed together: ~1 KB a pair while chosen
    reference_score: float = 0.9  # a shared Kamerstuk is strong evidence, but not an answer
    # A letter that declares it answers a question set (`replies`).
    declaration_passages: int = 3  # a letter says which questions it answers in its opening
    min_shared_topic_words: int = 3  # a member has asked many sets: the letter shares a topic
    member_sets: int = 50  # the member's most recent sets considered
    reply_new_question_bonus: float = 0.1  # what the order is worth against a passage's words
    reply_skip_penalty: float = 0.1  # passing over a question costs what answering it gains
    # The order is kept unless it costs the words more than this share (and more than
    # reply_new_question_bonus: among near-zero scores, the order is all there is).
    reply_order_share: float = 0.7
    reply_combined_share: float = 0.6  # a passage also answers the question before this well
    reply_combined_min: float = 0.2  # … and at least this well
    reply_max_passages_per_question: int = 3  # a longer letter is about more than these
    # "Bent u bekend met …?" is answered "Ja." and left out of a letter; the words it shares
    # with a paragraph are the set's topic, so they count for less.
    awareness_weight: float = 0.5
    echo_bonus: float = 0.3  # "Klopt het dat …?" — "Het klopt dat …": the answer's opening
    # Ranking choices switched off (names from FEATURES), to measure what each one brings.
    without: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        unknown = self.without - FEATURES.keys()
        if unknown:
            raise ValueError(f"unknown linking features: {sorted(unknown)}")

    def uses(self, feature: str) -> bool:
        return feature not in self.without


DEFAULT = LinkingConfig()
