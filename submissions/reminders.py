"""The submissions' reminders: campaign ends, and submissions waiting for review.

**Campaign end.** 7 days before a published campaign's last day (local dates),
its followers and the members whose submissions wait for their changes hear
that it ends soon. The reminder is due from that day to the last day, so a
missed daily run is caught up by the next one; each member gets it once per
campaign and closing date (a campaign given a later end is a new occasion).
A member who is both gets the text about their submissions.
"""

import heapq
from collections import defaultdict
from collections.abc import Iterator
from datetime import date, datetime
from itertools import groupby

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_noop

from community_portal.core.formatting import date_param
from community_portal.core.translated import translation_fields
from community_portal.notifications.reminders import Report, moment, send_reminders
from community_portal.notifications.review_digest import ReviewItem
from community_portal.notifications.services import BULK_BATCH_SIZE, PlannedNotification
from submissions.enums import SubmissionState
from submissions.models import Campaign, CampaignSubscription, Submission

CAMPAIGN_END_DAYS = 7

FOLLOWER_SUBJECT = gettext_noop("%(campaign)s ends on %(date)s")
FOLLOWER_BODY = gettext_noop(
    "You asked to be reminded: %(campaign)s accepts submissions until the end of %(date)s."
)
AUTHOR_SUBJECT = gettext_noop("%(campaign)s ends on %(date)s: your changes are awaited")
AUTHOR_BODY = gettext_noop(
    "A reviewer asked for changes to your submissions to %(campaign)s:\n%(submissions)s\n\n"
    "Edit them and send them back for review before the end of %(date)s."
)
SUBMISSION_KIND = gettext_noop("submission to a campaign")


def remind_campaign_ends(
    *, now: datetime | None = None, dry_run: bool = False, report: Report | None = None
) -> int:
    """Tell followers and authors awaited for changes that a campaign ends within 7 days."""
    return send_reminders(_campaign_end_plan(now), dry_run=dry_run, report=report)


def _campaign_end_plan(now: datetime | None) -> Iterator[PlannedNotification]:
    now, today = moment(now)
    campaigns = Campaign.objects.filter(
        is_published=True, opens_on__lte=today, closes_on__gte=today
    ).only("id", "slug", "title", "closes_on")
    campaigns = {
        campaign.pk: campaign
        for campaign in campaigns
        if (campaign.closes_on - today).days <= CAMPAIGN_END_DAYS
    }
    awaited = defaultdict(list)  # (campaign id, member id) -> titles
    for campaign_id, member_id, title in (
        Submission.objects.filter(
            campaign__in=list(campaigns),
            state=SubmissionState.CHANGES_REQUESTED,
            author__is_active=True,
        )
        .order_by("campaign_id", "author_id", "submitted_at", "id")
        .values_list("campaign_id", "author_id", "title")
    ):
        awaited[campaign_id, member_id].append(title)
    # The followers, read a batch at a time, and the authors awaited (a few), merged
    # in (campaign, member) order: a member who is both is one occasion.
    followers = (
        CampaignSubscription.objects.filter(campaign__in=list(campaigns), member__is_active=True)
        .order_by("campaign_id", "member_id")
        .values_list("campaign_id", "member_id")
        .iterator(chunk_size=BULK_BATCH_SIZE)
    )
    occasions = (pair for pair, _same in groupby(heapq.merge(followers, sorted(awaited))))
    # What every follower of a campaign is told is the same: worked out once.
    follower_texts = {
        campaign.pk: (
            {"campaign": campaign.title, "date": date_param(campaign.closes_on)},
            campaign.get_absolute_url(),
        )
        for campaign in campaigns.values()
    }
    changes_requested_url = _changes_requested_url()
    for campaign_id, member_id in occasions:
        campaign = campaigns[campaign_id]
        params, url = follower_texts[campaign_id]
        titles = awaited.get((campaign_id, member_id))
        if titles:
            subject, body, url = AUTHOR_SUBJECT, AUTHOR_BODY, changes_requested_url
            params = {
                **params,
                "submissions": "\n".join(f"- {title}" for title in titles),
            }
        else:
            subject, body = FOLLOWER_SUBJECT, FOLLOWER_BODY
        yield PlannedNotification(
            recipient_id=member_id,
            subject=subject,
            body=body,
            params=params,
            url=url,
            key=(
                f"submissions.campaign_end:{campaign_id}:"
                f"{campaign.closes_on.isoformat()}:{member_id}"
            ),
        )


def _changes_requested_url() -> str:
    return (
        f"{reverse('submissions:mine')}?{urlencode({'state': SubmissionState.CHANGES_REQUESTED})}"
    )


def overdue_submissions(*, waiting_since_before: datetime, today: date) -> list[ReviewItem]:
    """Submissions waiting for review since (their last sending) before the moment given."""
    submissions = (
        Submission.objects.filter(
            state=SubmissionState.SUBMITTED, submitted_at__lt=waiting_since_before
        )
        .select_related("campaign")
        .only(
            "id",
            "author",
            "title",
            "submitted_at",
            "campaign",
            "campaign__title",
            *translation_fields("campaign__title"),
        )
    )
    return [
        ReviewItem(
            kind=SUBMISSION_KIND,
            title=f"{submission.title} ({submission.campaign.title})",
            waiting_since=submission.submitted_at,
            url=reverse("admin:submissions_submission_change", args=[submission.pk]),
            involved=frozenset({submission.author_id}),
        )
        for submission in submissions
    ]
