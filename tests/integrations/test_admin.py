"""The integrations in the admin: write-only secrets, sources, merge marks on submissions."""

import logging

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from integrations.enums import Provider
from integrations.models import ForumSource, GitHubSource, PullRequestMerge, ReceiverSecret
from tests.factories.members import MemberFactory
from tests.factories.submissions import SubmissionFactory
from tests.integrations.conftest import merged_pull_request, post_github

pytestmark = pytest.mark.django_db

SECRET = "s3cret-typed-in-the-admin-0001"


@pytest.fixture
def admin_client(client):
    client.force_login(MemberFactory(is_staff=True, is_superuser=True))
    return client


def test_saved_secret_is_never_shown_again(admin_client):
    admin_client.post(
        reverse("admin:integrations_receiversecret_add"),
        {"provider": Provider.GITHUB, "secret": SECRET},
    )
    row = ReceiverSecret.objects.get()

    pages = [
        admin_client.get(reverse("admin:integrations_receiversecret_changelist")),
        admin_client.get(reverse("admin:integrations_receiversecret_change", args=[row.pk])),
    ]
    history = " ".join(str(entry) for entry in LogEntry.objects.all())

    assert row.secret == SECRET
    for page in pages:
        assert SECRET not in page.content.decode()
    assert "••••••••" in pages[0].content.decode()
    assert SECRET not in history


def test_saving_without_typing_the_secret_keeps_it(admin_client):
    row = ReceiverSecret.objects.create(provider=Provider.DISCOURSE, secret=SECRET)

    response = admin_client.post(
        reverse("admin:integrations_receiversecret_change", args=[row.pk]), {"secret": ""}
    )

    assert response.status_code == 302
    row.refresh_from_db()
    assert row.secret == SECRET


def test_short_secret_is_refused_without_echoing_it(admin_client):
    response = admin_client.post(
        reverse("admin:integrations_receiversecret_add"),
        {"provider": Provider.GITHUB, "secret": "short-one"},
    )

    assert response.status_code == 200
    assert "Use at least 16 characters." in response.content.decode()
    assert "short-one" not in response.content.decode()
    assert ReceiverSecret.objects.count() == 0


def test_refused_signature_logs_no_secret(client, caplog, settings):
    settings.GITHUB_WEBHOOK_SECRET = SECRET
    with caplog.at_level(logging.DEBUG):
        post_github(client, merged_pull_request(), secret="wrong-secret-0000000000")
        post_github(client, {"zen": "x"}, event="ping", secret=SECRET)

    assert SECRET not in caplog.text
    assert "bad or missing signature" in caplog.text


def test_repository_must_be_owner_slash_name(admin_client, campaign):
    response = admin_client.post(
        reverse("admin:integrations_githubsource_add"),
        {"campaign": campaign.pk, "repository": "https://github.com/x", "label": "docs"},
    )

    assert response.status_code == 200
    assert "Enter owner/name" in response.content.decode()
    assert GitHubSource.objects.count() == 0


def test_forum_category_is_added_once_per_campaign(admin_client, campaign):
    url = reverse("admin:integrations_forumsource_add")
    data = {"campaign": campaign.pk, "forum_url": "https://ask.oceanbase.com/", "category_id": 12}
    admin_client.post(url, data)

    response = admin_client.post(url, {**data, "forum_url": "http://ASK.oceanbase.com"})

    assert response.status_code == 200
    assert "already takes this forum category" in response.content.decode()
    assert ForumSource.objects.get().forum_key == "https://ask.oceanbase.com"


def _merge(submission, **fields):
    return PullRequestMerge.objects.create(
        submission=submission,
        repository="oceanbase/oceanbase-doc",
        pr_author=fields.pop("pr_author", "octocat"),
        merged_at=timezone.now(),
        **fields,
    )


def test_submission_page_shows_the_merge_and_the_mismatch(reviewer_client):
    submission = SubmissionFactory(url="https://github.com/oceanbase/oceanbase-doc/pull/7")
    _merge(submission, pr_author="wanglei", author_mismatch=True)

    page = reviewer_client.get(
        reverse("admin:submissions_submission_change", args=[submission.pk])
    ).content.decode()

    assert "Merged on GitHub" in page
    assert "wanglei" in page


def test_submission_list_filters_merged_and_mismatched(reviewer_client):
    merged = SubmissionFactory(title="Merged by its author")
    _merge(merged, author_mismatch=False, handle_verified=True)
    mismatched = SubmissionFactory(title="Merged by someone else")
    _merge(mismatched, author_mismatch=True)
    SubmissionFactory(title="Never merged")
    url = reverse("admin:submissions_submission_changelist")

    def titles(value):
        return {
            row.title
            for row in reviewer_client.get(url, {"github": value}).context["cl"].result_list
        }

    assert titles("merged") == {"Merged by its author", "Merged by someone else"}
    assert titles("mismatch") == {"Merged by someone else"}
    assert titles("unverified") == {"Merged by someone else"}
    assert titles("no") == {"Never merged"}


def test_reviewer_sees_deliveries_but_cannot_see_secrets(reviewer_client):
    ReceiverSecret.objects.create(provider=Provider.GITHUB, secret=SECRET)

    assert (
        reviewer_client.get(reverse("admin:integrations_webhookdelivery_changelist")).status_code
        == 200
    )
    assert (
        reviewer_client.get(reverse("admin:integrations_receiversecret_changelist")).status_code
        == 403
    )
