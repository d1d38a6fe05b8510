"""scripts/run's port check, which runs before anything is installed (no venv, no database)."""

import os
import re
import socket
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_scripts_run_refuses_a_taken_port_and_suggests_the_next_free_one():
    """It suggested PORT=8001 whatever port was taken, 8001 included."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            ["bash", str(ROOT / "scripts" / "run")],
            env={**os.environ, "PORT": str(port)},
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 1
        assert f"port {port} is taken" in result.stderr
        suggested = re.search(r"PORT=(\d+) scripts/run", result.stderr)
        assert suggested, result.stderr
        other = int(suggested.group(1))
        assert port < other <= port + 100
        with socket.socket() as free:  # the suggestion can be used
            free.bind(("127.0.0.1", other))
