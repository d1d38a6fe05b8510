"""Production settings: a Content Security Policy the templates keep to, HSTS, a proxy's
HTTPS header when configured, no password-reset pages without mail, `check --deploy` clean."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import NoReverseMatch, reverse

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"
# What the policy (script-src and style-src 'self', no eval) forbids in a template.
INLINE_CODE = re.compile(
    r"<script(?![^>]*\bsrc=)[^>]*>|<style\b|\sstyle=|\son[a-z]+=|\shx-on[:-]|javascript:",
    re.IGNORECASE,
)


def _production_environment(**overrides: str) -> dict[str, str]:
    environment = {
        key: value
        for key, value in os.environ.items()
        # pytest-django's live server sets DJANGO_ALLOW_ASYNC_UNSAFE, which a deployment must not.
        if not key.startswith(("SECURE_", "DEBUG", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE"))
    }
    environment |= {
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "kamervragen.example.nl",
        "SECURE_COOKIES": "1",
        "SECURE_SSL_REDIRECT": "1",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": "1",
        "SECURE_HSTS_PRELOAD": "1",
    }
    return environment | overrides


def _manage(*args: str, environment: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_settings():
    result = _manage(
        "check", "--deploy", "--fail-level", "WARNING", environment=_production_environment()
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_a_proxys_https_header_is_trusted_only_when_configured():
    show = "from django.conf import settings; print(settings.SECURE_PROXY_SSL_HEADER)"

    def shown(environment: dict[str, str]) -> str:
        return _manage("shell", "-c", show, environment=environment).stdout.splitlines()[-1]

    configured = _production_environment(SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto")
    assert shown(configured) == "('HTTP_X_FORWARDED_PROTO', 'https')"
    assert shown(_production_environment()) == "None"


def test_pages_carry_a_content_security_policy_without_inline_code(client):
    policy = client.get(reverse("login"))["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe" not in policy


@pytest.mark.parametrize(
    "template", sorted(TEMPLATES.rglob("*.html")), ids=lambda p: str(p.relative_to(TEMPLATES))
)
def test_templates_keep_to_the_policy(template):
    assert INLINE_CODE.findall(template.read_text(encoding="utf-8")) == []


def test_https_requests_get_hsts(client):
    response = client.get(reverse("login"), secure=True)
    assert "max-age=" in response["Strict-Transport-Security"]


@pytest.mark.parametrize(
    "name", ["password_reset", "password_reset_done", "password_reset_complete"]
)
def test_there_are_no_password_reset_pages_without_mail(name):
    # No mail is configured: a reset page would say "sent" and send nothing.
    with pytest.raises(NoReverseMatch):
        reverse(name)


def _compose_environment() -> dict[str, str]:
    """The app's environment as docker-compose.yml sets it (its `x-app` block), with the
    values .env must give and the defaults for the rest."""
    compose = (ROOT / "docker-compose.yml").read_text(encoding="utf-8")
    block = compose.split("environment:", 1)[1].split("\n  volumes:", 1)[0]
    required = {
        "POSTGRES_PASSWORD": "geheim",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "kamervragen.example.nl",
    }

    def value(match: re.Match) -> str:
        name, default = match.group(1), match.group(3) or ""
        return required.get(name, default if match.group(2) == ":-" else "")

    environment = {}
    for line in block.splitlines():
        entry = re.match(r"^    ([A-Z_]+): (.*)$", line)
        if entry:
            raw = entry.group(2).strip().strip('"')
            environment[entry.group(1)] = re.sub(r"\$\{(\w+)(:[-?])?([^}]*)\}", value, raw)
    return environment


def test_check_deploy_is_clean_with_the_docker_compose_environment(tmp_path):
    compose = _compose_environment()
    assert compose["DEBUG"] == "0" and compose["BEHIND_HTTPS_PROXY"] == "1"
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("SECURE_", "DEBUG", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE"))
    }
    # The database and broker of this machine, not the compose network's host names.
    compose = {k: v for k, v in compose.items() if k not in {"DATABASE_URL", "CELERY_BROKER_URL"}}
    environment |= compose | {"MEDIA_ROOT": str(tmp_path / "media")}
    result = _manage("check", "--deploy", "--fail-level", "WARNING", environment=environment)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_without_a_secret_key_start_up_says_how_to_run_locally():
    """`manage.py createsuperuser` beside `scripts/run` (which sets DEBUG=1 for itself only)
    stopped with "SECRET_KEY must be set when DEBUG is off." and no hint what to do."""
    environment = _production_environment()
    del environment["SECRET_KEY"]
    result = _manage("check", environment=environment)
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr
    assert "DEBUG=1" in result.stderr  # what a local checkout does, as scripts/run does
    readme = (ROOT / "README.md").read_text()
    assert "DEBUG=1 .venv/bin/python manage.py createsuperuser" in readme
