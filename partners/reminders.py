"""The partner program's reminder: a yearly evaluation due before the term ends.

From ``EVALUATION_NOTICE_DAYS`` days before an active partner's term ends (and
after, while it is still undecided), every reviewer who may decide it is
reminded to record the evaluation, once per term: the occasion key holds the
partnership, the end of the term and the reviewer, so a missed run is caught
up by the next one, two runs remind nobody twice, and a renewed term is a new
occasion. Once the term's evaluation is recorded, nobody is reminded of it.
"""

from datetime import date, datetime, timedelta

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext_noop

from community_portal.core.formatting import date_param
from community_portal.core.messages import content
from community_portal.core.workflow import reviewers
from community_portal.notifications.reminders import Report, moment, send_reminders
from community_portal.notifications.review_digest import ReviewItem
from community_portal.notifications.services import PlannedNotification
from partners.enums import EVALUATION_NOTICE_DAYS, PartnershipState, Step
from partners.models import PartnerEvaluation, Partnership, PartnershipStep
from partners.services import involved_in

EVALUATION_SUBJECT = gettext_noop("Partner evaluation due: %(organization)s")
EVALUATION_BODY = gettext_noop(
    "The term of %(organization)s (%(level)s) ends on %(date)s. Record its yearly "
    "evaluation in the admin, then decide: renew, change the level or end."
)


APPLICATION_KIND = gettext_noop("partner application")


def remind_partner_evaluations(
    *, now: datetime | None = None, dry_run: bool = False, report: Report | None = None
) -> int:
    now, today = moment(now)
    evaluated = PartnerEvaluation.objects.filter(
        partnership=OuterRef("pk"), term_ends_on=OuterRef("term_ends_on")
    )
    due = list(
        Partnership.objects.filter(
            state=PartnershipState.ACTIVE,
            term_ends_on__lte=today + timedelta(days=EVALUATION_NOTICE_DAYS),
        )
        .exclude(Exists(evaluated))
        .select_related("level", "participation")
        .order_by("term_ends_on", "id")
    )
    if not due:
        return 0
    people = list(reviewers().only("id", "username", "display_name", "preferred_language"))
    planned = []
    for partnership in due:
        involved = set(involved_in(partnership))
        url = reverse("admin:partners_partnership_change", args=[partnership.pk])
        for reviewer in people:
            if reviewer.pk in involved:
                continue
            planned.append(
                PlannedNotification(
                    recipient_id=reviewer.pk,
                    subject=EVALUATION_SUBJECT,
                    body=EVALUATION_BODY,
                    params={
                        "organization": partnership.organization_name,
                        "level": content(partnership.level, "name"),
                        "date": date_param(partnership.term_ends_on),
                    },
                    url=url,
                    key=(
                        f"partners.evaluation:{partnership.pk}:"
                        f"{partnership.term_ends_on.isoformat()}:{reviewer.pk}"
                    ),
                )
            )
    return send_reminders(planned, dry_run=dry_run, report=report)


def overdue_partner_applications(
    *, waiting_since_before: datetime, today: date
) -> list[ReviewItem]:
    """Applications waiting for the qualification decision since before the deadline:
    applied (since the application) or in review (since the review started). An agreement
    in preparation waits for the partner's signature, not for a reviewer."""
    started = {
        row["partnership_id"]: row["created_at"]
        for row in PartnershipStep.objects.filter(
            step=Step.REVIEW_STARTED, partnership__state=PartnershipState.IN_REVIEW
        ).values("partnership_id", "created_at")
    }
    waiting = Partnership.objects.filter(
        state__in=(PartnershipState.SUBMITTED, PartnershipState.IN_REVIEW),
        created_at__lt=waiting_since_before,
    ).select_related("level", "participation")
    items = []
    for partnership in waiting:
        since = started.get(partnership.pk, partnership.created_at)
        if since >= waiting_since_before:
            continue
        involved = involved_in(partnership)
        items.append(
            ReviewItem(
                kind=APPLICATION_KIND,
                title=f"{partnership.organization_name} → {partnership.level.name}",
                waiting_since=since,
                url=reverse("admin:partners_partnership_change", args=[partnership.pk]),
                involved=frozenset(involved),
            )
        )
    return items
