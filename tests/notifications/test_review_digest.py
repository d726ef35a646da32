"""The daily digest of reviews waiting longer than 7 working days: one per reviewer."""

from datetime import date, timedelta

import pytest
from django.utils import translation
from django.utils.formats import date_format

from community_portal.core.models import CalendarDay, CalendarDayKind
from community_portal.notifications import tasks
from community_portal.notifications.models import Notification
from community_portal.notifications.review_digest import (
    DIGEST_MAX_ITEMS,
    overdue_since,
    remind_overdue_reviews,
)
from members.models import TierRequest
from tests.factories.members import (
    CertificateFactory,
    CertificationApplicationFactory,
    MemberFactory,
    ReviewerFactory,
    TierFactory,
)
from tests.factories.programs import ApplicationFactory
from tests.factories.stations import FoundingRequestFactory
from tests.factories.submissions import SubmissionFactory
from tests.reminders import TODAY, at, keys, run_at, run_task_at

pytestmark = pytest.mark.django_db

LONG_AGO = at(TODAY - timedelta(days=40))
# 2026-09-25 is a Friday: seven working days later is Tuesday 2026-10-06.
FRIDAY = date(2026, 9, 25)


def digest(reviewer) -> Notification | None:
    return Notification.objects.filter(
        recipient=reviewer, key__startswith="reviews.digest:"
    ).first()


def every_kind_waiting_since(moment, member=None):
    """One item of each kind that waits for reviewers, all waiting since ``moment``."""
    member = member or MemberFactory(display_name="Casey")
    ApplicationFactory(
        applicant=member, organization_name="Acme", submitted=True, submitted_at=moment
    )
    SubmissionFactory(author=member, title="Tuning story", submitted_at=moment)
    TierRequest.objects.create(
        member=member, to_tier=TierFactory(level="contributor"), evidence="PRs", created_at=moment
    )
    CertificationApplicationFactory(applicant=member, created_at=moment, updated_at=moment)
    CertificateFactory(
        holder=member, issued_on=TODAY - timedelta(days=100), renewal_requested_at=moment
    )
    FoundingRequestFactory(proposer=member, name="Xiamen", created_at=moment)


@pytest.mark.parametrize(
    ("today", "overdue"),
    [
        (date(2026, 10, 6), False),  # the seventh working day: still in time (a day early)
        (date(2026, 10, 7), True),  # the day after: overdue (on the day)
        (date(2026, 10, 8), True),  # a day late
    ],
)
def test_waiting_since_friday_is_overdue_after_seven_working_days(today, overdue):
    cutoff = overdue_since(today)

    assert (at(FRIDAY, 17) < cutoff) is overdue


def test_holidays_and_make_up_days_count_as_configured():
    # National Day 2026: October 1-7 off, Sunday September 27 and Saturday October 10 worked.
    for day in range(1, 8):
        CalendarDay.objects.create(date=date(2026, 10, day), name="National Day")
    for worked in (date(2026, 9, 27), date(2026, 10, 10)):
        CalendarDay.objects.create(date=worked, kind=CalendarDayKind.WORKING_DAY, name="Make-up")

    assert not at(FRIDAY, 17) < overdue_since(date(2026, 10, 10))
    assert at(FRIDAY, 17) < overdue_since(date(2026, 10, 11))


@pytest.mark.parametrize(
    ("today", "sent"),
    [(date(2026, 10, 6), False), (date(2026, 10, 7), True), (date(2026, 10, 8), True)],
)
def test_digest_window(django_capture_on_commit_callbacks, today, sent):
    reviewer = ReviewerFactory()
    SubmissionFactory(submitted_at=at(FRIDAY, 17))

    run_at(at(today, 8, 30), remind_overdue_reviews, django_capture_on_commit_callbacks)

    assert keys("reviews.digest:") == ([f"reviews.digest:{today}:{reviewer.pk}"] if sent else [])


def test_one_digest_per_reviewer_and_day(django_capture_on_commit_callbacks, mailoutbox):
    reviewers = ReviewerFactory.create_batch(2)
    every_kind_waiting_since(LONG_AGO)

    for moment in (at(TODAY, 8, 30), at(TODAY, 8, 30), at(TODAY, 12)):
        run_task_at(moment, tasks.remind_overdue_reviews, django_capture_on_commit_callbacks)
    run_at(
        at(TODAY + timedelta(days=1), 8, 30),
        remind_overdue_reviews,
        django_capture_on_commit_callbacks,
    )

    assert sorted(message.to[0] for message in mailoutbox) == sorted(
        [reviewer.email for reviewer in reviewers] * 2
    )


def test_digest_lists_everything_overdue_across_apps(
    django_capture_on_commit_callbacks, mailoutbox
):
    reviewer = ReviewerFactory()
    every_kind_waiting_since(LONG_AGO)
    SubmissionFactory(title="Fresh story", submitted_at=at(TODAY - timedelta(days=1)))

    run_at(at(TODAY, 8, 30), remind_overdue_reviews, django_capture_on_commit_callbacks)

    (message,) = mailoutbox
    assert (
        message.subject == "[Open Source Community] Reviews waiting longer than 7 working days: 6"
    )
    for line in [
        "- program application: Acme → ",
        "- submission to a campaign: Tuning story (",
        "- tier request: Casey",
        "- certification application: Casey · ",
        "- certificate renewal: Casey · ",
        "- station founding request: Xiamen",
    ]:
        assert line in message.body
    assert (
        f"waiting since {date_format(LONG_AGO.date())}\n  http://127.0.0.1:8000/admin/"
        in message.body
    )
    assert "Fresh story" not in message.body
    assert digest(reviewer).url == "/admin/"


def test_reviewer_is_not_asked_to_decide_their_own(django_capture_on_commit_callbacks):
    author = ReviewerFactory()
    other = ReviewerFactory()
    only_theirs = ReviewerFactory()
    SubmissionFactory(author=author, title="My own story", submitted_at=LONG_AGO)
    SubmissionFactory(author=only_theirs, title="Their story", submitted_at=LONG_AGO)

    run_at(at(TODAY, 8, 30), remind_overdue_reviews, django_capture_on_commit_callbacks)

    assert "My own story" not in digest(author).body_text
    assert "Their story" in digest(author).body_text
    assert "My own story" in digest(other).body_text
    assert "Their story" not in digest(only_theirs).body_text


def test_nothing_overdue_sends_no_digest(django_capture_on_commit_callbacks):
    ReviewerFactory()
    SubmissionFactory(submitted_at=at(TODAY - timedelta(days=2)))

    assert (
        run_at(at(TODAY, 8, 30), remind_overdue_reviews, django_capture_on_commit_callbacks) == []
    )


def test_digest_is_written_in_each_reviewers_language(
    django_capture_on_commit_callbacks, mailoutbox
):
    ReviewerFactory(preferred_language="zh-hans")
    every_kind_waiting_since(LONG_AGO)

    run_at(at(TODAY, 8, 30), remind_overdue_reviews, django_capture_on_commit_callbacks)

    (message,) = mailoutbox
    assert message.subject.endswith("6 项")
    assert "等待审核超过 7 个工作日" in message.subject
    since = f"{LONG_AGO.year}年{LONG_AGO.month}月{LONG_AGO.day}日"
    assert f"- 建站申请：Xiamen（自 {since} 起等待）" in message.body  # noqa: RUF001
    assert "- 等级申请：Casey" in message.body  # noqa: RUF001


def test_a_long_digest_lists_the_oldest_and_counts_the_rest(django_capture_on_commit_callbacks):
    reviewer = ReviewerFactory()
    for days in range(DIGEST_MAX_ITEMS + 5):
        SubmissionFactory(title=f"Story {days}", submitted_at=LONG_AGO - timedelta(days=days))

    run_at(at(TODAY, 8, 30), remind_overdue_reviews, django_capture_on_commit_callbacks)

    with translation.override("en"):
        body = digest(reviewer).body_text
    assert body.count("- submission to a campaign:") == DIGEST_MAX_ITEMS
    assert f"Story {DIGEST_MAX_ITEMS + 4} (" in body  # the oldest first
    assert "Story 0 (" not in body
    assert body.endswith("…and 5 more in the admin.")
