"""Checking that a webhook was signed with our shared secret.

GitHub (``X-Hub-Signature-256``) and Discourse (``X-Discourse-Event-Signature``)
both send ``sha256=`` and the hex HMAC-SHA256 of the raw body, keyed with the
secret. The comparison takes the same time however much of it matches.
"""

import hashlib
import hmac

from django.conf import settings

from integrations.enums import Provider
from integrations.models import ReceiverSecret

_SETTINGS = {
    Provider.GITHUB: "GITHUB_WEBHOOK_SECRET",
    Provider.DISCOURSE: "DISCOURSE_WEBHOOK_SECRET",
}


def receiver_secret(provider: str) -> str:
    """The secret set in the admin, else the one from the environment; "" if none."""
    stored = ReceiverSecret.objects.filter(provider=provider).values_list("secret", flat=True)
    for secret in stored:
        return secret
    return getattr(settings, _SETTINGS[provider], "") or ""


def sign(body: bytes, secret: str) -> str:
    """What the provider sends: ``sha256=<hex digest>``."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def signature_is_valid(*, body: bytes, header: str | None, secret: str) -> bool:
    """Refuses a missing secret, a missing header and anything but the exact signature."""
    if not secret or not header:
        return False
    expected = sign(body, secret).encode()
    given = header.strip().encode("utf-8", "replace")
    return hmac.compare_digest(expected, given)
