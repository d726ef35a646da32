"""Delivering notifications by e-mail: claiming, sending, marking sent, retrying.

E-mail delivery is at least once and, but for one window, exactly once. A
worker claims a notification for ``CLAIM_LEASE`` and records the attempt before
it sends, and marks it sent soon after the mail server accepted it (the marks of
up to ``MARK_BATCH`` messages, or of ``MARK_SECONDS``, are written together): two
workers, or one task run twice, never both send it. Only a worker killed between
the server's acceptance and that mark leaves a sent notification pending; its
claim expires and it is sent again, with the same ``Message-ID``, so a receiving
mail system can drop the duplicate.

A failed send is retried after a capped, doubling backoff; the sweep
(``notifications_requeue_undelivered``) queues again whatever is still pending,
through ``services``, the only place that queues delivery.
"""

import logging
import time
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime, timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from community_portal.notifications.emails import notification_email
from community_portal.notifications.enums import DeliveryOutcome, EmailState
from community_portal.notifications.models import Notification
from community_portal.notifications.services import deliver_after_commit, enqueue_delivery

logger = logging.getLogger(__name__)

# How long a worker holds the notifications it claimed. The SMTP timeout
# (settings.EMAIL_TIMEOUT) bounds each step of the exchange; the lease leaves room
# for a slow message and is renewed while a long batch is sent, so a live worker
# keeps its claim. A killed worker's claim expires within this, and the sweep
# (every minute) hands its notifications on: retried within two minutes.
CLAIM_LEASE = timedelta(seconds=60)
# After this many failures in a row a batch stops trying: the mail server is down.
GIVE_UP_AFTER_FAILURES = 2
# The sweep leaves fresh notifications to the task queued at commit.
SWEEP_GRACE = timedelta(minutes=2)
# The sweep reads the outbox in pages of this many, oldest first.
SWEEP_PAGE_SIZE = 5000
# Sent marks are written together, this many at most, at most this late (_SentMarks).
MARK_BATCH = 100
MARK_SECONDS = 1.0
RETRY_BASE_SECONDS = 60
RETRY_CAP_SECONDS = 60 * 60


def retry_delay(attempt: int) -> int:
    """Seconds to wait after the ``attempt``-th failure (0-based): doubling, capped."""
    return min(RETRY_BASE_SECONDS * 2**attempt, RETRY_CAP_SECONDS)


# --- Delivering -------------------------------------------------------------------------


def notification_deliver_email(*, notification_id: int) -> DeliveryOutcome:
    """Send one notification by e-mail unless it was sent already or is being sent."""
    return notifications_deliver_emails(notification_ids=[notification_id])[notification_id]


def notifications_deliver_emails(*, notification_ids: Sequence[int]) -> dict[int, DeliveryOutcome]:
    """Send a batch of notifications over one mail connection; what happened to each.

    Each notification is claimed (and its attempt recorded) before anything is
    sent, and marked sent right after the mail server accepted it, so only a
    worker killed in between sends it twice; a notification another worker holds,
    or that was sent already, is left alone. Every statement names its rows by
    primary key, so the cost stays the same whatever the planner's statistics say
    about the outbox. Not wrapped in a transaction on purpose: the claim must be
    committed before the (slow, external) send, so that another worker sees it.
    """
    ids = list(dict.fromkeys(notification_ids))
    now = timezone.now()
    claim = _Claim(until=now + CLAIM_LEASE)
    outcomes = claim.take(ids, now=now)
    if not claim.ids:
        return outcomes
    notifications = list(
        Notification.objects.filter(pk__in=claim.ids).select_related("recipient").order_by("pk")
    )
    verified = _verified_addresses([notification.recipient for notification in notifications])
    skipped = [n.pk for n in notifications if n.recipient_id not in verified]
    if skipped:
        Notification.objects.filter(pk__in=skipped).update(
            email_state=EmailState.SKIPPED, email_claimed_until=None
        )
        outcomes.update(dict.fromkeys(skipped, DeliveryOutcome.SKIPPED))
    sendable = [n for n in notifications if n.recipient_id in verified]
    failures_in_a_row = 0
    last_error: Exception | None = None
    mail = None
    marks = _SentMarks()
    try:
        for position, notification in enumerate(sendable):
            if failures_in_a_row >= GIVE_UP_AFTER_FAILURES:
                # The mail server is down: leave the rest of the batch to its backoff
                # instead of waiting for one timeout after another.
                for rest in sendable[position:]:
                    outcomes[rest.pk] = _record_failure(rest, last_error)
                break
            if not claim.still_mine(notification.pk, lambda p=position: sendable[p:]):
                outcomes[notification.pk] = DeliveryOutcome.BUSY
                continue
            try:
                if mail is None:
                    mail = get_connection()
                    mail.open()
                message = build_email(notification)
                message.connection = mail
                message.send()
            except Exception as error:  # SMTP refusals, timeouts, a mail server that is down
                logger.warning("E-mail for notification %s failed: %r", notification.pk, error)
                last_error = error
                failures_in_a_row += 1
                outcomes[notification.pk] = _record_failure(notification, error)
                mail = _close_quietly(mail)
                continue
            failures_in_a_row = 0
            marks.sent(notification.pk)
            outcomes[notification.pk] = DeliveryOutcome.SENT
    finally:
        _close_quietly(mail)
        marks.close()
    return outcomes


class _SentMarks:
    """Marks notifications sent, a few at a time, soon after the server took them.

    The marks are written together, every ``MARK_BATCH`` messages or after
    ``MARK_SECONDS``, whichever comes first, and at the end of the batch, in one
    round trip (``executemany``, pipelined on PostgreSQL): one statement's wait per
    message was most of the worker's time. The price is a wider window for the one
    duplicate at-least-once allows: a worker killed before a flush leaves up to
    ``MARK_BATCH`` sent notifications claimed, and they are sent again, with the
    same ``Message-ID``, once the claim expires. Each keeps its own send time.

    On PostgreSQL these commits don't wait for the disk either (``synchronous_commit``
    off, for this connection and only while the batch is sent): a database crash
    in the next fraction of a second may forget a mark, with the same outcome.
    """

    def __init__(self):
        table = connection.ops.quote_name(Notification._meta.db_table)
        self.sql = (
            f"UPDATE {table} SET email_state = %s, emailed_at = %s, email_claimed_until = NULL, "  # noqa: S608 (the table name is ours)
            "email_next_attempt_at = NULL, email_last_error = '' WHERE id = %s"
        )
        self.cursor = connection.cursor()
        self.asynchronous = connection.vendor == "postgresql" and not connection.in_atomic_block
        if self.asynchronous:
            self.cursor.execute("SET synchronous_commit TO OFF")
        self.waiting: list[list] = []
        self.since = 0.0

    def sent(self, pk: int) -> None:
        if not self.waiting:
            self.since = time.monotonic()
        self.waiting.append([EmailState.SENT.value, timezone.now(), pk])
        if len(self.waiting) >= MARK_BATCH or time.monotonic() - self.since >= MARK_SECONDS:
            self.flush()

    def flush(self) -> None:
        if self.waiting:
            rows, self.waiting = self.waiting, []
            self.cursor.executemany(self.sql, rows)

    def close(self) -> None:
        try:
            self.flush()
        finally:
            try:
                if self.asynchronous:
                    self.cursor.execute("RESET synchronous_commit")
            finally:
                self.cursor.close()


class _Claim:
    """The notifications one delivery holds until ``until``, renewed while it sends."""

    def __init__(self, *, until: datetime):
        self.until = until
        self.ids: list[int] = []

    def take(self, ids: list[int], *, now: datetime) -> dict[int, DeliveryOutcome]:
        """Claim what is free among ``ids``; the outcome of those it could not claim.

        The rows are locked by primary key (a row another worker is claiming at
        this instant is skipped, not waited for), checked, and updated by primary
        key: no statement filters on the e-mail state, so none can wander into the
        partial index of pending notifications when its statistics are stale.
        """
        outcomes: dict[int, DeliveryOutcome] = {}
        free = []
        with transaction.atomic():
            rows = (
                Notification.objects.select_for_update(skip_locked=True)
                .filter(pk__in=ids)
                .order_by()
                .values_list("pk", "email_state", "email_claimed_until")
            )
            found = set()
            for pk, state, claimed_until in rows:
                found.add(pk)
                if state != EmailState.PENDING:
                    outcomes[pk] = DeliveryOutcome.ALREADY_DONE
                elif claimed_until is not None and claimed_until > now:
                    outcomes[pk] = DeliveryOutcome.BUSY
                else:
                    free.append(pk)
            missing = [pk for pk in ids if pk not in found]
            if missing:
                # Locked by a worker claiming them right now, or deleted.
                locked = set(
                    Notification.objects.filter(pk__in=missing).values_list("pk", flat=True)
                )
                for pk in missing:
                    outcomes[pk] = (
                        DeliveryOutcome.BUSY if pk in locked else DeliveryOutcome.ALREADY_DONE
                    )
            if free:
                # The condition on the claim only matters without row locks (SQLite).
                Notification.objects.filter(pk__in=free).filter(
                    Q(email_claimed_until__isnull=True) | Q(email_claimed_until__lte=now)
                ).update(
                    email_claimed_until=self.until,
                    email_attempts=F("email_attempts") + 1,
                    email_last_attempt_at=now,
                )
                self.ids = list(
                    Notification.objects.filter(
                        pk__in=free, email_claimed_until=self.until
                    ).values_list("pk", flat=True)
                )
                for pk in set(free) - set(self.ids):
                    outcomes[pk] = DeliveryOutcome.BUSY
        return outcomes

    def still_mine(self, pk: int, unsent: Callable[[], list[Notification]]) -> bool:
        """Whether this delivery still holds ``pk``; renews the lease of the ``unsent``
        rows once half of it is gone, so a long batch never outlives its claim."""
        now = timezone.now()
        if now < self.until - CLAIM_LEASE / 2:
            return True
        unsent = [notification.pk for notification in unsent()]
        until = now + CLAIM_LEASE
        Notification.objects.filter(pk__in=unsent, email_claimed_until=self.until).update(
            email_claimed_until=until
        )
        self.until = until
        self.ids = list(
            Notification.objects.filter(pk__in=unsent, email_claimed_until=until).values_list(
                "pk", flat=True
            )
        )
        return pk in self.ids


def _record_failure(notification: Notification, error: BaseException) -> DeliveryOutcome:
    """Release a notification that could not be sent, to be tried again after its backoff."""
    delay = retry_delay(notification.email_attempts - 1)
    Notification.objects.filter(pk=notification.pk, email_state=EmailState.PENDING).update(
        email_claimed_until=None,
        email_next_attempt_at=timezone.now() + timedelta(seconds=delay),
        email_last_error=repr(error)[:2000],
    )
    return DeliveryOutcome.FAILED


def _close_quietly(mail) -> None:
    if mail is not None:
        try:
            mail.close()
        except Exception:  # a connection that broke while sending
            logger.debug("Closing the mail connection failed", exc_info=True)
    return None


def _verified_addresses(users) -> set[int]:
    """The ids of the members (among ``users``) who may receive e-mail: active, with a
    verified address that is their current one. One query for the whole batch."""
    candidates = {user.pk: user.email.lower() for user in users if user.is_active and user.email}
    if not candidates:
        return set()
    verified = EmailAddress.objects.filter(user_id__in=list(candidates), verified=True).values_list(
        "user_id", "email"
    )
    return {user_id for user_id, email in verified if candidates.get(user_id) == email.lower()}


def build_email(notification: Notification) -> EmailMultiAlternatives:
    """The e-mail for a notification, in its recipient's language (see ``emails``)."""
    return notification_email(
        notification,
        headers={
            # The same id for every attempt: mail systems drop a duplicate.
            "Message-ID": f"<notification-{notification.pk}@{_site_domain()}>",
            "Auto-Submitted": "auto-generated",
        },
    )


def _site_domain() -> str:
    return settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0]


# --- Queuing again ----------------------------------------------------------------------


def notifications_requeue_undelivered(*, now: datetime | None = None, limit: int = 100_000) -> int:
    """Queue again what is still undelivered: the broker was down at commit, a worker
    was killed mid-send, or the retries of a failing address ran out.

    Reads the outbox oldest first, a page at a time along the index of pending
    notifications, and stops after ``limit`` or when the broker is unreachable.
    """
    now = now or timezone.now()
    due = (
        Notification.objects.filter(
            email_state=EmailState.PENDING, created_at__lte=now - SWEEP_GRACE
        )
        .filter(Q(email_claimed_until__isnull=True) | Q(email_claimed_until__lte=now))
        .filter(Q(email_next_attempt_at__isnull=True) | Q(email_next_attempt_at__lte=now))
        .order_by("created_at", "pk")
    )
    queued = 0
    after = None
    while queued < limit:
        page = due
        if after is not None:
            page = page.filter(Q(created_at__gt=after[0]) | Q(created_at=after[0], pk__gt=after[1]))
        rows = list(page.values_list("created_at", "pk")[: min(SWEEP_PAGE_SIZE, limit - queued)])
        if not rows:
            break
        if not enqueue_delivery([pk for _created, pk in rows]):
            break
        queued += len(rows)
        after = rows[-1]
    return queued


def notifications_requeue(*, ids: Iterable[int]) -> int:
    """Queue chosen pending notifications now, ignoring their backoff (admin action)."""
    ids = list(
        Notification.objects.filter(pk__in=list(ids), email_state=EmailState.PENDING).values_list(
            "pk", flat=True
        )
    )
    Notification.objects.filter(pk__in=ids).update(email_next_attempt_at=None)
    if ids:
        deliver_after_commit(ids)
    return len(ids)
