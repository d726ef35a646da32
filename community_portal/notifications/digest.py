"""The members' daily digest: what is not urgent, in one e-mail a day.

A member who takes the daily digest has their non-urgent notifications stored
``held`` (see ``preferences``): in the inbox at once, not e-mailed. Once a day the
digest gathers each member's held notifications, oldest first, into one
notification (e-mail only: the items are in the inbox already) and marks them
``digested``, in one transaction. Its key, ``notifications.daily_digest:<date>:<member
id>``, makes it once per member and local day: a second run the same day sends
nothing and leaves what arrived since for the next day's digest.
"""

from collections.abc import Iterator
from datetime import datetime
from itertools import groupby, islice
from operator import itemgetter

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_noop

from community_portal.db.arrays import any_of, uses_arrays
from community_portal.notifications.enums import EmailState
from community_portal.notifications.messages import message_lines
from community_portal.notifications.models import Notification
from community_portal.notifications.reminders import Report, batches, moment, storing
from community_portal.notifications.services import (
    BULK_BATCH_SIZE,
    PlannedNotification,
    notifications_unsent,
    notify_each,
)

SUBJECT = gettext_noop("Your daily digest: %(count)s notifications")
BODY = gettext_noop(
    "What happened since your last digest:\n\n%(items)s\n\nChoose what reaches you, "
    "and how, in your notification settings: %(settings_link)s"
)
LINE = gettext_noop("- %(subject)s\n  %(link)s")  # kinds.DAILY_DIGEST_LINE
# A digest lists this many notifications at most; the rest are in the inbox.
DIGEST_MAX_ITEMS = 100


def send_daily_digests(
    *, now: datetime | None = None, dry_run: bool = False, report: Report | None = None
) -> int:
    """Send each member with held notifications their digest of the day.

    The held notifications are read in members' order, a chunk at a time, and the
    digests stored ``PLAN_BATCH_SIZE`` at a time, each batch with the marks of what
    its digests list: memory holds one batch, however many members take the digest.
    """
    now, today = moment(now)
    held = (
        Notification.objects.filter(email_state=EmailState.HELD, created_at__lte=now)
        .order_by("recipient_id", "created_at", "pk")
        .values_list("recipient_id", "pk", "subject", "params", "url")
        .iterator(chunk_size=BULK_BATCH_SIZE)
    )
    count = 0
    with storing(dry_run=dry_run):
        for batch in batches(_digests(held, today)):
            planned = [digest for digest, _listed in batch]
            if dry_run:
                created = notifications_unsent(planned)
            else:
                created = notify_each(planned)
                # Only the members whose digest went out today: the others' held
                # notifications wait for tomorrow's.
                sent_to = {item.recipient_id for item in created}
                _mark_digested(
                    [pk for digest, ids in batch if digest.recipient_id in sent_to for pk in ids]
                )
            count += len(created)
            if report is not None and created:
                report(created)
    return count


def _digests(held, today) -> Iterator[tuple[PlannedNotification, list[int]]]:
    """Each member's digest, with the ids of the held notifications it lists."""
    # The same for every digest: worked out once, not per member.
    inbox = reverse("notifications:inbox")
    links = {
        "inbox": _absolute(inbox),
        "settings": _absolute(reverse("notifications:preferences")),
    }
    for member_id, rows in groupby(held, key=itemgetter(0)):
        items = list(islice(rows, DIGEST_MAX_ITEMS))
        # The rest of the member's rows are skipped by groupby: they are in the inbox.
        digest = PlannedNotification(
            recipient_id=member_id,
            subject=SUBJECT,
            body=BODY,
            params=_digest_params(items, links),
            url=inbox,
            key=f"notifications.daily_digest:{today.isoformat()}:{member_id}",
        )
        yield digest, [pk for _member_id, pk, *_rest in items]


def _mark_digested(ids: list[int]) -> None:
    if not ids:
        return
    digested = Notification.objects.filter(email_state=EmailState.HELD)
    if uses_arrays(digested.db):
        digested.filter(pk__in=any_of(ids)).update(email_state=EmailState.DIGESTED)
        return
    for start in range(0, len(ids), BULK_BATCH_SIZE):
        digested.filter(pk__in=ids[start : start + BULK_BATCH_SIZE]).update(
            email_state=EmailState.DIGESTED
        )


def _digest_params(items: list[tuple], links: dict[str, str]) -> dict:
    """``items``: (recipient id, id, subject, params, url) of the listed notifications;
    ``links``: the inbox's and the settings' absolute addresses."""
    lines = [
        (
            LINE,
            {
                "subject": message_lines([(subject, params)]),
                "link": _absolute(url) if url else links["inbox"],
            },
        )
        for _member_id, _pk, subject, params, url in items
    ]
    return {
        "count": len(items),
        "items": message_lines(lines),
        "settings_link": links["settings"],
    }


def _absolute(url: str) -> str:
    if url.startswith(("http://", "https://")):
        return url
    return f"{settings.SITE_URL}{url}"
