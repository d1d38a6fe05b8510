"""Without CELERY_BROKER_URL the worker and producers share the filesystem broker; its URL
names a host, so kombu does not warn "No hostname was supplied" at every start."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SCRIPT = """
import logging, django
django.setup()
from kamervragen.celery import app
warnings = []
handler = logging.Handler()
handler.emit = lambda record: warnings.append(record.getMessage())
logging.getLogger("kombu").addHandler(handler)
with app.connection_for_write() as connection:
    connection.connect()
    connection.info()
print(app.conf.broker_url)
print(connection.hostname)
print(warnings)
"""


def test_the_default_broker_names_its_host_and_kombu_does_not_warn(tmp_path):
    environment = {
        key: value for key, value in os.environ.items() if key != "CELERY_BROKER_URL"
    } | {"DJANGO_SETTINGS_MODULE": "kamervragen.settings", "KAMERVRAGEN_VAR_DIR": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    url, hostname, warnings = result.stdout.strip().splitlines()
    assert url.startswith("filesystem://")
    assert warnings == "[]"
    assert hostname == "localhost"
    assert "No hostname was supplied" not in result.stderr
