"""Writing notifications and delivering them.

``notify`` and ``notify_many`` store notifications inside the caller's
transaction and queue their delivery for after the commit: a rolled-back
change sends nothing, and a committed one is delivered even when the broker
was down at commit time (the sweep finds it). This module is the only place
that schedules delivery.

E-mail delivery claims the row with one conditional UPDATE before sending, so
two workers (or one task run twice) never both send the same notification.
"""

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from community_portal.notifications.enums import DeliveryOutcome, EmailState
from community_portal.notifications.models import Notification

logger = logging.getLogger(__name__)

# How long one worker may hold a notification while sending it. Longer than the
# task's hard time limit, so a live worker never loses its claim mid-send; a
# killed worker's claim expires and the sweep hands the notification on.
CLAIM_LEASE = timedelta(minutes=10)
# The sweep leaves fresh notifications to the task queued at commit.
SWEEP_GRACE = timedelta(minutes=2)
RETRY_BASE_SECONDS = 60
RETRY_CAP_SECONDS = 60 * 60
DELIVERY_BATCH_SIZE = 100
# Rows per INSERT and keys per lookup in notify_many: a reminder to ten
# thousand members costs a handful of queries, not one per member.
BULK_BATCH_SIZE = 2000


def retry_delay(attempt: int) -> int:
    """Seconds to wait after the ``attempt``-th failure (0-based): doubling, capped."""
    return min(RETRY_BASE_SECONDS * 2**attempt, RETRY_CAP_SECONDS)


# --- Creating ---------------------------------------------------------------------------


def notify(
    *,
    recipient,
    subject: str,
    body: str = "",
    params: dict | None = None,
    url: str = "",
    actor=None,
    key: str | None = None,
) -> Notification | None:
    """Store one notification and deliver it after the surrounding transaction commits.

    ``subject`` and ``body`` are English message ids marked with ``gettext_noop``;
    they are translated into the recipient's language when rendered. With a
    ``key``, a second notification for the same occasion is not created and
    ``None`` is returned.
    """
    notification = Notification(
        recipient=recipient,
        actor=actor,
        key=key,
        subject=subject,
        body=body,
        params=params or {},
        url=url,
    )
    if key is None:
        notification.save()
    else:
        try:
            with transaction.atomic():
                notification.save()
        except IntegrityError:
            if Notification.objects.filter(key=key).exists():
                return None
            raise
    _deliver_after_commit([notification.pk])
    return notification


@dataclass(frozen=True)
class PlannedNotification:
    """One notification to be stored: what ``notify`` takes, as a value.

    Reminders build a list of these (each recipient with its own parameters and
    occasion key), show it in a dry run, or store it with ``notify_each``.
    """

    recipient: Any
    subject: str
    body: str = ""
    params: dict = field(default_factory=dict)
    url: str = ""
    key: str | None = None
    actor: Any = None


def notify_many(
    *,
    recipients: Iterable,
    subject: str,
    body: str = "",
    params: dict | None = None,
    url: str = "",
    actor=None,
    key_prefix: str | None = None,
) -> int:
    """Store the same notification for many members in a bounded number of queries.

    With ``key_prefix``, each recipient's key is ``"<key_prefix>:<user id>"`` and
    recipients who already have one are skipped. Returns how many were created.
    """
    created = notify_each(
        PlannedNotification(
            recipient=recipient,
            actor=actor,
            key=f"{key_prefix}:{recipient.pk}" if key_prefix else None,
            subject=subject,
            body=body,
            params=params or {},
            url=url,
        )
        for recipient in recipients
    )
    return len(created)


def notify_each(notifications: Iterable[PlannedNotification]) -> list[PlannedNotification]:
    """Store different notifications in a bounded number of queries: a few per
    ``BULK_BATCH_SIZE`` rows, however many there are.

    A notification whose key is already taken (sent before, by a concurrent
    worker, or earlier in this same list) is skipped. Returns the ones created,
    which are delivered after the surrounding transaction commits.
    """
    planned = notifications_unsent(notifications)
    if not planned:
        return []
    now = timezone.now()
    rows = [
        Notification(
            recipient=item.recipient,
            actor=item.actor,
            key=item.key,
            subject=item.subject,
            body=item.body,
            params=item.params,
            url=item.url,
            created_at=now,
        )
        for item in planned
    ]
    keyless = [row for row in rows if row.key is None]
    ids = [row.pk for row in Notification.objects.bulk_create(keyless, batch_size=BULK_BATCH_SIZE)]
    # Sorted by key, so two concurrent writers take the unique index entries in the
    # same order and one waits for the other instead of deadlocking. A row a
    # concurrent writer created first is skipped (ignore_conflicts); ours are the
    # rows with our creation time. (A writer starting in the same microsecond would
    # be taken for us: we would queue its notifications too, and delivery's claim
    # still sends each one once.)
    keyed = sorted((row for row in rows if row.key is not None), key=lambda row: row.key)
    Notification.objects.bulk_create(keyed, batch_size=BULK_BATCH_SIZE, ignore_conflicts=True)
    created_keys = set()
    keys = [row.key for row in keyed]
    for start in range(0, len(keys), BULK_BATCH_SIZE):
        for pk, key in Notification.objects.filter(
            key__in=keys[start : start + BULK_BATCH_SIZE], created_at=now
        ).values_list("pk", "key"):
            ids.append(pk)
            created_keys.add(key)
    _deliver_after_commit(ids)
    return [item for item in planned if item.key is None or item.key in created_keys]


def notifications_unsent(notifications: Iterable[PlannedNotification]) -> list[PlannedNotification]:
    """The planned notifications whose occasion key is still free (keyless ones all),
    the first of each key only. One query per ``BULK_BATCH_SIZE`` keys."""
    planned = list(notifications)
    keys = [item.key for item in planned if item.key is not None]
    taken = set()
    for start in range(0, len(keys), BULK_BATCH_SIZE):
        taken.update(
            Notification.objects.filter(key__in=keys[start : start + BULK_BATCH_SIZE]).values_list(
                "key", flat=True
            )
        )
    fresh = []
    for item in planned:
        if item.key is not None:
            if item.key in taken:
                continue
            taken.add(item.key)
        fresh.append(item)
    return fresh


def _deliver_after_commit(ids: Sequence[int]) -> None:
    if not ids:
        return
    transaction.on_commit(partial(_enqueue_delivery, list(ids)), robust=True)


def _enqueue_delivery(ids: Sequence[int]) -> None:
    """Hand notifications to Celery. A broker that is down loses nothing: the
    notifications stay pending and the periodic sweep queues them again."""
    from community_portal.notifications import tasks

    try:
        if len(ids) == 1:
            tasks.deliver_notification.delay(ids[0])
        else:
            for start in range(0, len(ids), DELIVERY_BATCH_SIZE):
                tasks.deliver_notifications.delay(list(ids[start : start + DELIVERY_BATCH_SIZE]))
    except Exception:
        logger.warning(
            "Could not queue delivery of %d notification(s); the sweep will retry.",
            len(ids),
            exc_info=True,
        )


# --- Reading state changes --------------------------------------------------------------


def notification_mark_read(*, notification: Notification, user) -> Notification:
    if notification.recipient_id != user.pk:
        raise PermissionError("A member can only mark their own notifications.")
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notifications_mark_all_read(*, user) -> int:
    return Notification.objects.for_recipient(user).unread().update(read_at=timezone.now())


# --- Delivering -------------------------------------------------------------------------


def notification_deliver_email(*, notification_id: int) -> DeliveryOutcome:
    """Send one notification by e-mail unless it was sent already or is being sent.

    Not wrapped in a transaction on purpose: the claim must be committed before
    the (slow, external) send, so that another worker sees it.
    """
    now = timezone.now()
    claimed = (
        Notification.objects.filter(pk=notification_id, email_state=EmailState.PENDING)
        .filter(Q(email_claimed_until__isnull=True) | Q(email_claimed_until__lte=now))
        .update(email_claimed_until=now + CLAIM_LEASE, email_attempts=F("email_attempts") + 1)
    )
    if not claimed:
        still_pending = Notification.objects.filter(
            pk=notification_id, email_state=EmailState.PENDING
        ).exists()
        return DeliveryOutcome.BUSY if still_pending else DeliveryOutcome.ALREADY_DONE

    notification = Notification.objects.select_related("recipient").get(pk=notification_id)
    mine = Notification.objects.filter(pk=notification_id, email_state=EmailState.PENDING)
    if not _has_verified_address(notification.recipient):
        mine.update(email_state=EmailState.SKIPPED, email_claimed_until=None)
        return DeliveryOutcome.SKIPPED
    try:
        build_email(notification).send()
    except Exception as error:  # SMTP refusals, timeouts, a mail server that is down
        logger.warning("E-mail for notification %s failed: %r", notification_id, error)
        delay = retry_delay(notification.email_attempts - 1)
        mine.update(
            email_claimed_until=None,
            email_next_attempt_at=timezone.now() + timedelta(seconds=delay),
            email_last_error=repr(error)[:2000],
        )
        return DeliveryOutcome.FAILED
    mine.update(
        email_state=EmailState.SENT,
        emailed_at=timezone.now(),
        email_claimed_until=None,
        email_next_attempt_at=None,
        email_last_error="",
    )
    return DeliveryOutcome.SENT


def _has_verified_address(user) -> bool:
    if not user.is_active or not user.email:
        return False
    return EmailAddress.objects.filter(user=user, email__iexact=user.email, verified=True).exists()


def build_email(notification: Notification) -> EmailMultiAlternatives:
    """The e-mail for a notification, in its recipient's language."""
    recipient = notification.recipient
    with translation.override(recipient.preferred_language or settings.LANGUAGE_CODE):
        context = {
            "notification": notification,
            "recipient": recipient,
            "subject": notification.subject_text,
            "body": notification.body_text,
            "link": _absolute(notification.url),
            "inbox_link": _absolute("/inbox/"),
            "community_name": settings.COMMUNITY_NAME,
        }
        message = EmailMultiAlternatives(
            subject=f"[{settings.COMMUNITY_NAME}] {context['subject']}",
            body=render_to_string("notifications/email/notification.txt", context),
            to=[recipient.email],
            headers={
                # The same id for every attempt: mail systems drop a duplicate.
                "Message-ID": f"<notification-{notification.pk}@{_site_domain()}>",
                "Auto-Submitted": "auto-generated",
            },
        )
        message.attach_alternative(
            render_to_string("notifications/email/notification.html", context), "text/html"
        )
    return message


def _absolute(url: str) -> str:
    if not url or url.startswith(("http://", "https://")):
        return url
    return f"{settings.SITE_URL}{url}"


def _site_domain() -> str:
    return settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0]


def notifications_requeue_undelivered(*, now: datetime | None = None, limit: int = 1000) -> int:
    """Queue again what is still undelivered: the broker was down at commit, a worker
    was killed mid-send, or the retries of a failing address ran out."""
    now = now or timezone.now()
    ids = list(
        Notification.objects.filter(
            email_state=EmailState.PENDING, created_at__lte=now - SWEEP_GRACE
        )
        .filter(Q(email_claimed_until__isnull=True) | Q(email_claimed_until__lte=now))
        .filter(Q(email_next_attempt_at__isnull=True) | Q(email_next_attempt_at__lte=now))
        .order_by("created_at")
        .values_list("pk", flat=True)[:limit]
    )
    if ids:
        _enqueue_delivery(ids)
    return len(ids)


def notifications_requeue(*, ids: Iterable[int]) -> int:
    """Queue chosen pending notifications now, ignoring their backoff (admin action)."""
    ids = list(
        Notification.objects.filter(pk__in=list(ids), email_state=EmailState.PENDING).values_list(
            "pk", flat=True
        )
    )
    Notification.objects.filter(pk__in=ids).update(email_next_attempt_at=None)
    if ids:
        _deliver_after_commit(ids)
    return len(ids)
