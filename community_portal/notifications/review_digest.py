"""The daily digest of reviews waiting longer than 7 working days, one per reviewer.

Each app that has something waiting for reviewers registers a *review queue*
in its ``AppConfig.ready()``: a function that returns, in a bounded number of
queries, the items of the app that have waited since before a given moment
(see :func:`register_review_queue`)::

    register_review_queue("programs.applications", overdue_applications)

The digest gathers every queue's overdue items and sends each reviewer one
notification listing them, oldest first, leaving out the items the reviewer
may not decide (their own application, one naming them...). It is sent once
per reviewer and local day: its key is ``reviews.digest:<date>:<reviewer id>``.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from community_portal.core.formatting import date_param
from community_portal.core.workdays import subtract_working_days
from community_portal.notifications.messages import message_lines, translatable
from community_portal.notifications.reminders import (
    Report,
    moment,
    send_reminders,
)
from community_portal.notifications.services import PlannedNotification

# "Reviews waiting longer than 7 working days" (PRODUCT.md).
REVIEW_WORKING_DAYS = 7
# A digest lists this many items at most; the rest are counted.
DIGEST_MAX_ITEMS = 50

SUBJECT = gettext_noop("Reviews waiting longer than %(days)s working days: %(count)s")
BODY = gettext_noop(
    "These have waited longer than %(days)s working days for a reviewer, the oldest "
    "first:\n\n%(items)s"
)
LINE = gettext_noop("- %(kind)s: %(title)s, waiting since %(date)s\n  %(link)s")
MORE = gettext_noop("…and %(count)s more in the admin.")


@dataclass(frozen=True)
class ReviewItem:
    """Something that waits for a reviewer's decision."""

    # What it is: an English message id marked with gettext_noop ("tier request").
    kind: str
    title: str
    waiting_since: datetime
    # Where a reviewer decides it (an admin page), relative to the site.
    url: str
    # Members who may not decide it (its applicant, named members...).
    involved: frozenset[int] = frozenset()


ReviewQueue = Callable[..., Iterable[ReviewItem]]
_queues: dict[str, ReviewQueue] = {}


def register_review_queue(name: str, collect: ReviewQueue) -> None:
    """Register ``collect(*, waiting_since_before: datetime, today: date) -> Iterable[ReviewItem]``.

    ``collect`` returns what is still waiting for a reviewer on the local date
    ``today`` and has waited since before ``waiting_since_before``.
    """
    _queues[name] = collect


def review_queues() -> dict[str, ReviewQueue]:
    return dict(sorted(_queues.items()))


def overdue_since(today: date) -> datetime:
    """What started waiting before this moment is overdue on ``today``.

    An item that started waiting on local day ``s`` is due within 7 working days,
    by ``add_working_days(s, 7)``, as volunteer-group answers are; it is overdue
    from the next day on, so on ``today`` when 7 working days lie after ``s`` up
    to yesterday.
    """
    last_overdue_day = subtract_working_days(today - timedelta(days=1), REVIEW_WORKING_DAYS)
    return timezone.make_aware(datetime.combine(last_overdue_day + timedelta(days=1), time.min))


def overdue_review_items(*, today: date) -> list[ReviewItem]:
    """Every queue's overdue items, the longest waiting first."""
    before = overdue_since(today)
    items = [
        item
        for collect in review_queues().values()
        for item in collect(waiting_since_before=before, today=today)
    ]
    return sorted(items, key=lambda item: (item.waiting_since, item.kind, item.title))


def remind_overdue_reviews(
    *, now: datetime | None = None, dry_run: bool = False, report: Report | None = None
) -> int:
    """Send each reviewer the day's digest of overdue reviews (none when nothing is overdue)."""
    now, today = moment(now)
    items = overdue_review_items(today=today)
    if not items:
        return 0
    reviewer_ids = get_user_model().objects.reviewers().order_by("pk").values_list("pk", flat=True)
    planned = []
    for reviewer_id in reviewer_ids:
        theirs = [item for item in items if reviewer_id not in item.involved]
        if theirs:
            planned.append(
                PlannedNotification(
                    recipient_id=reviewer_id,
                    subject=SUBJECT,
                    body=BODY,
                    params=_digest_params(theirs),
                    url="/admin/",
                    key=f"reviews.digest:{today.isoformat()}:{reviewer_id}",
                )
            )
    if dry_run:
        return send_reminders(planned, dry_run=True, report=report)
    from community_portal.chat.enums import MessageKind
    from community_portal.chat.services import chat_post

    with transaction.atomic():
        created = send_reminders(planned, dry_run=False, report=report)
        # The reviewers' channels get the whole list once a day.
        chat_post(
            kind=MessageKind.REVIEW_DIGEST,
            title=SUBJECT,
            body=BODY,
            params=_digest_params(items),
            url="/admin/",
            key=f"chat.reviews.digest:{today.isoformat()}",
        )
    return created


def _digest_params(items: list[ReviewItem]) -> dict:
    lines = [
        (
            LINE,
            {
                "kind": translatable(item.kind),
                "title": item.title,
                "date": date_param(timezone.localdate(item.waiting_since)),
                "link": f"{settings.SITE_URL}{item.url}",
            },
        )
        for item in items[:DIGEST_MAX_ITEMS]
    ]
    if len(items) > DIGEST_MAX_ITEMS:
        lines.append((MORE, {"count": len(items) - DIGEST_MAX_ITEMS}))
    return {"days": REVIEW_WORKING_DAYS, "count": len(items), "items": message_lines(lines)}
