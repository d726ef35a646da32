"""GitHub's webhook: the signature, replays, merged pull requests and drafts."""

import pytest

from community_portal.notifications.models import Notification
from integrations.enums import DraftState, Provider
from integrations.models import (
    GitHubSource,
    PullRequestMerge,
    ReceiverSecret,
    SubmissionDraft,
    WebhookDelivery,
)
from submissions.enums import Channel, SubmissionState
from submissions.models import PointEntry, Submission
from tests.factories.members import MemberFactory
from tests.factories.submissions import CampaignFactory, SubmissionFactory
from tests.integrations.conftest import GITHUB_SECRET, merged_pull_request, post_github

pytestmark = pytest.mark.django_db

PR_URL = "https://github.com/oceanbase/oceanbase-doc/pull/7"


# --- The signature --------------------------------------------------------------------


def test_bad_signature_is_refused_without_detail(client):
    response = post_github(client, merged_pull_request(), secret="not-the-secret-at-all")

    assert response.status_code == 403
    assert response.content == b""
    assert WebhookDelivery.objects.count() == 0


def test_missing_signature_is_refused(client):
    response = post_github(client, merged_pull_request(), signature=False)

    assert response.status_code == 403
    assert response.content == b""


def test_signature_of_another_body_is_refused(client):
    from integrations.signatures import sign

    response = post_github(client, merged_pull_request(), signature=sign(b"{}", GITHUB_SECRET))

    assert response.status_code == 403


def test_no_secret_configured_refuses_everything(client, settings):
    settings.GITHUB_WEBHOOK_SECRET = ""

    response = post_github(client, merged_pull_request(), secret="")

    assert response.status_code == 403


def test_secret_saved_in_the_admin_replaces_the_environment_one(client):
    ReceiverSecret.objects.create(provider=Provider.GITHUB, secret="admin-saved-secret-123456")

    assert post_github(client, {"zen": "hi"}, event="ping").status_code == 403
    response = post_github(client, {"zen": "hi"}, event="ping", secret="admin-saved-secret-123456")
    assert response.status_code == 200


def test_ping_is_answered(client):
    response = post_github(
        client, {"zen": "Keep it logically awesome.", "hook_id": 1}, event="ping"
    )

    assert response.status_code == 200
    assert response.json() == {"result": "pong"}


def test_get_is_not_allowed(client):
    from django.urls import reverse

    assert client.get(reverse("integrations:github_webhook")).status_code == 405


# --- Merged pull requests ----------------------------------------------------------------


def test_merged_pull_request_marks_the_submission_of_its_url(client):
    author = MemberFactory(github_handle="OctoCat", github_handle_verified=True)
    # Submitted with http, a trailing slash and a fragment: the same URL.
    submission = SubmissionFactory(
        author=author, channel=Channel.PULL_REQUEST, url=PR_URL.replace("https", "http") + "/#x"
    )

    response = post_github(client, merged_pull_request(author="octocat"))

    assert response.status_code == 200
    merge = PullRequestMerge.objects.get(submission=submission)
    assert merge.pr_author == "octocat"
    assert merge.author_mismatch is False
    assert merge.handle_verified is True
    assert merge.repository == "oceanbase/oceanbase-doc"
    # Only a mark: the review is the reviewers'.
    submission.refresh_from_db()
    assert submission.state == SubmissionState.SUBMITTED
    assert PointEntry.objects.count() == 0


def test_merged_pull_request_by_someone_else_is_flagged(client):
    submission = SubmissionFactory(
        author=MemberFactory(github_handle="lin"), channel=Channel.PULL_REQUEST, url=PR_URL
    )

    post_github(client, merged_pull_request(author="wanglei"))

    merge = PullRequestMerge.objects.get(submission=submission)
    assert merge.author_mismatch is True
    assert merge.handle_verified is False


def test_submitter_without_a_handle_is_flagged(client):
    submission = SubmissionFactory(author=MemberFactory(github_handle=""), url=PR_URL)

    post_github(client, merged_pull_request())

    assert PullRequestMerge.objects.get(submission=submission).author_mismatch is True


def test_unmatched_url_marks_nothing(client):
    SubmissionFactory(url="https://github.com/oceanbase/oceanbase-doc/pull/8")

    response = post_github(client, merged_pull_request(number=7))

    assert response.status_code == 200
    assert PullRequestMerge.objects.count() == 0


def test_withdrawn_submission_is_not_marked(client):
    SubmissionFactory(url=PR_URL, state=SubmissionState.WITHDRAWN)

    post_github(client, merged_pull_request())

    assert PullRequestMerge.objects.count() == 0


@pytest.mark.parametrize(
    "payload",
    [merged_pull_request(merged=False), merged_pull_request(action="opened", merged=False)],
    ids=["closed-unmerged", "opened"],
)
def test_pull_request_not_merged_is_ignored(client, payload):
    SubmissionFactory(url=PR_URL)

    response = post_github(client, payload)

    assert response.json() == {"result": "ignored"}
    assert PullRequestMerge.objects.count() == 0


def test_other_events_are_ignored(client):
    response = post_github(client, {"ref": "refs/heads/main"}, event="push")

    assert response.json() == {"result": "ignored"}


# --- Replays ----------------------------------------------------------------------------


def test_replayed_delivery_changes_nothing(client):
    submission = SubmissionFactory(author=MemberFactory(github_handle="octocat"), url=PR_URL)
    post_github(client, merged_pull_request(author="octocat"), delivery="abc-1")

    # The same delivery id, even re-signed with another body, is not processed again.
    response = post_github(client, merged_pull_request(author="mallory"), delivery="abc-1")

    assert response.status_code == 200
    assert response.json() == {"result": "already processed"}
    merge = PullRequestMerge.objects.get(submission=submission)
    assert merge.pr_author == "octocat"
    assert WebhookDelivery.objects.filter(provider=Provider.GITHUB).count() == 1


def test_unreadable_delivery_leaves_no_id_so_a_redelivery_is_processed(client):
    submission = SubmissionFactory(url=PR_URL)
    assert post_github(client, b"{broken", delivery="abc-2").status_code == 400

    post_github(client, merged_pull_request(), delivery="abc-2")

    assert PullRequestMerge.objects.filter(submission=submission).exists()


def test_delivery_id_is_kept_once_by_the_database():
    from django.db import IntegrityError, transaction

    WebhookDelivery.objects.create(provider=Provider.GITHUB, delivery_id="x", event="ping")
    with pytest.raises(IntegrityError), transaction.atomic():
        WebhookDelivery.objects.create(provider=Provider.GITHUB, delivery_id="x", event="ping")
    # The same id from another provider is another delivery.
    WebhookDelivery.objects.create(provider=Provider.DISCOURSE, delivery_id="x", event="ping")


# --- Drafts ------------------------------------------------------------------------------


@pytest.fixture
def source(campaign):
    return GitHubSource.objects.create(
        campaign=campaign, repository="oceanbase/oceanbase-doc", label="co-construction"
    )


def test_labelled_pull_request_in_a_configured_repository_makes_a_draft(client, source):
    member = MemberFactory(github_handle="octocat", github_handle_verified=True)

    response = post_github(
        client, merged_pull_request(author="OctoCat", labels=["docs", "Co-Construction"])
    )

    assert response.status_code == 200
    draft = SubmissionDraft.objects.get()
    assert draft.member == member
    assert draft.campaign == source.campaign
    assert draft.channel == Channel.PULL_REQUEST
    assert draft.url == PR_URL
    assert draft.state == DraftState.PENDING
    assert draft.handle_verified is True
    # A draft is not a submission and earns nothing.
    assert Submission.objects.count() == 0
    assert PointEntry.objects.count() == 0
    notification = Notification.objects.get(recipient=member)
    assert notification.url == draft.get_absolute_url()
    assert notification.params["campaign"] == source.campaign.title


def test_pull_request_without_the_label_makes_no_draft(client, source):
    MemberFactory(github_handle="octocat")

    post_github(client, merged_pull_request(labels=["docs"]))

    assert SubmissionDraft.objects.count() == 0


def test_pull_request_in_another_repository_makes_no_draft(client, source):
    MemberFactory(github_handle="octocat")

    post_github(
        client, merged_pull_request(repository="oceanbase/oceanbase", labels=["co-construction"])
    )

    assert SubmissionDraft.objects.count() == 0


def test_no_repository_configured_makes_no_draft(client, campaign):
    MemberFactory(github_handle="octocat")

    post_github(client, merged_pull_request(labels=["co-construction"]))

    assert SubmissionDraft.objects.count() == 0


def test_author_who_is_no_member_gets_no_draft(client, source):
    post_github(client, merged_pull_request(author="stranger", labels=["co-construction"]))

    assert SubmissionDraft.objects.count() == 0


def test_verified_handle_wins_over_a_typed_one(client, source):
    MemberFactory(github_handle="octocat")
    verified = MemberFactory(github_handle="Octocat", github_handle_verified=True)

    post_github(client, merged_pull_request(labels=["co-construction"]))

    assert SubmissionDraft.objects.get().member == verified


def test_two_members_typing_the_same_handle_get_no_draft(client, source):
    MemberFactory(github_handle="octocat")
    MemberFactory(github_handle="octocat")

    post_github(client, merged_pull_request(labels=["co-construction"]))

    assert SubmissionDraft.objects.count() == 0


def test_duplicate_delivery_of_the_same_pull_request_makes_one_draft(client, source):
    member = MemberFactory(github_handle="octocat")
    payload = merged_pull_request(labels=["co-construction"])

    post_github(client, payload)  # two deliveries (two ids) of the same merge
    post_github(client, payload)

    assert SubmissionDraft.objects.count() == 1
    assert Notification.objects.filter(recipient=member).count() == 1


def test_discarded_draft_is_not_made_again(client, source):
    member = MemberFactory(github_handle="octocat")
    payload = merged_pull_request(labels=["co-construction"])
    post_github(client, payload)
    SubmissionDraft.objects.update(state=DraftState.DISCARDED)

    post_github(client, payload)

    assert SubmissionDraft.objects.count() == 1
    assert Notification.objects.filter(recipient=member).count() == 1


def test_url_already_submitted_to_the_campaign_makes_no_draft(client, source):
    member = MemberFactory(github_handle="octocat")
    SubmissionFactory(campaign=source.campaign, author=member, url=PR_URL)

    post_github(client, merged_pull_request(labels=["co-construction"]))

    assert SubmissionDraft.objects.count() == 0
    assert PullRequestMerge.objects.count() == 1


def test_closed_campaign_gets_no_draft(client):
    campaign = CampaignFactory(is_published=False)
    GitHubSource.objects.create(
        campaign=campaign, repository="oceanbase/oceanbase-doc", label="co-construction"
    )
    MemberFactory(github_handle="octocat")

    post_github(client, merged_pull_request(labels=["co-construction"]))

    assert SubmissionDraft.objects.count() == 0


def test_campaign_not_taking_pull_requests_gets_no_draft(client):
    campaign = CampaignFactory(channels=[Channel.BLOG_POST])
    GitHubSource.objects.create(
        campaign=campaign, repository="oceanbase/oceanbase-doc", label="co-construction"
    )
    MemberFactory(github_handle="octocat")

    post_github(client, merged_pull_request(labels=["co-construction"]))

    assert SubmissionDraft.objects.count() == 0
