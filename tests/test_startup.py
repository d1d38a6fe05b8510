"""Start-up cost: a manage.py call that needs no NLP loads none."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NLP_MODULES = ("spacy", "wordfreq", "sklearn")


def test_setting_up_django_loads_no_nlp():
    # What `manage.py help` does before it prints: settings, apps, models and admins.
    script = (
        "import sys, django; django.setup(); "
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
    assert result.stdout.strip() == ""


def test_checks_and_urls_load_no_nlp():
    # What `manage.py check`, `migrate` and the web process load before their first request:
    # every URL module with its views, and the system checks (the link model's file among them).
    script = (
        "import sys, django; django.setup(); import kamervragen.urls; "
        "from django.core import checks; errors = checks.run_checks(); "
        f"print(' '.join(m for m in {NLP_MODULES!r} if m in sys.modules), len(errors))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "kamervragen.settings"},
    )
    assert result.stdout.split() == ["0"]
