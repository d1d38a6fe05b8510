"""A worker loads spaCy, the word frequencies, the link model and the character n-gram
TF-IDF once, in the parent process, before its pool forks: the children start with them
loaded. scikit-learn is not among them (it would add seconds to every start). Its start
(`kamervragen/startup.py`) changes how fast, not what: the same tokens, lemmas, sentences
and references as spaCy's own loading."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from documents.lemma_table import CACHE_NAME, lemma_table
from kamervragen.startup import worker_starting

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"


def test_worker_init_loads_the_nlp_in_the_parent():
    script = (
        "from kamervragen.startup import worker_start; worker_start(); "
        "import gc; paused = not gc.isenabled(); "
        "import django; django.setup(); "
        "from celery.signals import worker_init; import kamervragen.celery; "
        "from documents.spacy_pipeline import get_nlp; "
        "from kamervragen.linking.model import link_model; "
        "before = get_nlp.cache_info().currsize, link_model.cache_info().currsize; "
        "worker_init.send(sender=None); "
        "after = get_nlp.cache_info().currsize, link_model.cache_info().currsize; "
        "import sys; "
        "print(before, after, 'kamervragen.linking.char_ngrams' in sys.modules, "
        "'sklearn' in sys.modules, gc.get_freeze_count() > 100_000, paused, gc.isenabled(), "
        "'spacy.cli' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "kamervragen.settings"},
    )
    assert result.stdout.split("\n")[0] == "(0, 0) (1, 1) True False True True True False"


@pytest.mark.parametrize(
    "argv, expected",
    [
        (["/usr/local/bin/celery", "-A", "kamervragen", "worker", "-Q", "linking"], True),
        (["/venv/lib/python3.11/site-packages/celery/__main__.py", "-A", "x", "worker"], True),
        (["/usr/local/bin/celery", "-A", "kamervragen", "beat"], False),
        (["/usr/local/bin/celery", "-A", "kamervragen", "inspect", "ping"], False),
        (["manage.py", "worker"], False),
        (["/usr/local/bin/gunicorn", "kamervragen.wsgi"], False),
        ([], False),
    ],
)
def test_only_a_celery_worker_starts_as_one(argv, expected):
    assert worker_starting(argv) is expected


OUTPUT_SCRIPT = """
import hashlib, json, sys
from pathlib import Path
if sys.argv[1] == "worker":  # as a worker's parent: kamervragen/startup.py, the cached table
    from kamervragen.startup import worker_start
    worker_start()
import django
django.setup()
import spacy
from documents.spacy_pipeline import TOKENIZER, get_nlp
if sys.argv[1] == "worker":
    nlp = get_nlp()
else:  # spaCy's own loading: its lookup lemmatizer reads spacy-lookups-data itself
    nlp = spacy.blank("nl", config={"nlp": {"tokenizer": {"@tokenizers": TOKENIZER}}})
    for name in get_nlp().pipe_names:
        config = {"mode": "lookup"} if name == "lemmatizer" else {}
        nlp.add_pipe(name, config=config)
    nlp.initialize()
texts = [
    paragraph
    for folder in ("structure", "linking", "seeds")
    for path in sorted((Path(sys.argv[2]) / folder).glob("*.txt"))
    for paragraph in path.read_text().split("\\n\\n")
]
# and a quarter of the lemma table's words, 500 a text
from spacy.util import load_language_data
words = list(load_language_data(spacy.registry.lookups.get("nl")["lemma_lookup"]))
texts += [" ".join(words[start : start + 500]) for start in range(0, len(words), 2000)]
digest, tokens = hashlib.sha256(), 0
for doc in nlp.pipe(texts, batch_size=256):
    for token in doc:
        row = (token.text, token.whitespace_, token.lemma_, token.is_sent_start, token.ent_type_)
        digest.update(json.dumps(row).encode())
        tokens += 1
print(json.dumps({
    "tokens": tokens,
    "digest": digest.hexdigest(),
    "tokenizer": hashlib.sha256(nlp.tokenizer.to_bytes()).hexdigest(),
    "spacy.cli": "spacy.cli" in sys.modules,
}))
"""


def _nlp_output(mode: str, var_dir: Path) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", OUTPUT_SCRIPT, mode, str(FIXTURES)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "kamervragen.settings",
            "KAMERVRAGEN_VAR_DIR": str(var_dir),
        },
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_a_worker_tokenizes_and_lemmatizes_as_spacys_own_loading(tmp_path):
    expected = _nlp_output("spacy", tmp_path / "plain")
    assert expected.pop("tokens") > 60_000 and expected.pop("spacy.cli")
    lemma_table(tmp_path / "var" / "cache")  # built here; the worker reads it
    assert (tmp_path / "var" / "cache" / CACHE_NAME).exists()
    output = _nlp_output("worker", tmp_path / "var")
    assert output.pop("tokens") > 60_000 and not output.pop("spacy.cli")
    assert output == expected


def test_the_worker_start_changes_no_answer_of_spacy_or_wordfreq():
    # spaCy imported without its command line, which loads when asked for; wordfreq's data
    # directory found without inspect.stack(), the same as locate finds it.
    script = (
        "import sys, locate; from pathlib import Path; "
        "from kamervragen.startup import worker_start; worker_start(); "
        "import spacy, wordfreq; cli = 'spacy.cli' in sys.modules; "
        "info = spacy.info(silent=True); "
        "import spacy.cli; real = sys.modules['spacy.cli.info'].info; "
        "print(cli, real is not spacy.info, info == real(silent=True), info['spacy_version'], "
        "wordfreq.DATA_PATH == Path(wordfreq.__file__).parent / 'data', "
        "locate.this_dir() == Path.cwd(), sorted(wordfreq.available_languages())[:2], "
        "round(wordfreq.zipf_frequency('haven', 'nl'), 2))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
    )
    import spacy
    import wordfreq

    expected_zipf = round(wordfreq.zipf_frequency("haven", "nl"), 2)
    assert result.stdout.split("\n")[0] == (
        f"False True True {spacy.__version__} True True ['ar', 'bg'] {expected_zipf}"
    )


def test_the_warm_up_computes_n_gram_cosines_as_the_linking_does(monkeypatch):
    """The warm-up runs `char_ngrams.cosines`, which the linking's scorer calls: its first
    real call finds everything it uses loaded."""
    from kamervragen.ingestion import warm_up
    from kamervragen.linking import char_ngrams

    calls = []
    real = char_ngrams.cosines

    def spy(passages, questions, **options):
        found = real(passages, questions, **options)
        calls.append(found)
        return found

    monkeypatch.setattr(char_ngrams, "cosines", spy)
    warm_up._char_ngrams_warm_up()
    assert len(calls) == 1 and calls[0].shape == (1, 2) and calls[0].any()
