"""What a Celery worker's parent does first, before Django and the task modules are loaded
(`kamervragen/celery.py` calls `worker_start` when the process is starting a worker); the
warm-up (`kamervragen.ingestion.warm_up`) ends it. Only the standard library at the top:
this module is imported by every process.

- No automatic garbage collection until the warm-up's `gc.freeze()`: the parent creates
  285,000 tracked objects and many more short-lived ones before it forks (Django, spaCy,
  the lemma table), and the collector walked them again and again (0.5-0.7 s of a start).
  The warm-up freezes what it loaded, without a collection first, and turns the collector
  back on.
- No Django system checks (`CELERY_SKIP_CHECKS`): Celery's Django fix-up runs them in the
  worker and throws their result away (`celery/fixups/django.py`, `validate_models`), after
  importing every URL module, the API (ninja, pydantic) and the views for them (0.3-0.45 s).
  `manage.py migrate` and the web process still run them; the link model, which the check
  would have read, is loaded by the warm-up, which refuses a mismatched one.
- spaCy without its command line (`import_spacy`).
- wordfreq's data directory found without `inspect.stack()` (`locate_without_stack`).
"""

import gc
import os
import sys
import types
from pathlib import Path


def worker_starting(argv: list[str] | None = None) -> bool:
    """Is this process `celery … worker …` (or `python -m celery … worker …`)?"""
    argv = sys.argv if argv is None else argv
    if not argv:
        return False
    program = Path(argv[0])
    is_celery = program.name == "celery" or (
        program.name == "__main__.py" and program.parent.name == "celery"
    )
    return is_celery and "worker" in argv[1:]


def worker_start() -> None:
    gc.disable()
    os.environ.setdefault("CELERY_SKIP_CHECKS", "1")
    import_spacy()
    locate_without_stack()


def import_spacy() -> None:
    """Imports spaCy without `spacy.cli` (typer, weasel, httpx, requests, rich: 360 modules,
    0.3 s), which spaCy's package imports only to offer `spacy.info`. While spaCy's
    `__init__` runs, `spacy.cli.info` is a stand-in whose `info` imports the real one when
    called; the stand-in is gone when spaCy is imported, so `import spacy.cli` afterwards
    loads the real command line."""
    if "spacy" in sys.modules:
        return
    stand_in = types.ModuleType("spacy.cli.info")
    stand_in.info = _spacy_info  # type: ignore[attr-defined]
    sys.modules["spacy.cli.info"] = stand_in
    try:
        import spacy  # noqa: F401
    finally:
        if sys.modules.get("spacy.cli.info") is stand_in:
            del sys.modules["spacy.cli.info"]


def _spacy_info(*args, **kwargs):
    from spacy.cli.info import info

    return info(*args, **kwargs)


def locate_without_stack() -> None:
    """wordfreq finds its data directory, when imported, with `locate.this_dir()`: the
    directory of the caller's file, read from `inspect.stack()`, which also reads the source
    lines of every frame on the stack and walks every loaded module to find their files
    (0.1-0.15 s in a worker, 40 frames deep in Celery, click and the import machinery).
    `this_dir` gives locate's own `_this_dir` its frame and the caller's, without source
    lines: the same directory."""
    import inspect

    import locate
    from locate import _locate

    def this_dir() -> Path:
        frames = (sys._getframe(0), sys._getframe(1))
        return _locate._this_dir(
            [
                inspect.FrameInfo(f, f.f_code.co_filename, f.f_lineno, f.f_code.co_name, None, None)
                for f in frames
            ]
        )

    locate.this_dir = this_dir
