"""Per-user read API tokens: made, found by their key and revoked.

The key is random (256 bits), so a plain SHA-256 of it is enough to store: nobody can guess
a key from its hash, and looking one up stays a single indexed query."""

import hashlib
import secrets

from django.contrib.auth.models import User
from django.utils import timezone

from kamervragen.models import ApiToken

KEY_PREFIX = "kv_"


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """A new token and its key, the only time the key is known."""
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name.strip()[:100], key_hash=_hash(key), prefix=key[:10]
    )
    return token, key


def token_revoke(*, user: User, pk: int) -> bool:
    """Revoke one of the user's own tokens; False when it is not theirs or already revoked."""
    revoked = ApiToken.objects.filter(user=user, pk=pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    return bool(revoked)


def token_for_key(key: str) -> ApiToken | None:
    """The active token of an active user with this key, or None."""
    if not key.startswith(KEY_PREFIX) or len(key) > 100:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=_hash(key), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is not None:
        now = timezone.now()
        # At most one write a minute per token, not one per request.
        if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token


def tokens_of(user: User) -> list[ApiToken]:
    return list(ApiToken.objects.filter(user=user))
