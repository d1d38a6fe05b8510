import json
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand

from kamervragen.roles import CLERKS, CURATORS, POLICY_STAFF

DEMO_ACCOUNTS = [("beleid", POLICY_STAFF), ("griffie", CLERKS), ("curator", CURATORS)]


class Command(BaseCommand):
    help = "Create the three demo accounts (once) and print their usernames and passwords."

    def handle(self, *args, **options) -> None:
        store = settings.VAR_DIR / "demo-accounts.json"
        passwords = json.loads(store.read_text()) if store.exists() else {}
        User = get_user_model()
        # Bare lines left a new user to guess which word is the password.
        self.stdout.write(f"Demo accounts (kept in {_shown(store)}):")
        self.stdout.write(f"{'Group':<20} {'Username':<10} Password")
        for username, group_name in DEMO_ACCOUNTS:
            user, created = User.objects.get_or_create(username=username)
            if created or username not in passwords:
                passwords[username] = secrets.token_urlsafe(9)
                user.set_password(passwords[username])
                user.save()
            user.groups.add(Group.objects.get(name=group_name))
            self.stdout.write(f"{group_name:<20} {username:<10} {passwords[username]}")
        store.write_text(json.dumps(passwords))
        store.chmod(0o600)


def _shown(path: Path) -> str:
    """The path from the checkout ("var/demo-accounts.json") when it lies inside it."""
    try:
        return str(path.relative_to(settings.BASE_DIR))
    except ValueError:
        return str(path)
