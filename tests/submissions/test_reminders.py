"""Campaign ends: followers and authors awaited for changes hear 7 days before the last day."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.formats import date_format

from community_portal.core.formatting import date_param
from community_portal.notifications.models import Notification
from submissions import services, tasks
from submissions.enums import SubmissionState
from submissions.models import CampaignSubscription
from submissions.reminders import overdue_submissions, remind_campaign_ends
from tests.factories.members import MemberFactory
from tests.factories.submissions import CampaignFactory, SubmissionFactory
from tests.reminders import TODAY, at, keys, run_at, run_task_at

pytestmark = pytest.mark.django_db

CLOSES = TODAY + timedelta(days=20)


@pytest.fixture
def campaign(db):
    return CampaignFactory(opens_on=TODAY - timedelta(days=30), closes_on=CLOSES)


@pytest.fixture
def follower(campaign):
    member = MemberFactory()
    CampaignSubscription.objects.create(campaign=campaign, member=member)
    return member


def days_before(days: int):
    return at(CLOSES - timedelta(days=days))


def awaited(campaign, title="Tuning story", **kwargs):
    """A submission whose author is asked for changes."""
    return SubmissionFactory(
        campaign=campaign, title=title, state=SubmissionState.CHANGES_REQUESTED, **kwargs
    )


@pytest.mark.parametrize(
    ("days", "reminded"),
    [
        (8, False),  # a day early
        (7, True),  # on the day
        (6, True),  # a day late: a missed run catches up
        (0, True),  # the last day
        (-1, False),  # ended
    ],
)
def test_campaign_end_window(
    campaign, follower, django_capture_on_commit_callbacks, days, reminded
):
    run_at(days_before(days), remind_campaign_ends, django_capture_on_commit_callbacks)

    expected = [f"submissions.campaign_end:{campaign.pk}:{CLOSES.isoformat()}:{follower.pk}"]
    assert keys("submissions.campaign_end:") == (expected if reminded else [])


def test_campaign_end_reminder_is_sent_once(
    campaign, follower, django_capture_on_commit_callbacks, mailoutbox
):
    for days in (7, 7, 6, 0):
        run_at(days_before(days), remind_campaign_ends, django_capture_on_commit_callbacks)

    assert len(mailoutbox) == 1


def test_followers_hear_when_the_campaign_ends(
    campaign, follower, django_capture_on_commit_callbacks, mailoutbox
):
    run_at(days_before(7), remind_campaign_ends, django_capture_on_commit_callbacks)

    (message,) = mailoutbox
    assert (
        message.subject == f"[Open Source Community] {campaign.title} ends on {date_format(CLOSES)}"
    )
    assert "You asked to be reminded" in message.body
    assert campaign.get_absolute_url() in message.body


def test_authors_awaited_for_changes_hear_which_submissions(
    campaign, django_capture_on_commit_callbacks, mailoutbox
):
    author = MemberFactory()
    awaited(campaign, title="Backup story", author=author)
    awaited(campaign, title="Upgrade story", author=author)
    SubmissionFactory(campaign=campaign, author=author, title="Waiting story")
    CampaignSubscription.objects.create(campaign=campaign, member=author)

    run_at(days_before(7), remind_campaign_ends, django_capture_on_commit_callbacks)

    (message,) = mailoutbox
    assert message.subject.endswith("your changes are awaited")
    assert "- Backup story\n- Upgrade story\n" in message.body
    assert "Waiting story" not in message.body
    assert "/campaigns/mine/?state=changes_requested" in message.body


def test_only_followers_and_authors_awaited_are_reminded(
    campaign, follower, django_capture_on_commit_callbacks
):
    author = awaited(campaign).author
    SubmissionFactory(campaign=campaign)  # waiting for review: nothing to do for its author
    SubmissionFactory(campaign=campaign, selected=True)
    awaited(campaign, author=MemberFactory(is_active=False))
    other = CampaignFactory(opens_on=TODAY, closes_on=CLOSES + timedelta(days=1))
    CampaignSubscription.objects.create(campaign=other, member=MemberFactory())

    reminded = run_at(days_before(7), remind_campaign_ends, django_capture_on_commit_callbacks)

    assert sorted(item.recipient_id for item in reminded) == sorted([follower.pk, author.pk])


@pytest.mark.parametrize(
    "change", [{"is_published": False}, {"opens_on": CLOSES - timedelta(days=3)}]
)
def test_campaign_not_open_sends_nothing(
    campaign, follower, django_capture_on_commit_callbacks, change
):
    for field, value in change.items():
        setattr(campaign, field, value)
    campaign.save()

    assert run_at(days_before(7), remind_campaign_ends, django_capture_on_commit_callbacks) == []


def test_a_later_end_is_a_new_occasion(campaign, follower, django_capture_on_commit_callbacks):
    run_at(days_before(7), remind_campaign_ends, django_capture_on_commit_callbacks)
    campaign.closes_on = CLOSES + timedelta(days=14)
    campaign.save()

    reminded = run_at(
        at(CLOSES + timedelta(days=7)), remind_campaign_ends, django_capture_on_commit_callbacks
    )

    assert [item.params["date"] for item in reminded] == [date_param(campaign.closes_on)]


def test_reminder_is_written_in_the_members_language(
    campaign, django_capture_on_commit_callbacks, mailoutbox
):
    member = MemberFactory(preferred_language="zh-hans")
    CampaignSubscription.objects.create(campaign=campaign, member=member)

    run_at(days_before(7), remind_campaign_ends, django_capture_on_commit_callbacks)

    assert mailoutbox[0].subject.endswith(
        f"{campaign.title} 将于 {CLOSES.year}年{CLOSES.month}月{CLOSES.day}日 结束"
    )


def test_task_run_twice_reminds_once(
    campaign, follower, django_capture_on_commit_callbacks, mailoutbox
):
    for _ in range(2):
        run_task_at(days_before(7), tasks.remind_campaign_ends, django_capture_on_commit_callbacks)

    assert Notification.objects.filter(recipient=follower).count() == 1
    assert len(mailoutbox) == 1


def test_overdue_submissions_are_those_waiting_for_review(campaign):
    old = SubmissionFactory(campaign=campaign, submitted_at=timezone.now() - timedelta(days=20))
    awaited(campaign, submitted_at=timezone.now() - timedelta(days=20))
    SubmissionFactory(campaign=campaign)

    (item,) = overdue_submissions(
        waiting_since_before=timezone.now() - timedelta(days=10), today=timezone.localdate()
    )

    assert item.involved == {old.author_id}
    assert item.url == f"/admin/submissions/submission/{old.pk}/change/"


def test_unfollowing_stops_the_reminder(campaign, follower, django_capture_on_commit_callbacks):
    services.campaign_unsubscribe(campaign=campaign, member=follower)

    assert run_at(days_before(7), remind_campaign_ends, django_capture_on_commit_callbacks) == []
