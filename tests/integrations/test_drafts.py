"""The member's drafts: who sees them, confirming, discarding, query budgets."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from community_portal.notifications.models import Notification
from integrations.enums import DraftState, Provider
from integrations.models import PullRequestMerge, SubmissionDraft
from submissions.enums import Channel, SubmissionState
from submissions.links import normalize_url
from submissions.models import PointEntry, Submission
from tests.factories.members import MemberFactory, ReviewerFactory

pytestmark = pytest.mark.django_db

PR_URL = "https://github.com/oceanbase/oceanbase-doc/pull/7"


def make_draft(campaign, member, *, url=PR_URL, **fields):
    values = {
        "provider": Provider.GITHUB,
        "channel": Channel.PULL_REQUEST,
        "title": "Tune the log disk",
        "summary": "Adds what we learned.",
        "external_author": member.github_handle or "octocat",
        "repository": "oceanbase/oceanbase-doc",
        "merged_at": timezone.now() - timedelta(days=1),
        **fields,
    }
    return SubmissionDraft.objects.create(
        campaign=campaign, member=member, url=url, url_key=normalize_url(url), **values
    )


@pytest.fixture
def draft(campaign, member):
    member.github_handle = "octocat"
    member.github_handle_verified = True
    member.save()
    return make_draft(campaign, member)


# --- Who sees a draft ------------------------------------------------------------------


def test_anonymous_visitor_is_sent_to_sign_in(client, draft):
    for url in (reverse("integrations:drafts"), draft.get_absolute_url()):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))


def test_other_member_cannot_see_or_answer_a_draft(client, draft):
    client.force_login(MemberFactory())

    assert client.get(draft.get_absolute_url()).status_code == 404
    response = client.post(draft.get_absolute_url(), {"action": "discard"})
    assert response.status_code == 404
    draft.refresh_from_db()
    assert draft.state == DraftState.PENDING
    assert draft.title not in client.get(reverse("integrations:drafts")).content.decode()


def test_reviewer_cannot_answer_a_members_draft(client, draft):
    client.force_login(ReviewerFactory())

    response = client.post(
        draft.get_absolute_url(), {"action": "confirm", "title": "Mine", "summary": "Mine"}
    )

    assert response.status_code == 404
    assert Submission.objects.count() == 0


def test_owner_sees_the_draft_in_the_list_and_on_its_page(member_client, draft):
    listing = member_client.get(reverse("integrations:drafts")).content.decode()
    page = member_client.get(draft.get_absolute_url()).content.decode()

    assert draft.get_absolute_url() in listing
    assert PR_URL in page
    assert "Confirm and submit" in page


# --- Confirming and discarding ----------------------------------------------------------


def test_confirming_submits_it_for_review(member_client, member, draft, reviewer):
    response = member_client.post(
        draft.get_absolute_url(),
        {"action": "confirm", "title": " Tune the log disk ", "summary": "What we learned."},
    )

    submission = Submission.objects.get()
    assert response.status_code == 302
    assert response.url == submission.get_absolute_url()
    assert submission.author == member
    assert submission.state == SubmissionState.SUBMITTED
    assert submission.channel == Channel.PULL_REQUEST
    assert submission.url == PR_URL
    assert submission.title == "Tune the log disk"
    draft.refresh_from_db()
    assert draft.state == DraftState.CONFIRMED
    assert draft.submission == submission
    # Reviewed as usual: reviewers hear of it; nothing is earned before a decision.
    assert Notification.objects.filter(recipient=reviewer).exists()
    assert PointEntry.objects.count() == 0
    merge = PullRequestMerge.objects.get(submission=submission)
    assert merge.author_mismatch is False
    assert merge.handle_verified is True


def test_confirming_needs_a_summary_beside_the_field(member_client, draft):
    response = member_client.post(
        draft.get_absolute_url(), {"action": "confirm", "title": "Tune", "summary": ""}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["summary"]
    assert Submission.objects.count() == 0


def test_confirming_after_the_campaign_closed_says_why(member_client, draft, campaign):
    campaign.closes_on = timezone.localdate() - timedelta(days=1)
    campaign.opens_on = campaign.closes_on - timedelta(days=5)
    campaign.save()

    response = member_client.post(
        draft.get_absolute_url(), {"action": "confirm", "title": "Tune", "summary": "Tips"}
    )

    assert response.status_code == 200
    assert "accepts submissions from" in response.content.decode()
    assert Submission.objects.count() == 0
    draft.refresh_from_db()
    assert draft.state == DraftState.PENDING


def test_confirming_a_url_submitted_meanwhile_says_why(member_client, member, draft, campaign):
    from tests.factories.submissions import SubmissionFactory

    SubmissionFactory(campaign=campaign, url=PR_URL)

    response = member_client.post(
        draft.get_absolute_url(), {"action": "confirm", "title": "Tune", "summary": "Tips"}
    )

    assert response.status_code == 200
    assert "This URL was already submitted to this campaign." in response.content.decode()
    assert Submission.objects.count() == 1
    draft.refresh_from_db()
    assert draft.state == DraftState.PENDING


def test_confirming_twice_submits_once(member_client, draft):
    data = {"action": "confirm", "title": "Tune", "summary": "Tips"}
    member_client.post(draft.get_absolute_url(), data)

    response = member_client.post(draft.get_absolute_url(), data)

    assert response.status_code == 200
    assert Submission.objects.count() == 1


def test_service_refuses_a_draft_already_answered(draft, member):
    from integrations.errors import IntegrationsError
    from integrations.services import draft_confirm, draft_discard

    draft_discard(draft=draft, member=member)

    with pytest.raises(IntegrationsError):
        draft_confirm(draft=draft, member=member, title="x", summary="y")


def test_discarding_submits_nothing(member_client, draft):
    response = member_client.post(draft.get_absolute_url(), {"action": "discard"})

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.state == DraftState.DISCARDED
    assert draft.decided_at is not None
    assert Submission.objects.count() == 0


def test_confirmed_forum_draft_has_no_merge_mark(member_client, member, campaign):
    draft = make_draft(
        campaign,
        member,
        url="https://ask.oceanbase.com/t/topic/1",
        provider=Provider.DISCOURSE,
        channel=Channel.FORUM_POST,
        merged_at=None,
        repository="",
    )

    member_client.post(
        draft.get_absolute_url(), {"action": "confirm", "title": "Topic", "summary": "Tips"}
    )

    assert Submission.objects.get().channel == Channel.FORUM_POST
    assert PullRequestMerge.objects.count() == 0


# --- Query budget ------------------------------------------------------------------------


@pytest.mark.parametrize("rows", [1, 50])
def test_drafts_list_costs_the_same_for_1_and_50(
    member_client, member, campaign, django_assert_num_queries, rows
):
    for number in range(rows):
        make_draft(campaign, member, url=f"{PR_URL[:-1]}{number + 100}")
    url = reverse("integrations:drafts")
    member_client.get(url)

    # session, member, drafts (the inbox count is cached per member)
    with django_assert_num_queries(3):
        response = member_client.get(url)

    assert response.status_code == 200
    assert len(response.context["drafts"]) == rows
