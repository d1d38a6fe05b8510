"""Linking questions to the passages that answer them (see `recipe`)."""

from kamervragen.linking.recipe import (
    FEATURES,
    MIN_SCORE,
    features_off,
    links_suggest_for_document,
    links_suggest_for_questions,
    question_terms,
    split_compound,
)

__all__ = [
    "FEATURES",
    "MIN_SCORE",
    "features_off",
    "links_suggest_for_document",
    "links_suggest_for_questions",
    "question_terms",
    "split_compound",
]
