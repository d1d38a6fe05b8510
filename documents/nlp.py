"""The spaCy pipeline: blank Dutch with a sentencizer and the lookup lemmatizer.

No trained Dutch model can be installed here; the lemma table ships in spacy-lookups-data.
"""

import functools

import spacy
from spacy.language import Language


@functools.cache
def get_nlp() -> Language:
    nlp = spacy.blank("nl")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    return nlp


def content_lemmas(texts: list[str]) -> list[str]:
    """Per text, its lower-cased lemmas without stop words, numbers and punctuation."""
    nlp = get_nlp()
    return [
        " ".join(
            token.lemma_.lower()
            for token in doc
            if token.is_alpha and not token.is_stop and len(token.text) > 1
        )
        for doc in nlp.pipe(texts, batch_size=64)
    ]
