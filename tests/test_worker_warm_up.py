"""A worker loads spaCy, the word frequencies, the link model and the character n-gram
TF-IDF once, in the parent process, before its pool forks: the children start with them
loaded. scikit-learn is not among them (it would add seconds to every start)."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_worker_init_loads_the_nlp_in_the_parent():
    script = (
        "import django; django.setup(); "
        "from celery.signals import worker_init; import kamervragen.celery; "
        "from documents.spacy_pipeline import get_nlp; "
        "from kamervragen.linking.model import link_model; "
        "before = get_nlp.cache_info().currsize, link_model.cache_info().currsize; "
        "worker_init.send(sender=None); "
        "after = get_nlp.cache_info().currsize, link_model.cache_info().currsize; "
        "import gc, sys; "
        "print(before, after, 'kamervragen.linking.char_ngrams' in sys.modules, "
        "'sklearn' in sys.modules, gc.get_freeze_count() > 100_000)"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "kamervragen.settings"},
    )
    assert result.stdout.split("\n")[0] == "(0, 0) (1, 1) True False True"
