"""The Dutch lemma table is the `Table` spaCy builds itself, whether built or read from its
cache file; a cache built from other data or versions, or damaged, is rebuilt."""

import functools
import json

import pytest
import spacy
from spacy.lookups import Table
from spacy.util import load_language_data

from documents import lemma_table as module
from documents.lemma_table import CACHE_NAME, lemma_table


@functools.cache
def spacy_table() -> Table:
    """What spaCy's lookup lemmatizer loads: `Table(data=…)`, a `__setitem__` per entry."""
    data = load_language_data(spacy.registry.lookups.get("nl")["lemma_lookup"])
    return Table(name="lemma_lookup", data=data)


def assert_same_table(table: Table) -> None:
    expected = spacy_table()
    assert table.name == expected.name
    assert list(table.items()) == list(expected.items())  # hashed keys, lemmas, order
    assert table.bloom.to_bytes() == expected.bloom.to_bytes()
    assert table.get("liep") == "lopen" == table["liep"]


def test_built_without_a_cache_it_is_spacys_table():
    assert_same_table(lemma_table(None))


def test_the_cache_is_written_then_read_and_gives_the_same_table(tmp_path, monkeypatch):
    built = lemma_table(tmp_path)
    assert (tmp_path / CACHE_NAME).exists()
    assert_same_table(built)

    def no_building(*args):
        raise AssertionError("rebuilt although the cache is valid")

    monkeypatch.setattr(module, "load_language_data", no_building)
    assert_same_table(lemma_table(tmp_path))


def _rewrite_header(path, change) -> None:
    content = path.read_bytes()
    end = content.index(b"\n", len(module.MAGIC))
    header = json.loads(content[len(module.MAGIC) : end])
    change(header)
    path.write_bytes(module.MAGIC + json.dumps(header).encode() + content[end:])


@pytest.mark.parametrize(
    "spoil",
    [
        # built by another spaCy (another string hash)
        lambda path: _rewrite_header(
            path, lambda h: h.update(key=h["key"].replace(spacy.about.__version__, "0.0.0"))
        ),
        lambda path: path.write_bytes(path.read_bytes()[:-1] + b"x"),  # damaged
        lambda path: path.write_bytes(path.read_bytes()[:1000]),  # cut short
        lambda path: path.write_bytes(b"something else"),
    ],
    ids=["other versions", "damaged", "truncated", "not a cache"],
)
def test_a_cache_that_does_not_match_is_rebuilt(tmp_path, spoil):
    lemma_table(tmp_path)
    path = tmp_path / CACHE_NAME
    spoil(path)
    spoiled = path.read_bytes()
    assert_same_table(lemma_table(tmp_path))
    assert path.read_bytes() != spoiled  # written again


def test_the_key_names_the_source_and_the_versions(monkeypatch):
    source = module._source_path()
    key = json.loads(module._cache_key(source))
    assert set(key) == {"format", "source", "spacy", "preshed", "murmurhash", "byteorder"}
    monkeypatch.setattr(spacy.about, "__version__", "9.9.9")
    assert module._cache_key(source) != json.dumps(key, sort_keys=True)


def test_a_cache_that_cannot_be_written_is_skipped(tmp_path):
    (tmp_path / "file").write_text("")
    assert_same_table(lemma_table(tmp_path / "file" / "cache"))  # mkdir fails
    assert list(tmp_path.iterdir()) == [tmp_path / "file"]
