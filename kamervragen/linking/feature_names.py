"""The model's features by name, in the order of its coefficients: the contract between
`features` (which computes them) and `model.json` (trained on them).

Apart from `features`, which needs spaCy and scikit-learn, so that checking the model file at
start-up (system check kamervragen.E001) loads neither."""

FEATURE_NAMES = (
    "coverage",  # the hand-weighted coverage: (whole + best sub-question) / 2 + word pairs
    "coverage_whole",  # weighted share of the question's terms in the passage
    "coverage_part",  # the same for the question's best-covered sentence
    "heading_only",  # weighted share found only in the passage's section heading
    "shared_pairs",  # adjacent word pairs shared ("statelijke actoren"), at most MAX_PAIRS
    "shared_terms",  # log(1 + number of shared stems)
    "bm25",  # BM25 of the passage (unweighted terms, length-normalised), over its best possible
    "rare_coverage",  # share of the question's RARE_TERMS heaviest terms in the passage
    "passage_rank",  # 1 / rank of the passage among its document's passages for the question
    "passage_margin",  # its coverage less the best other passage's of the document
    "question_rank",  # 1 / rank of the question among its set's questions for the passage
    "question_margin",  # its coverage less the best other question's of the set
    "shared_reference",  # the passage cites a paper the question cites
    "declared_set",  # the letter declares it answers the question's set
    "aligned",  # the letter's order alignment gave this passage to this question
    "aligned_combined",  # … as the first passage of the next answer ("vragen 1 en 2")
    "echo",  # the passage opens by echoing the question's form ("Het klopt dat …")
    "awareness",  # "Bent u bekend met …?": answered "Ja." or not at all
    "own_set_document",  # the document belongs to the question's own set (its answers)
    "answer_role",  # the passage is an answer of an answer document
    "passage_length",  # log(1 + characters)
    "passage_position",  # 0 for the document's first passage, 1 for its last
    "question_terms",  # log(1 + number of the question's terms)
    # Character n-grams (TF-IDF fitted on the document's passages): robust to compounds and
    # inflection ("kennisgenomen" – "kennis genomen", "politiebureaus" – "politie").
    "char_cosine",  # cosine of the question's and the passage's n-gram vectors
    "char_passage_rank",  # 1 / rank of the passage among its document's for the question
    "char_passage_margin",  # its cosine less the best other passage's of the document
    "char_question_rank",  # 1 / rank of the question among its set's for the passage
    "letter_frame",  # the passage is the letter's opening or a notice that answers come late
)
