"""Making, revoking and using personal access tokens.

A token reads ``cpt_<prefix>_<secret>``. The prefix finds the row; the SHA-256
digest of the whole token is compared in constant time. A fast hash is enough:
the secret is 160 random bits, not a password someone chose.
"""

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from api.models import PersonalAccessToken
from community_portal.core.workflow import DomainError

TOKEN_PREFIX = "cpt_"  # noqa: S105 (the marker of every token, not a secret)
MAX_ACTIVE_TOKENS = 20
# "Last used" is written at most this often per token: reading the API must not
# turn every request into a write.
LAST_USED_PRECISION = timedelta(minutes=1)


class TokenError(DomainError):
    """A token change the portal refuses; the message is shown beside the field."""


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _split(token: str) -> str | None:
    """The lookup prefix of a well-formed token, else None."""
    if not token.startswith(TOKEN_PREFIX):
        return None
    prefix, _sep, secret = token[len(TOKEN_PREFIX) :].partition("_")
    if len(prefix) != 8 or len(secret) < 20 or not (prefix + secret).isascii():
        return None
    return prefix


def token_create(*, member, name: str) -> tuple[PersonalAccessToken, str]:
    """A new token for ``member``: the row, and the token itself (shown once, never stored)."""
    name = " ".join(name.split())
    if not name:
        raise TokenError(_("Give the token a name."), field="name")
    with transaction.atomic():
        active = PersonalAccessToken.objects.select_for_update().filter(member=member).active()
        if active.filter(name=name).exists():
            raise TokenError(_("You already have a token with this name."), field="name")
        if active.count() >= MAX_ACTIVE_TOKENS:
            raise TokenError(
                _("You have %(count)d tokens: revoke one you no longer use first.")
                % {"count": MAX_ACTIVE_TOKENS},
                field="name",
            )
        prefix = secrets.token_hex(4)
        token = f"{TOKEN_PREFIX}{prefix}_{secrets.token_urlsafe(20)}"
        try:
            with transaction.atomic():
                row = PersonalAccessToken.objects.create(
                    member=member, name=name, prefix=prefix, digest=_digest(token)
                )
        except IntegrityError as error:  # the same name at the same moment, or a prefix clash
            raise TokenError(_("The token could not be made; try again."), field="name") from error
    return row, token


def token_revoke(*, member, pk: int) -> PersonalAccessToken:
    """Revoke one of ``member``'s tokens; from now on it is refused."""
    with transaction.atomic():
        row = PersonalAccessToken.objects.select_for_update().filter(member=member, pk=pk).first()
        if row is None:
            raise TokenError(_("This token does not exist."))
        if row.revoked_at is None:
            row.revoked_at = timezone.now()
            row.save(update_fields=["revoked_at"])
    return row


def token_authenticate(token: str) -> PersonalAccessToken | None:
    """The active token of an active member that ``token`` is, recording its use; else None."""
    prefix = _split(token)
    if prefix is None:
        return None
    row = (
        PersonalAccessToken.objects.active()
        .select_related("member")
        .filter(prefix=prefix, member__is_active=True)
        .first()
    )
    if row is None or not hmac.compare_digest(row.digest, _digest(token)):
        return None
    now = timezone.now()
    if row.last_used_at is None or row.last_used_at < now - LAST_USED_PRECISION:
        # One conditional UPDATE: concurrent requests record the use once.
        PersonalAccessToken.objects.filter(pk=row.pk).filter(
            Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - LAST_USED_PRECISION)
        ).update(last_used_at=now)
        row.last_used_at = now
    return row
