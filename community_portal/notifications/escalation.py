"""Escalation: a review waiting twice its deadline (14 working days) goes to the maintainers.

The review digest lists what waits longer than 7 working days; what still waits
after 14 is escalated: each maintainer (a reviewer: the portal's maintainers
are its reviewers) hears of each such item once, keyed
``reviews.escalated:<item>:<waiting since>:<maintainer id>`` (a request sent
again waits from a new moment, a new occasion). The items come from the same
review queues as the digest. In the admin, each reviewed model's list shows an
"escalated" column and filter (``community_portal.notifications.admin``), from
the model's :class:`Escalation` description.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_noop

from community_portal.core.formatting import date_param
from community_portal.core.workdays import subtract_working_days
from community_portal.notifications.messages import translatable
from community_portal.notifications.reminders import (
    Report,
    moment,
    send_reminders,
)
from community_portal.notifications.review_digest import REVIEW_WORKING_DAYS, review_queues
from community_portal.notifications.services import PlannedNotification

# Twice the review deadline.
ESCALATION_WORKING_DAYS = 2 * REVIEW_WORKING_DAYS

SUBJECT = gettext_noop("Escalated: %(kind)s waiting %(days)s working days: %(title)s")
BODY = gettext_noop(
    "Waiting for a reviewer since %(date)s, twice the review deadline: %(kind)s "
    "“%(title)s”. Please decide it or ask a reviewer to.\n\n%(link)s"
)


def escalated_since(today: date) -> datetime:
    """What started waiting before this moment is escalated on ``today`` (as
    ``review_digest.overdue_since``, with 14 working days)."""
    last_day = subtract_working_days(today - timedelta(days=1), ESCALATION_WORKING_DAYS)
    return timezone.make_aware(datetime.combine(last_day + timedelta(days=1), time.min))


@dataclass(frozen=True)
class Escalation:
    """How a reviewed model says an item waits: its waiting states, and since when."""

    waiting_states: tuple[str, ...]
    waiting_since_field: str

    def condition(self, today: date) -> Q:
        return Q(state__in=self.waiting_states) & Q(
            **{f"{self.waiting_since_field}__lt": escalated_since(today)}
        )

    def is_escalated(self, row, before: datetime) -> bool:
        since = getattr(row, self.waiting_since_field)
        return row.state in self.waiting_states and since is not None and since < before


def escalated_review_items(*, today: date):
    before = escalated_since(today)
    items = [
        item
        for collect in review_queues().values()
        for item in collect(waiting_since_before=before, today=today)
    ]
    return sorted(items, key=lambda item: (item.waiting_since, item.kind, item.title))


def escalate_stalled_reviews(
    *, now: datetime | None = None, dry_run: bool = False, report: Report | None = None
) -> int:
    """Tell every maintainer, once per item and occasion, of reviews waiting 14 working days."""
    now, today = moment(now)
    items = escalated_review_items(today=today)
    if not items:
        return 0
    maintainer_ids = list(
        get_user_model().objects.reviewers().order_by("pk").values_list("pk", flat=True)
    )
    planned = [
        PlannedNotification(
            recipient_id=maintainer_id,
            subject=SUBJECT,
            body=BODY,
            params={
                "kind": translatable(item.kind),
                "title": item.title,
                "days": ESCALATION_WORKING_DAYS,
                "date": date_param(timezone.localdate(item.waiting_since)),
                "link": f"{settings.SITE_URL}{item.url}",
            },
            url=item.url,
            key=(
                f"reviews.escalated:{item.url}:{int(item.waiting_since.timestamp())}:"
                f"{maintainer_id}"
            ),
        )
        for item in items
        for maintainer_id in maintainer_ids
        if maintainer_id not in item.involved
    ]
    return send_reminders(planned, dry_run=dry_run, report=report)
