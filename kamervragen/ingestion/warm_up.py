"""What a worker loads once, before it forks its pool: the spaCy pipeline, the word
frequencies and the link model. Loaded in the parent, the children share those pages
(copy-on-write) instead of each loading them before its first document."""

from wordfreq import zipf_frequency

from documents.pipeline import structure_document
from kamervragen.linking.model import link_model

SAMPLE = b"Vraag 1\n\nBent u bekend met het bericht over de havens van Rotterdam?\n"


def worker_warm_up() -> None:
    structure_document(SAMPLE)  # builds the spaCy pipeline and runs every component once
    zipf_frequency("haven", "nl")  # reads the Dutch frequency table
    link_model()
