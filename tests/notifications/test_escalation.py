"""Escalation: a review waiting twice its deadline (14 working days) goes to the maintainers,
is flagged in the admin list, and the person waiting sees how long such requests take."""

from datetime import date, timedelta

import pytest
from django.core.cache import cache

from community_portal.core.review_times import typical_decision_days
from community_portal.notifications.escalation import escalate_stalled_reviews, escalated_since
from community_portal.notifications.models import Notification
from members.enums import TierRequestState
from members.models import TierRequest, TierRequestStep
from members.selectors.tiers import TIER_REQUEST_DECISIONS
from tests.factories.members import MemberFactory, ReviewerFactory, TierFactory
from tests.factories.submissions import SubmissionFactory
from tests.reminders import TODAY, at, keys, run_at

pytestmark = pytest.mark.django_db

# 2026-09-25 is a Friday; nothing in the test calendar.
FRIDAY = date(2026, 9, 25)


def tier_request(member=None, *, since, state=TierRequestState.PENDING, decided_at=None):
    return TierRequest.objects.create(
        member=member or MemberFactory(),
        to_tier=TierFactory(level="contributor"),
        evidence="PRs",
        created_at=since,
        state=state,
        decided_at=decided_at,
    )


@pytest.mark.parametrize(
    ("today", "escalated"),
    [
        (date(2026, 10, 15), False),  # the fourteenth working day after Friday: still in time
        (date(2026, 10, 16), True),  # the day after: twice the deadline has passed
    ],
)
def test_a_review_is_escalated_after_fourteen_working_days(today, escalated):
    assert (at(FRIDAY, 17) < escalated_since(today)) is escalated


def test_each_maintainer_hears_once_of_each_stalled_review(django_capture_on_commit_callbacks):
    first, second = ReviewerFactory(), ReviewerFactory()
    stalled = tier_request(since=at(TODAY - timedelta(days=30)))
    tier_request(since=at(TODAY - timedelta(days=14)))  # 10 working days: only the digest's
    SubmissionFactory(submitted_at=at(TODAY - timedelta(days=3)))

    sent = run_at(at(TODAY), escalate_stalled_reviews, django_capture_on_commit_callbacks)
    again = run_at(at(TODAY), escalate_stalled_reviews, django_capture_on_commit_callbacks)
    tomorrow = run_at(
        at(TODAY + timedelta(days=1)), escalate_stalled_reviews, django_capture_on_commit_callbacks
    )

    assert sorted(n.recipient_id for n in sent) == [first.pk, second.pk]
    assert again == [] and tomorrow == []
    assert len(keys("reviews.escalated:")) == 2
    notification = Notification.objects.get(recipient=first, key__startswith="reviews.escalated:")
    assert f"/admin/members/tierrequest/{stalled.pk}/change/" in notification.url
    assert "twice the review deadline" in notification.body_text


def test_a_maintainer_is_not_told_of_their_own_stalled_request(django_capture_on_commit_callbacks):
    maintainer, other = ReviewerFactory(), ReviewerFactory()
    tier_request(maintainer, since=at(TODAY - timedelta(days=30)))

    sent = run_at(at(TODAY), escalate_stalled_reviews, django_capture_on_commit_callbacks)

    assert [n.recipient_id for n in sent] == [other.pk]


def test_the_admin_list_flags_and_filters_escalated_reviews(reviewer_client, time_machine):
    time_machine.move_to(at(TODAY), tick=False)
    stalled = tier_request(MemberFactory(username="stalled"), since=at(TODAY - timedelta(days=30)))
    recent = tier_request(MemberFactory(username="recent"), since=at(TODAY - timedelta(days=2)))

    everything = reviewer_client.get("/admin/members/tierrequest/")
    escalated = reviewer_client.get("/admin/members/tierrequest/?escalated=yes")

    assert everything.status_code == 200
    assert "icon-yes.svg" in everything.content.decode()
    assert [r.pk for r in escalated.context["cl"].result_list] == [stalled.pk]
    assert recent.pk in [r.pk for r in everything.context["cl"].result_list]


@pytest.mark.parametrize(
    "url",
    [
        "/admin/programs/application/?escalated=yes",
        "/admin/submissions/submission/?escalated=yes",
        "/admin/stations/foundingrequest/?escalated=yes",
        "/admin/members/certificationapplication/?escalated=yes",
    ],
)
def test_every_reviewed_list_has_the_escalated_filter(reviewer_client, url):
    assert reviewer_client.get(url).status_code == 200


def decided(working_days: int, *, start=FRIDAY):
    """A tier request sent on ``start`` and decided ``working_days`` working days later
    (Monday to Friday, no holidays in the test calendar)."""
    day, left = start, working_days
    while left:
        day += timedelta(days=1)
        left -= day.weekday() < 5
    request = tier_request(since=at(start), state=TierRequestState.APPROVED, decided_at=at(day, 15))
    TierRequestStep.objects.create(
        request=request,
        from_state=TierRequestState.PENDING,
        to_state=TierRequestState.APPROVED,
        created_at=at(day, 15),
    )


def test_the_typical_wait_is_the_median_of_decided_requests():
    for days in (1, 2, 3, 9, 20):
        decided(days)

    assert typical_decision_days(TIER_REQUEST_DECISIONS, today=date(2026, 11, 2)) == 3


def test_no_typical_wait_with_fewer_than_five_decisions():
    for days in (1, 2, 3, 9):
        decided(days)

    assert typical_decision_days(TIER_REQUEST_DECISIONS, today=date(2026, 11, 2)) is None


def test_the_typical_wait_is_cached(django_assert_num_queries):
    for days in (1, 2, 3, 9, 20):
        decided(days)
    typical_decision_days(TIER_REQUEST_DECISIONS, today=date(2026, 11, 2))

    with django_assert_num_queries(0):
        assert typical_decision_days(TIER_REQUEST_DECISIONS, today=date(2026, 11, 2)) == 3


def test_the_member_sees_since_when_and_the_typical_wait(client, time_machine):
    time_machine.move_to(at(date(2026, 11, 2)), tick=False)
    for days in (4, 4, 5, 6, 6):
        decided(days)
    member = MemberFactory()
    tier_request(member, since=at(date(2026, 10, 27)))
    client.force_login(member)

    page = client.get("/members/me/tier/").content.decode()

    assert "most requests of this kind are decided within 5 working days" in page
    assert "Waiting since" in page


def test_the_sentence_about_the_typical_wait_is_hidden_without_enough_decisions(
    client, time_machine
):
    time_machine.move_to(at(date(2026, 11, 2)), tick=False)
    decided(4)
    member = MemberFactory()
    tier_request(member, since=at(date(2026, 10, 27)))
    client.force_login(member)

    page = client.get("/members/me/tier/").content.decode()

    assert "Waiting since" in page
    assert "most requests of this kind" not in page


def test_the_author_of_a_waiting_submission_sees_since_when(client):
    submission = SubmissionFactory(submitted_at=at(TODAY))
    client.force_login(submission.author)
    cache.clear()

    page = client.get(f"/campaigns/submissions/{submission.pk}/").content.decode()

    assert "Waiting since" in page
