"""Linking questions to the passages that answer them: the stages are in `recipe`."""

from kamervragen.linking.config import DEFAULT, FEATURES, LinkingConfig
from kamervragen.linking.recipe import links_suggest_for_document, links_suggest_for_questions
from kamervragen.linking.store import link_event_record
from kamervragen.linking.terms import question_terms, split_compound

__all__ = [
    "DEFAULT",
    "FEATURES",
    "LinkingConfig",
    "link_event_record",
    "links_suggest_for_document",
    "links_suggest_for_questions",
    "question_terms",
    "split_compound",
]
