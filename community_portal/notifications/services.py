"""Writing notifications and queuing their delivery.

``notify``, ``notify_many`` and ``notify_each`` store notifications inside the
caller's transaction and queue their delivery for after the commit: a rolled-back
change sends nothing, and a committed one is delivered even when the broker was
down at commit time (the sweep finds it). This module is the only place that hands
notifications to the task queue: the sweep and the admin's requeue in
``delivery`` go through ``enqueue_delivery`` and ``deliver_after_commit``.

Each notification is matched to its kind (``kinds``) and follows its recipient's
preferences (``preferences``), read in one query for all the recipients: a kind
switched off by e-mail is stored as not sent (``opted_out``), one switched off in
the inbox is stored hidden, and one the daily digest collects is ``held`` for it.
Only pending ones are queued.

Sending the e-mails (claims, the at-least-once guarantee) lives in ``delivery``.
"""

import logging
from array import array
from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial

from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from community_portal.notifications import preferences
from community_portal.notifications.enums import EmailState
from community_portal.notifications.kinds import kind_of
from community_portal.notifications.models import Notification
from community_portal.notifications.selectors import forget_unread_counts

logger = logging.getLogger(__name__)

# Notifications per delivery task: fewer, larger tasks after a big reminder.
DELIVERY_BATCH_SIZE = 500
# Rows per INSERT and keys per lookup in notify_many: a reminder to ten
# thousand members costs a handful of queries, not one per member.
BULK_BATCH_SIZE = 2000

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
    kind = kind_of(subject, body)
    kind_id = kind.id if kind is not None else ""
    delivery = preferences.deliveries([(recipient.pk, kind_id)]).get(
        (recipient.pk, kind_id), preferences.DEFAULT
    )
    notification = Notification(
        recipient=recipient,
        actor=actor,
        key=key,
        kind=kind_id,
        subject=subject,
        body=body,
        params=params or {},
        url=url,
        in_inbox=delivery.in_inbox,
        email_state=delivery.email_state,
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
    if notification.email_state == EmailState.PENDING:
        deliver_after_commit([notification.pk])
    return notification


@dataclass(frozen=True)
class PlannedNotification:
    """One notification to be stored: what ``notify`` takes, as a value.

    Reminders plan these (each recipient with its own parameters and occasion
    key), list them in a dry run, or store them with ``notify_each``. The
    recipient and the actor are member ids: a reminder to 100,000 members needs
    their ids only, not 100,000 member rows.
    """

    recipient_id: int
    subject: str
    body: str = ""
    params: dict = field(default_factory=dict)
    url: str = ""
    key: str | None = None
    actor_id: int | None = None


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
            recipient_id=recipient.pk,
            actor_id=actor.pk if actor is not None else None,
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
    if connection.vendor == "postgresql":
        planned = _first_of_each_key(notifications)
        ids, created_keys = _insert_returning(planned, now=timezone.now())
        deliver_after_commit(ids)
        created = [item for item in planned if item.key is None or item.key in created_keys]
        forget_unread_counts(item.recipient_id for item in created)
        return created
    planned = notifications_unsent(notifications)
    if not planned:
        return []
    now = timezone.now()
    rows = []
    for item, kind_id, delivery in _with_deliveries(planned):
        rows.append(
            Notification(
                recipient_id=item.recipient_id,
                actor_id=item.actor_id,
                key=item.key,
                kind=kind_id,
                subject=item.subject,
                body=item.body,
                params=item.params,
                url=item.url,
                created_at=now,
                in_inbox=delivery.in_inbox,
                email_state=delivery.email_state,
            )
        )
    keyless = [row for row in rows if row.key is None]
    ids = [
        row.pk
        for row in Notification.objects.bulk_create(keyless, batch_size=BULK_BATCH_SIZE)
        if row.email_state == EmailState.PENDING
    ]
    # Sorted by key, like the PostgreSQL path below. A row a concurrent writer
    # created first is skipped (ignore_conflicts); ours are the rows with our
    # creation time.
    keyed = sorted((row for row in rows if row.key is not None), key=lambda row: row.key)
    Notification.objects.bulk_create(keyed, batch_size=BULK_BATCH_SIZE, ignore_conflicts=True)
    created_keys = set()
    keys = [row.key for row in keyed]
    for start in range(0, len(keys), BULK_BATCH_SIZE):
        for pk, key, email_state in Notification.objects.filter(
            key__in=keys[start : start + BULK_BATCH_SIZE], created_at=now
        ).values_list("pk", "key", "email_state"):
            if email_state == EmailState.PENDING:
                ids.append(pk)
            created_keys.add(key)
    deliver_after_commit(ids)
    created = [item for item in planned if item.key is None or item.key in created_keys]
    forget_unread_counts(item.recipient_id for item in created)
    return created


def _with_deliveries(planned: list[PlannedNotification]):
    """Each planned notification with its kind and how its recipient receives it:
    one query for all of them (see ``preferences.deliveries``)."""
    kinds = []
    for item in planned:
        kind = kind_of(item.subject, item.body)
        kinds.append(kind.id if kind is not None else "")
    chosen = preferences.deliveries(
        (item.recipient_id, kind_id) for item, kind_id in zip(planned, kinds, strict=True)
    )
    return [
        (item, kind_id, chosen.get((item.recipient_id, kind_id), preferences.DEFAULT))
        for item, kind_id in zip(planned, kinds, strict=True)
    ]


def _first_of_each_key(notifications: Iterable[PlannedNotification]) -> list[PlannedNotification]:
    planned, seen = [], set()
    for item in notifications:
        if item.key is not None:
            if item.key in seen:
                continue
            seen.add(item.key)
        planned.append(item)
    return planned


def _insert_returning(
    planned: list[PlannedNotification], *, now: datetime
) -> tuple[list[int], set[str]]:
    """PostgreSQL: insert ``BULK_BATCH_SIZE`` rows a statement, sent as one JSON
    document, skipping taken keys (``ON CONFLICT DO NOTHING``; a null key never
    conflicts) and returning what was created: the ids to deliver and the keys.
    Sorted by key, so two concurrent writers take the unique index entries in the
    same order and one waits for the other instead of deadlocking."""
    table = connection.ops.quote_name(Notification._meta.db_table)
    sql = (
        f"INSERT INTO {table} (recipient_id, actor_id, key, kind, subject, body, params, url, "  # noqa: S608 (the table name is ours)
        "created_at, in_inbox, email_state, email_attempts, email_last_error) "
        "SELECT r, a, k, kd, s, b, p, u, %s, i, e, 0, '' FROM jsonb_to_recordset(%s::jsonb) "
        "AS t(r bigint, a bigint, k text, kd text, s text, b text, p jsonb, u text, "
        "i boolean, e text) "
        "ON CONFLICT (key) DO NOTHING RETURNING id, key, email_state"
    )
    rows = sorted(_with_deliveries(planned), key=lambda row: (row[0].key is None, row[0].key or ""))
    encode = DjangoJSONEncoder().encode
    ids, keys = [], set()

    def collect(cursor):
        with cursor:
            for pk, key, email_state in cursor.fetchall():
                if email_state == EmailState.PENDING:
                    ids.append(pk)
                if key is not None:
                    keys.add(key)

    connection.ensure_connection()
    # In psycopg's pipeline mode each batch is sent without waiting for the one
    # before, so the server inserts a batch while this process encodes the next
    # (100,000 rows: 2.7-3.3 s against 3.9-4.7 s one after the other). The batches
    # whose answer has come are read as the next is sent, which frees their
    # documents; the rest at the end.
    in_flight = deque()
    with connection.connection.pipeline():
        for start in range(0, len(rows), BULK_BATCH_SIZE):
            document = encode(
                [
                    {
                        "r": item.recipient_id,
                        "a": item.actor_id,
                        "k": item.key,
                        "kd": kind_id,
                        "s": item.subject,
                        "b": item.body,
                        "p": item.params,
                        "u": item.url,
                        "i": delivery.in_inbox,
                        "e": delivery.email_state,
                    }
                    for item, kind_id, delivery in rows[start : start + BULK_BATCH_SIZE]
                ]
            )
            cursor = connection.cursor()
            cursor.execute(sql, [now, document])
            in_flight.append(cursor)
            while in_flight and in_flight[0].pgresult is not None:
                collect(in_flight.popleft())
        while in_flight:
            collect(in_flight.popleft())
    return ids, keys


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


def deliver_after_commit(ids: Sequence[int]) -> None:
    if not ids:
        return
    # Held until the commit as 8 bytes an id: a reminder to 100,000 members waits
    # with 0.8 MB of them, not the 3.6 MB of a list of ints.
    transaction.on_commit(partial(enqueue_delivery, array("q", ids)), robust=True)


def enqueue_delivery(ids: Sequence[int]) -> bool:
    """Hand notifications to Celery; whether the broker took them all. A broker that
    is down loses nothing and holds up nobody: publishing gives up at once (see the
    ``CELERY_BROKER_*`` settings), the notifications stay pending and the periodic
    sweep queues them again."""
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
        return False
    return True


# --- Reading state changes --------------------------------------------------------------


def notification_mark_read(*, notification: Notification, user) -> Notification:
    if notification.recipient_id != user.pk:
        raise PermissionError("A member can only mark their own notifications.")
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notifications_mark_all_read(*, user) -> int:
    marked = (
        Notification.objects.for_recipient(user).in_inbox().unread().update(read_at=timezone.now())
    )
    forget_unread_counts([user.pk])
    return marked
