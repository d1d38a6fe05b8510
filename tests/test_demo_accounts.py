"""`manage.py seed_demo`: the three demo accounts, their passwords printed and kept."""

import io
import json

from django.contrib.auth import get_user_model
from django.core.management import call_command


def _seed(settings, tmp_path) -> str:
    settings.VAR_DIR = tmp_path
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def test_the_printed_accounts_say_which_column_is_the_password(db, settings, tmp_path):
    """The bare lines ('Beleidsmedewerkers   beleid     dezsIuykoPMl') left a new user to
    guess which word to type where, and where the passwords are kept."""
    printed = _seed(settings, tmp_path)
    kept = json.loads((tmp_path / "demo-accounts.json").read_text())
    lines = printed.splitlines()
    assert lines[0] == f"Demo accounts (kept in {tmp_path / 'demo-accounts.json'}):"
    assert lines[1].split() == ["Group", "Username", "Password"]
    for username, password in kept.items():
        assert any(line.split()[-2:] == [username, password] for line in lines[2:]), username
        assert get_user_model().objects.get(username=username).check_password(password)


def test_running_it_again_keeps_the_passwords(db, settings, tmp_path):
    first = _seed(settings, tmp_path)
    assert _seed(settings, tmp_path) == first
