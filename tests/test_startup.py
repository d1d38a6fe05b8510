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
