"""Linking questions to the passages that answer them: the stages are in `recipe`.

The names below are imported on first use (PEP 562), not with the package: importing
`kamervragen.linking.store` from a web view must not load spaCy and the word lists that the
scoring needs (a `manage.py` call or a web process that links nothing loads none of it)."""

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kamervragen.linking.config import DEFAULT, FEATURES, LinkingConfig
    from kamervragen.linking.recipe import links_suggest_for_document, links_suggest_for_questions
    from kamervragen.linking.store import link_event_record
    from kamervragen.linking.terms import question_terms, split_compound

_HOMES = {
    "DEFAULT": "config",
    "FEATURES": "config",
    "LinkingConfig": "config",
    "links_suggest_for_document": "recipe",
    "links_suggest_for_questions": "recipe",
    "link_event_record": "store",
    "question_terms": "terms",
    "split_compound": "terms",
}

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


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"kamervragen.linking.{_HOMES[name]}"), name)
