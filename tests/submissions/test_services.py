"""Submitting and reviewing through the services: transitions, history, notifications."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone, translation

from community_portal.notifications.models import Notification
from members.roles import REVIEWERS_GROUP
from submissions import services
from submissions.enums import Channel, SubmissionState
from submissions.errors import SubmissionError
from submissions.models import PointEntry, Submission
from tests.factories.members import MemberFactory, ReviewerFactory
from tests.factories.submissions import CampaignFactory, RewardRuleFactory, SubmissionFactory

pytestmark = pytest.mark.django_db


def submit(campaign, author, **fields):
    data = {
        "title": "Tuning the memstore",
        "channel": Channel.BLOG_POST,
        "url": "https://blog.example.org/memstore",
        "summary": "What we changed and why.",
        **fields,
    }
    return services.submission_create(campaign=campaign, author=author, **data)


# --- Submitting ---------------------------------------------------------------------------


def test_member_submits_to_an_open_campaign_and_reviewers_hear_of_it(
    campaign, member, reviewer, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        submission = submit(campaign, member, title="  Tuning the memstore  ")

    assert submission.state == SubmissionState.SUBMITTED
    assert submission.title == "Tuning the memstore"
    step = submission.transitions.get()
    assert (step.actor, step.from_state, step.to_state) == (member, "", "submitted")
    notification = Notification.objects.get(recipient=reviewer)
    assert notification.subject_text == f"New submission to {campaign.title}: Tuning the memstore"
    assert "(Blog post)" in notification.body_text
    assert notification.url == f"/admin/submissions/submission/{submission.pk}/change/"
    assert [message.to for message in mailoutbox] == [[reviewer.email]]
    assert not Notification.objects.filter(recipient=member).exists()


def test_reviewers_get_the_channel_in_their_own_language(campaign, member):
    reviewer = ReviewerFactory(preferred_language="zh-hans")

    submit(campaign, member, channel=Channel.BUG_REPORT)

    with translation.override("zh-hans"):
        body = Notification.objects.get(recipient=reviewer).body_text
    assert "教程捉虫" in body


@pytest.mark.parametrize(
    ("opens", "closes"),
    [(1, 10), (-10, -1)],  # days from today: not yet open, already closed
)
def test_submitting_outside_the_window_is_refused(member, opens, closes):
    today = timezone.localdate()
    campaign = CampaignFactory(
        opens_on=today + timedelta(days=opens), closes_on=today + timedelta(days=closes)
    )

    with pytest.raises(SubmissionError) as refused:
        submit(campaign, member)

    assert "accepts submissions from" in refused.value.message
    assert Submission.objects.count() == 0


def test_submitting_on_the_last_local_day_is_accepted(member, time_machine):
    # 23:30 in Shanghai on the closing day is 15:30 UTC the same day.
    time_machine.move_to("2025-06-30T15:30Z", tick=False)
    campaign = CampaignFactory(
        opens_on=timezone.localdate() - timedelta(days=5), closes_on=timezone.localdate()
    )

    assert submit(campaign, member).state == SubmissionState.SUBMITTED

    time_machine.move_to("2025-06-30T16:30Z", tick=False)  # 00:30 on July 1st, local
    with pytest.raises(SubmissionError):
        submit(campaign, member, url="https://blog.example.org/late")


def test_unpublished_campaign_takes_no_submissions(member):
    with pytest.raises(SubmissionError):
        submit(CampaignFactory(is_published=False), member)


def test_channel_the_campaign_does_not_accept_is_refused(member):
    campaign = CampaignFactory(channels=[Channel.FORUM_POST])

    with pytest.raises(SubmissionError) as refused:
        submit(campaign, member, channel=Channel.BLOG_POST)

    assert refused.value.field == "channel"
    assert refused.value.message == "This campaign accepts: Forum post."


@pytest.mark.parametrize(
    "again",
    [
        "https://blog.example.org/memstore",
        "http://blog.example.org/memstore",
        "HTTPS://Blog.Example.ORG/memstore/",
        "https://blog.example.org:443/memstore#comments",
        " https://blog.example.org/memstore ",
    ],
)
def test_same_url_twice_in_a_campaign_is_refused_with_a_message(campaign, member, again):
    submit(campaign, member)

    with pytest.raises(SubmissionError) as refused:
        submit(campaign, MemberFactory(), url=again)

    assert refused.value.field == "url"
    assert refused.value.message == "This URL was already submitted to this campaign."


@pytest.mark.parametrize(
    "different",
    ["https://blog.example.org/Memstore", "https://blog.example.org/memstore?page=2"],
)
def test_path_case_and_query_make_another_url(campaign, member, different):
    submit(campaign, member)

    assert submit(campaign, member, url=different).pk is not None


def test_withdrawn_url_can_be_submitted_again(campaign, member):
    first = submit(campaign, member)
    services.submission_withdraw(submission=first, author=member)

    second = submit(campaign, member)

    assert second.state == SubmissionState.SUBMITTED


# --- The author's changes -----------------------------------------------------------------


def test_author_edits_after_a_change_request_and_it_goes_back_to_review(campaign, member, reviewer):
    submission = submit(campaign, member)
    services.submission_request_changes(
        submission=submission, reviewer=reviewer, comment="Add the plans"
    )

    services.submission_resubmit(
        submission=submission,
        author=member,
        title="Tuning the memstore, with plans",
        channel=Channel.FORUM_POST,
        url="https://ask.example.org/t/42",
        summary="Now with execution plans.",
    )

    submission.refresh_from_db()
    assert submission.state == SubmissionState.SUBMITTED
    assert submission.title == "Tuning the memstore, with plans"
    assert submission.url_key == "https://ask.example.org/t/42"
    steps = [(s.from_state, s.to_state) for s in submission.transitions.all()]
    assert steps == [
        ("", "submitted"),
        ("submitted", "changes_requested"),
        ("changes_requested", "submitted"),
    ]
    assert Notification.objects.filter(
        recipient=reviewer, subject__startswith="Submission updated"
    ).exists()


def test_author_cannot_edit_a_submission_waiting_for_review(campaign, member):
    submission = submit(campaign, member)

    with pytest.raises(SubmissionError):
        services.submission_resubmit(
            submission=submission, author=member, title="x", channel="blog_post",
            url="https://x.example.org", summary="x",
        )  # fmt: skip


def test_only_the_author_edits_or_withdraws(campaign, member, other_member, reviewer):
    submission = SubmissionFactory(campaign=campaign, author=member)

    with pytest.raises(SubmissionError):
        services.submission_withdraw(submission=submission, author=other_member)
    with pytest.raises(SubmissionError):
        services.submission_withdraw(submission=submission, author=reviewer)

    submission.refresh_from_db()
    assert submission.state == SubmissionState.SUBMITTED


def test_edit_refuses_a_url_another_submission_holds(campaign, member, reviewer):
    SubmissionFactory(
        campaign=campaign, url="https://ask.example.org/t/1", url_key="https://ask.example.org/t/1"
    )
    submission = SubmissionFactory(campaign=campaign, author=member, state="changes_requested")

    with pytest.raises(SubmissionError) as refused:
        services.submission_resubmit(
            submission=submission, author=member, title="x", channel="blog_post",
            url="http://ask.example.org/t/1/", summary="x",
        )  # fmt: skip

    assert refused.value.field == "url"


def test_edit_may_keep_its_own_url(campaign, member):
    submission = SubmissionFactory(campaign=campaign, author=member, state="changes_requested")

    services.submission_resubmit(
        submission=submission, author=member, title="Better", channel="blog_post",
        url=submission.url, summary="x",
    )  # fmt: skip

    submission.refresh_from_db()
    assert submission.title == "Better"


@pytest.mark.parametrize("state", ["selected", "rejected", "withdrawn"])
def test_decided_submission_cannot_be_withdrawn(member, state):
    submission = SubmissionFactory(author=member, state=state, selected=state == "selected")

    with pytest.raises(SubmissionError) as refused:
        services.submission_withdraw(submission=submission, author=member)

    assert "so this step is not possible" in refused.value.message


# --- Reviewing ----------------------------------------------------------------------------


def test_selection_is_recorded_awarded_and_told_to_the_author(
    member, reviewer, django_capture_on_commit_callbacks, mailoutbox
):
    rule = RewardRuleFactory(name="Angel round", limit=5, points=1000)
    submission = SubmissionFactory(campaign=rule.campaign, author=member, title="HA on ARM")

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        services.submission_select(submission=submission, reviewer=reviewer, comment="Great!")

    submission.refresh_from_db()
    assert submission.state == SubmissionState.SELECTED
    assert submission.selected_at is not None
    step = submission.transitions.get()
    assert (step.actor, step.to_state, step.comment, step.points) == (
        reviewer,
        "selected",
        "Great!",
        1000,
    )
    notification = Notification.objects.get(recipient=member)
    assert notification.subject_text == "“HA on ARM” was selected: +1000 points"
    assert "1000 points were added to your account (Angel round)" in notification.body_text
    assert "Comment from the reviewer: Great!" in notification.body_text
    assert notification.url == submission.get_absolute_url()
    assert [message.to for message in mailoutbox] == [[member.email]]


def test_selection_without_a_rule_tells_the_author_there_are_no_points(member, reviewer):
    submission = SubmissionFactory(author=member)

    services.submission_select(submission=submission, reviewer=reviewer)

    notification = Notification.objects.get(recipient=member)
    assert "earned no points" in notification.body_text
    assert "Comment from the reviewer: no comment" in notification.body_text


def test_rejection_is_recorded_and_told_with_the_comment(member, reviewer):
    submission = SubmissionFactory(author=member, title="Hello")

    services.submission_reject(submission=submission, reviewer=reviewer, comment="Too short")

    submission.refresh_from_db()
    assert submission.state == SubmissionState.REJECTED
    assert submission.decided_at is not None
    assert submission.transitions.get().comment == "Too short"
    notification = Notification.objects.get(recipient=member)
    assert notification.subject_text == "“Hello” was not selected"
    assert "Too short" in notification.body_text
    assert PointEntry.objects.count() == 0


def test_change_request_needs_a_comment(member, reviewer):
    submission = SubmissionFactory(author=member)

    with pytest.raises(SubmissionError) as refused:
        services.submission_request_changes(submission=submission, reviewer=reviewer, comment="")

    assert refused.value.field == "comment"


def test_change_request_links_the_author_to_the_edit_page(member, reviewer):
    submission = SubmissionFactory(author=member)

    services.submission_request_changes(
        submission=submission, reviewer=reviewer, comment="Add the plans"
    )

    notification = Notification.objects.get(recipient=member)
    assert notification.url == f"/campaigns/submissions/{submission.pk}/edit/"
    assert "Add the plans" in notification.body_text


def test_reviewer_may_decide_while_changes_are_requested(member, reviewer):
    submission = SubmissionFactory(author=member, state=SubmissionState.CHANGES_REQUESTED)

    services.submission_reject(submission=submission, reviewer=reviewer)

    submission.refresh_from_db()
    assert submission.state == SubmissionState.REJECTED


@pytest.mark.parametrize("state", ["selected", "rejected", "withdrawn"])
@pytest.mark.parametrize("decision", ["select", "reject", "request_changes"])
def test_decided_submission_cannot_be_decided_again(member, reviewer, state, decision):
    submission = SubmissionFactory(author=member, state=state, selected=state == "selected")

    with pytest.raises(SubmissionError):
        getattr(services, f"submission_{decision}")(
            submission=submission, reviewer=reviewer, comment="Again"
        )

    assert submission.transitions.count() == 0
    assert PointEntry.objects.count() == 0


def test_changes_cannot_be_requested_twice(member, reviewer):
    submission = SubmissionFactory(author=member, state=SubmissionState.CHANGES_REQUESTED)

    with pytest.raises(SubmissionError):
        services.submission_request_changes(
            submission=submission, reviewer=reviewer, comment="More"
        )


def test_only_reviewers_decide(member, other_member):
    submission = SubmissionFactory(author=member)
    staff_outside_the_group = MemberFactory(is_staff=True)

    for decider in (member, other_member, staff_outside_the_group):
        with pytest.raises(SubmissionError):
            services.submission_select(submission=submission, reviewer=decider)

    submission.refresh_from_db()
    assert submission.state == SubmissionState.SUBMITTED


def test_superuser_decides_without_the_group(member):
    superuser = MemberFactory(is_staff=True, is_superuser=True)
    submission = SubmissionFactory(author=member)

    services.submission_reject(submission=submission, reviewer=superuser)

    assert Group.objects.get(name=REVIEWERS_GROUP).user_set.filter(pk=superuser.pk).count() == 0
    submission.refresh_from_db()
    assert submission.state == SubmissionState.REJECTED


def test_failed_award_rolls_the_selection_back(member, reviewer, monkeypatch):
    rule = RewardRuleFactory()
    submission = SubmissionFactory(campaign=rule.campaign, author=member)

    def broken(**kwargs):
        raise RuntimeError("ledger unavailable")

    monkeypatch.setattr(services.reviews, "points_award", broken)
    with pytest.raises(RuntimeError):
        services.submission_select(submission=submission, reviewer=reviewer)

    submission.refresh_from_db()
    assert submission.state == SubmissionState.SUBMITTED
    assert submission.transitions.count() == 0
    assert Notification.objects.count() == 0
