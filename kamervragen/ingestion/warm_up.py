"""What a worker loads once, before it forks its pool: the spaCy pipeline, the word
frequencies, the link model and the linking's character n-gram TF-IDF (scipy.sparse). Loaded
in the parent, the children share those pages (copy-on-write) instead of each loading them
before its first document.

What it loaded is then frozen out of the garbage collector's reach (`gc.freeze`): a full
collection walked those 240,000 objects, 0.25-0.35 s that fell at random into a linking (the
seed letter against 100,000 sets took 1.6-2.3 s; with them frozen, 1.4-2.0 s and its
collections 0.06-0.1 s in all), and a child's collection no longer writes to the pages it
shares with the parent. As Python's documentation of `gc.freeze` advises for a parent that
forks: no collection since the process started (`kamervragen/startup.py`), none before the
freeze either (it found 6,000 unreachable objects of 285,000 and took 0.15 s, and would
leave freed holes in pages the children share), the collector back on after it.

`worker_warm_up` logs and returns how long each part took (`manage.py benchmark-startup`
reads them)."""

import gc
import logging
import time
from collections.abc import Callable

from wordfreq import zipf_frequency

from documents.pipeline import structure_document
from kamervragen.linking.model import link_model

logger = logging.getLogger(__name__)

SAMPLE = b"Vraag 1\n\nBent u bekend met het bericht over de havens van Rotterdam?\n"


def worker_warm_up() -> dict[str, float]:
    """Loads every part; returns the seconds each took, by part."""
    parts: dict[str, Callable[[], object]] = {
        # builds the spaCy pipeline and runs every component once
        "spacy": lambda: structure_document(SAMPLE),
        "wordfreq": lambda: zipf_frequency("haven", "nl"),  # reads the Dutch frequency table
        "link_model": link_model,
        "char_ngrams": _char_ngrams_warm_up,
    }
    seconds: dict[str, float] = {}
    for name, load in parts.items():
        started = time.perf_counter()
        load()
        seconds[name] = time.perf_counter() - started
    gc.freeze()
    gc.enable()
    logger.info(
        "Warm-up before forking: %.2f s (%s)",
        sum(seconds.values()),
        ", ".join(f"{name} {value:.2f} s" for name, value in seconds.items()),
    )
    return seconds


def _char_ngrams_warm_up() -> None:
    """Imports scipy.sparse and computes the linking's character n-gram cosines once
    (`PassageScorer.char_cosines`)."""
    from kamervragen.linking.char_ngrams import cosines

    cosines([SAMPLE.decode(), "Antwoord 1 Ja, daarmee ben ik bekend."], ["haven"])
