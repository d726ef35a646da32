"""The members' daily digest: what is not urgent, in one e-mail a day.

A member who takes the daily digest has their non-urgent notifications stored
``held`` (see ``preferences``): in the inbox at once, not e-mailed. Once a day the
digest gathers each member's held notifications, oldest first, into one
notification (e-mail only: the items are in the inbox already) and marks them
``digested``, in one transaction. Its key, ``notifications.daily_digest:<date>:<member
id>``, makes it once per member and local day: a second run the same day sends
nothing and leaves what arrived since for the next day's digest.
"""

from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext_noop

from community_portal.notifications.enums import EmailState
from community_portal.notifications.messages import message_lines
from community_portal.notifications.models import Notification
from community_portal.notifications.reminders import Report, moment
from community_portal.notifications.services import (
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
    """Send each member with held notifications their digest of the day."""
    now, today = moment(now)
    held: dict[int, list[Notification]] = {}
    rows = (
        Notification.objects.filter(email_state=EmailState.HELD, created_at__lte=now)
        .only("pk", "recipient_id", "subject", "params", "url")
        .order_by("recipient_id", "created_at", "pk")
    )
    for notification in rows:
        held.setdefault(notification.recipient_id, []).append(notification)
    if not held:
        return 0
    planned = [
        PlannedNotification(
            recipient_id=member_id,
            subject=SUBJECT,
            body=BODY,
            params=_digest_params(items),
            url=reverse("notifications:inbox"),
            key=f"notifications.daily_digest:{today.isoformat()}:{member_id}",
        )
        for member_id, items in held.items()
    ]
    if dry_run:
        created = notifications_unsent(planned)
    else:
        with transaction.atomic():
            created = notify_each(planned)
            # Only the members whose digest went out today: the others' held
            # notifications wait for tomorrow's.
            included = [
                notification.pk
                for item in created
                for notification in held[item.recipient_id][:DIGEST_MAX_ITEMS]
            ]
            Notification.objects.filter(pk__in=included, email_state=EmailState.HELD).update(
                email_state=EmailState.DIGESTED
            )
    if report is not None and created:
        report(created)
    return len(created)


def _digest_params(items: list[Notification]) -> dict:
    lines = [
        (
            LINE,
            {
                "subject": message_lines([(item.subject, item.params)]),
                "link": _absolute(item.url or reverse("notifications:inbox")),
            },
        )
        for item in items[:DIGEST_MAX_ITEMS]
    ]
    return {
        "count": len(items[:DIGEST_MAX_ITEMS]),
        "items": message_lines(lines),
        "settings_link": _absolute(reverse("notifications:preferences")),
    }


def _absolute(url: str) -> str:
    if url.startswith(("http://", "https://")):
        return url
    return f"{settings.SITE_URL}{url}"
