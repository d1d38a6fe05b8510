"""scripts/run's web server and worker share one cache (CACHE_URL=file://…): a set the worker
saves adds its members, parties and ministries to the web server's filter choices at once
(`set_filters.choices_add`), not an hour later when each process's own memory expires."""

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SNIPPET = """
import sys, django
django.setup()
from django.core.cache import cache
from django.conf import settings
print(settings.CACHES["default"]["BACKEND"])
if sys.argv[1] == "set":
    cache.set("walk-shared", "gezien", 60)
else:
    print(cache.get("walk-shared"))
"""


def _run(tmp_path: Path, what: str) -> list[str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kamervragen.settings",
        "SECRET_KEY": "x",
        "CACHE_URL": f"file://{tmp_path / 'cache'}",
    }
    done = subprocess.run(
        [sys.executable, "-c", SNIPPET, what],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return done.stdout.split()


def test_a_file_cache_url_is_one_cache_for_every_process(tmp_path):
    assert _run(tmp_path, "set") == ["django.core.cache.backends.filebased.FileBasedCache"]
    assert _run(tmp_path, "get")[-1] == "gezien"


def test_scripts_run_gives_web_server_and_worker_one_cache():
    script = (ROOT / "scripts" / "run").read_text()
    exported = re.search(r'^export CACHE_URL="\$\{CACHE_URL:-file://([^}"]+)\}"$', script, re.M)
    assert exported, "scripts/run names no shared cache"
    assert script.index("export CACHE_URL") < script.index("celery -A kamervragen worker")
