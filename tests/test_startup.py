"""Start-up cost: a manage.py call that needs no NLP loads none."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NLP_MODULES = ("spacy", "wordfreq", "sklearn", "scipy")


def _nlp_loaded_by(setup: str) -> str:
    """The NLP modules a fresh process has loaded after running `setup`."""
    script = f"import sys, django; django.setup(); {setup}; " + (
        f"print(' '.join(m for m in {NLP_MODULES!r} if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "kamervragen.settings"},
    )
    return result.stdout.strip()


def test_setting_up_django_loads_no_nlp():
    # What `manage.py help` does before it prints: settings, apps, models and admins.
    assert _nlp_loaded_by("pass") == ""


def test_checks_and_urls_load_no_nlp():
    # What `manage.py check`, `migrate` and the web process load before their first request:
    # every URL module with its views, and the system checks (the link model's file among them).
    setup = "import kamervragen.urls; from django.core import checks; checks.run_checks()"
    assert _nlp_loaded_by(setup) == ""


def test_a_real_manage_py_check_loads_no_nlp():
    # `manage.py check` as run from the shell, the modules it had loaded printed at its exit.
    script = (
        "import atexit, runpy, sys; "
        f"loaded = lambda: [m for m in {NLP_MODULES!r} if m in sys.modules]; "
        "atexit.register(lambda: print('loaded:', *loaded())); "
        "sys.argv = ['manage.py', 'check']; runpy.run_path('manage.py', run_name='__main__')"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert "System check identified no issues" in result.stdout
    assert result.stdout.strip().splitlines()[-1] == "loaded:"
