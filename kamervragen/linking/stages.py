"""Seconds spent in each linking stage, for the benchmarks (`benchmark-linking`).

The recipe wraps each stage in `stage(name)`; nothing is recorded unless a caller asked for
it with `stages_timed()`, so linking pays one context-variable read per stage otherwise.
"""

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

# candidates: the index queries that choose what is scored; features: terms, the scorer's
# passages and every pair's features; model: the probabilities and the choice among them;
# store: writing suggestions and candidates, withdrawing stale ones; rules: explicit, source
# and reference links.
STAGES = ("rules", "candidates", "features", "model", "store")

_TIMES: ContextVar[dict[str, float] | None] = ContextVar("linking_stage_times", default=None)


@contextmanager
def stage(name: str) -> Iterator[None]:
    """Adds the seconds spent inside to `name`, and this process's CPU seconds to
    `name + " cpu"`, when a caller is timing the stages."""
    times = _TIMES.get()
    if times is None:
        yield
        return
    began, cpu = time.perf_counter(), time.process_time()
    try:
        yield
    finally:
        times[name] = times.get(name, 0.0) + time.perf_counter() - began
        # This process's CPU seconds: what the code costs, apart from what other processes
        # on a shared machine take of the cores (wall clock minus CPU).
        times[f"{name} cpu"] = times.get(f"{name} cpu", 0.0) + time.process_time() - cpu


@contextmanager
def stages_timed() -> Iterator[dict[str, float]]:
    """The seconds each stage took inside this block, filled in as they run."""
    times: dict[str, float] = {}
    token = _TIMES.set(times)
    try:
        yield times
    finally:
        _TIMES.reset(token)
