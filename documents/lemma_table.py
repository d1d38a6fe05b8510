"""spacy-lookups-data's Dutch lemma table (213,000 entries) as the lookup lemmatizer's
`Table`: keys hashed by spaCy, in the file's order, with its Bloom filter.

Building it reads the gzipped JSON and hashes every word (0.35-0.45 s of a worker's start).
The result is deterministic, so it is kept in a cache file (`VAR_DIR/cache/`) and read from
there (about 0.1 s): the hashed keys, the Bloom filter's bytes and the lemmas. The file
names what it was built from: the source file's SHA-256, the versions of spaCy (its string
hashing), preshed (the Bloom filter) and murmurhash, the byte order and the format; it is
used only when all of them match and its own SHA-256 checks out, and rebuilt otherwise.
Written to a temporary file and renamed, so concurrent workers never read half a file; a
cache that cannot be written (a read-only directory) is skipped."""

import hashlib
import json
import logging
import os
import sys
import tempfile
from array import array
from collections import OrderedDict, deque
from itertools import repeat
from pathlib import Path

import murmurhash.about
import preshed.about
import spacy
from preshed.bloom import BloomFilter
from spacy.lookups import Table
from spacy.strings import get_string_id
from spacy.util import load_language_data

logger = logging.getLogger(__name__)

CACHE_FORMAT = 1
CACHE_NAME = "spacy-nl-lemma-lookup.bin"
MAGIC = b"kamervragen lemma table\n"


def lemma_table(cache_dir: Path | None) -> Table:
    """The table, from `cache_dir` when a valid cache is there (else built and cached)."""
    source = _source_path()
    key = _cache_key(source)
    path = cache_dir / CACHE_NAME if cache_dir is not None else None
    if path is not None:
        cached = _cache_read(path, key)
        if cached is not None:
            return cached
    data = load_language_data(spacy.registry.lookups.get("nl")["lemma_lookup"])
    assert isinstance(data, dict)  # a table of word → lemma, not a list
    keys = list(map(get_string_id, data))
    values = list(data.values())
    table = _table(keys, values, bloom=None)
    if path is not None:
        _cache_write(path, key, keys, values, table.bloom.to_bytes())
    return table


def _table(keys: list[int], values: list[str], *, bloom: bytes | None) -> Table:
    """The `Table` spaCy builds from these entries (`Table(data=…)`), filled without a
    Python `__setitem__` call per entry."""
    table = Table(name="lemma_lookup")
    if bloom is None:
        table.bloom = BloomFilter.from_error_rate(max(len(keys), 1))  # as Table(data=…) sizes it
        deque(map(table.bloom.add, keys), maxlen=0)
    else:
        table.bloom = BloomFilter().from_bytes(bloom)  # as Table.from_bytes reads it
    deque(map(OrderedDict.__setitem__, repeat(table), keys, values), maxlen=0)
    return table


def _source_path() -> Path:
    """The file `load_language_data` reads: the JSON, or else its gzipped version."""
    path = Path(spacy.registry.lookups.get("nl")["lemma_lookup"])
    return path if path.exists() else path.with_name(path.name + ".gz")


def _cache_key(source: Path) -> str:
    versions = {
        "format": CACHE_FORMAT,
        "source": hashlib.sha256(source.read_bytes()).hexdigest(),
        "spacy": spacy.about.__version__,
        "preshed": preshed.about.__version__,
        "murmurhash": murmurhash.about.__version__,
        "byteorder": sys.byteorder,
    }
    return json.dumps(versions, sort_keys=True)


def _cache_read(path: Path, key: str) -> Table | None:
    try:
        content = path.read_bytes()
    except OSError:
        return None
    try:
        if not content.startswith(MAGIC):
            raise ValueError("not a lemma table")
        header_end = content.index(b"\n", len(MAGIC))
        header = json.loads(content[len(MAGIC) : header_end])
        body = memoryview(content)[header_end + 1 :]
        if header["key"] != key:
            raise ValueError("built from other data or versions")
        if hashlib.sha256(body).hexdigest() != header["sha256"]:
            raise ValueError("damaged")
        entries, bloom_size = header["entries"], header["bloom"]
        keys = array("Q")
        keys.frombytes(body[: 8 * entries])
        bloom = bytes(body[8 * entries : 8 * entries + bloom_size])
        values = str(body[8 * entries + bloom_size :], "utf-8").split("\n")
        if len(keys) != entries or len(values) != entries:
            raise ValueError("wrong number of entries")
    except (ValueError, KeyError, TypeError) as error:
        logger.info("Lemma table cache %s not used (%s); rebuilding it", path, error)
        return None
    return _table(keys.tolist(), values, bloom=bloom)


def _cache_write(path: Path, key: str, keys: list[int], values: list[str], bloom: bytes) -> None:
    if any("\n" in value for value in values):  # the lemmas are stored one a line
        return
    body = array("Q", keys).tobytes() + bloom + "\n".join(values).encode()
    header = {
        "key": key,
        "entries": len(keys),
        "bloom": len(bloom),
        "sha256": hashlib.sha256(body).hexdigest(),
    }
    temporary = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("wb", dir=path.parent, delete=False) as file:
            temporary = file.name
            file.write(MAGIC + json.dumps(header).encode() + b"\n" + body)
        os.replace(temporary, path)
    except OSError as error:
        logger.info("Lemma table cache %s not written: %s", path, error)
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)
