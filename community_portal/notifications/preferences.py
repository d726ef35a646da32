"""What each member chose to receive, and how the outbox follows it.

A member switches each kind (its preference id, see ``kinds``) on or off per
channel, and may take the daily digest: what is not urgent then reaches them by
e-mail once a day, in one message (``digest``). A kind marked ``mandatory``
(account and security) ignores all of it. Nothing chosen means everything on.

The outbox asks :func:`deliveries` when it stores notifications: one query for
all their recipients, however many. The choice is taken when a notification is
stored; changing one's mind later changes what comes next, not what came.

An e-mail's one-click unsubscribe link (RFC 8058) carries a signed token naming
the member and the kind (:func:`unsubscribe_token`); it never expires, and means
only "switch this kind's e-mail off", which anyone holding the e-mail may do.
"""

import functools
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import FilteredRelation, Q

from community_portal.db.arrays import any_of, uses_arrays
from community_portal.notifications.enums import EmailState
from community_portal.notifications.kinds import (
    KINDS_BY_ID,
    Channel,
    NotificationKind,
    preference_kind,
    preference_kinds,
)
from community_portal.notifications.models import NotificationChoice, NotificationSettings

DAILY_DIGEST = "notifications.daily_digest"
UNSUBSCRIBE_SALT = "community_portal.notifications.unsubscribe"
# Recipients per query when the outbox reads their choices.
BATCH_SIZE = 2000


@dataclass(frozen=True)
class Delivery:
    """How one notification reaches its recipient."""

    in_inbox: bool = True
    email_state: str = EmailState.PENDING


DEFAULT = Delivery()


# --- Reading ----------------------------------------------------------------------------


def deliveries(pairs: Iterable[tuple[int, str]]) -> dict[tuple[int, str], Delivery]:
    """How each ``(member id, kind id)`` is delivered, in one query for them all
    (none when no kind in ``pairs`` can be chosen about). A pair left out of the
    answer is delivered everywhere at once (``DEFAULT``)."""
    pairs = list(pairs)
    chosen = {
        kind_id: KINDS_BY_ID[kind_id]
        for _member_id, kind_id in pairs
        if kind_id in KINDS_BY_ID and not KINDS_BY_ID[kind_id].mandatory
    }
    if not chosen:
        return {}
    members = sorted({member_id for member_id, kind_id in pairs if kind_id in chosen})
    preference_ids = {kind.preference_id for kind in chosen.values()}
    digest: set[int] = set()
    off: set[tuple[int, str, str]] = set()
    # One query (per BATCH_SIZE recipients, like the rest of notify_many; on
    # PostgreSQL one in all, the ids as one array).
    whole = uses_arrays(NotificationSettings.objects.db)
    for start in range(0, len(members), len(members) if whole else BATCH_SIZE):
        batch = members[start:] if whole else members[start : start + BATCH_SIZE]
        rows = (
            NotificationSettings.objects.filter(member_id__in=any_of(batch) if whole else batch)
            .annotate(
                choice=FilteredRelation("choices", condition=Q(choices__kind__in=preference_ids))
            )
            .values_list(
                "member_id", "daily_digest", "choice__kind", "choice__channel", "choice__enabled"
            )
        )
        for member_id, daily_digest, kind, channel, enabled in rows:
            if daily_digest:
                digest.add(member_id)
            if kind is not None and not enabled:
                off.add((member_id, kind, channel))
    return {
        (member_id, kind_id): _delivery(
            kind_id,
            email_on=(member_id, chosen[kind_id].preference_id, Channel.EMAIL) not in off,
            inbox_on=(member_id, chosen[kind_id].preference_id, Channel.INBOX) not in off,
            daily_digest=member_id in digest,
        )
        for member_id, kind_id in pairs
        if kind_id in chosen
    }


# A handful of different answers, however many recipients: each worked out once.
@functools.cache
def _delivery(kind_id: str, *, email_on: bool, inbox_on: bool, daily_digest: bool) -> Delivery:
    kind = KINDS_BY_ID[kind_id]
    if not email_on or Channel.EMAIL not in kind.channels:
        email_state = EmailState.OPTED_OUT
    elif daily_digest and not kind.urgent:
        email_state = EmailState.HELD
    else:
        email_state = EmailState.PENDING
    return Delivery(in_inbox=inbox_on and Channel.INBOX in kind.channels, email_state=email_state)


@dataclass(frozen=True)
class Row:
    """One line of the preferences page: a kind and, per channel, whether it is on."""

    kind: NotificationKind
    channels: dict[str, bool | None]  # None: the kind doesn't reach this channel


def preference_rows(*, member) -> list[Row]:
    """The kinds a member may receive, with their choices, in the page's order."""
    settings = NotificationSettings.objects.filter(member=member).first()
    off = set()
    if settings is not None:
        off = set(settings.choices.filter(enabled=False).values_list("kind", "channel"))
    reviewer = getattr(member, "is_reviewer", False)
    rows = []
    for kind in preference_kinds():
        if kind.category == "reviewing" and not reviewer:
            continue
        rows.append(
            Row(
                kind=kind,
                channels={
                    channel: (
                        (kind.mandatory or (kind.id, channel) not in off)
                        if channel in kind.channels
                        else None
                    )
                    for channel in Channel.values
                },
            )
        )
    return rows


def takes_daily_digest(*, member) -> bool:
    return NotificationSettings.objects.filter(member=member, daily_digest=True).exists()


# --- Writing ----------------------------------------------------------------------------


def preferences_save(*, member, enabled: set[tuple[str, str]], daily_digest: bool) -> None:
    """Keep exactly ``enabled`` (``(preference id, channel)`` pairs) on among the
    kinds the member's page shows; mandatory ones stay on whatever is sent, and kinds
    the page doesn't show them (the reviewers' ones) keep their choice."""
    shown = [row.kind for row in preference_rows(member=member) if not row.kind.mandatory]
    with transaction.atomic():
        settings, _created = NotificationSettings.objects.select_for_update().get_or_create(
            member=member
        )
        if settings.daily_digest != daily_digest:
            settings.daily_digest = daily_digest
            settings.save(update_fields=["daily_digest", "updated_at"])
        settings.choices.filter(kind__in=[kind.id for kind in shown]).delete()
        NotificationChoice.objects.bulk_create(
            NotificationChoice(settings=settings, kind=kind.id, channel=channel, enabled=False)
            for kind in shown
            for channel in kind.channels
            if (kind.id, channel) not in enabled
        )


def email_switch_off(*, member, preference_id: str) -> None:
    """Stop e-mailing one kind to the member (the unsubscribe link). The daily
    digest's own link stops every e-mail it would have collected."""
    if preference_id == DAILY_DIGEST:
        kinds = [k for k in preference_kinds() if not k.mandatory and not k.urgent]
    else:
        kinds = [preference_kind(preference_id)]
    with transaction.atomic():
        settings, _created = NotificationSettings.objects.select_for_update().get_or_create(
            member=member
        )
        for kind in kinds:
            NotificationChoice.objects.update_or_create(
                settings=settings, kind=kind.id, channel=Channel.EMAIL, defaults={"enabled": False}
            )


# --- Unsubscribe links ------------------------------------------------------------------


def can_unsubscribe(kind_id: str) -> bool:
    """Whether e-mails of this kind carry an unsubscribe link (mandatory ones don't)."""
    kind = KINDS_BY_ID.get(kind_id)
    return kind is not None and not kind.mandatory and Channel.EMAIL in kind.channels


def unsubscribe_token(*, member_id: int, kind_id: str) -> str:
    kind = KINDS_BY_ID.get(kind_id)
    preference_id = kind.preference_id if kind is not None else kind_id
    signer = _unsubscribe_signer(settings.SECRET_KEY)
    return signer.sign_object({"m": member_id, "k": preference_id}, compress=True)


@functools.lru_cache(maxsize=4)
def _unsubscribe_signer(secret_key: str) -> signing.TimestampSigner:
    """What ``signing.dumps`` signs with, made once per key: making it (reading the
    settings) was a third of a token's cost, and every e-mail carries a token."""
    return signing.TimestampSigner(key=secret_key, salt=UNSUBSCRIBE_SALT)


class BadToken(Exception):
    """An unsubscribe token that was altered, or names nothing one can unsubscribe from."""


def unsubscribe_read(token: str) -> tuple[int, str]:
    """The member id and preference id a token names; ``BadToken`` otherwise."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature as error:
        raise BadToken from error
    if not isinstance(data, dict):
        raise BadToken
    member_id, preference_id = data.get("m"), data.get("k")
    if not isinstance(member_id, int) or not isinstance(preference_id, str):
        raise BadToken
    if preference_kind(preference_id) is None or not can_unsubscribe(preference_id):
        raise BadToken
    return member_id, preference_id
