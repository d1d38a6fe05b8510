"""What a worker loads once, before it forks its pool: the spaCy pipeline, the word
frequencies, the link model and scikit-learn's n-gram vectorizer (1.2 s to import: it was
the largest part of a fresh child's first linking). Loaded in the parent, the children
share those pages (copy-on-write) instead of each loading them before its first document.

What it loaded is then frozen out of the garbage collector's reach (`gc.freeze`): a full
collection walked those 240,000 objects, 0.25-0.35 s that fell at random into a linking (the
seed letter against 100,000 sets took 1.6-2.3 s; with them frozen, 1.4-2.0 s and its
collections 0.06-0.1 s in all), and a child's collection no longer writes to the pages it
shares with the parent."""

import gc

from wordfreq import zipf_frequency

from documents.pipeline import structure_document
from kamervragen.linking.model import link_model

SAMPLE = b"Vraag 1\n\nBent u bekend met het bericht over de havens van Rotterdam?\n"


def worker_warm_up() -> None:
    structure_document(SAMPLE)  # builds the spaCy pipeline and runs every component once
    zipf_frequency("haven", "nl")  # reads the Dutch frequency table
    link_model()
    _char_ngrams_warm_up()
    gc.collect()
    gc.freeze()


def _char_ngrams_warm_up() -> None:
    """Imports scikit-learn and runs the linking's character n-gram vectorizer once
    (`PassageScorer.char_cosines`)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True)
    passages = vectorizer.fit_transform([SAMPLE.decode(), "Antwoord 1 Ja, daarmee ben ik bekend."])
    (vectorizer.transform(["haven"]) @ passages.T).toarray()
