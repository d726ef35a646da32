"""A pull request merged on GitHub reaches the portal as a signed webhook; its author
finds the draft in their inbox, confirms it, and the reviewer sees it "merged on
GitHub" on the submission's admin page."""

import json

import pytest
from playwright.sync_api import expect

from integrations.models import GitHubSource
from integrations.signatures import sign
from tests.browser.test_submissions_journey import sign_in
from tests.factories.members import MemberFactory, ReviewerFactory
from tests.factories.submissions import CampaignFactory
from tests.integrations.conftest import GITHUB_SECRET, merged_pull_request

pytestmark = pytest.mark.django_db(transaction=True)


def deliver(page, payload, delivery_id):
    """What GitHub sends: the JSON body, signed, with its event and delivery id."""
    body = json.dumps(payload).encode()
    response = page.request.post(
        "/integrations/hooks/github/",
        data=body,
        headers={
            "Content-Type": "application/json",
            "X-GitHub-Event": "pull_request",
            "X-GitHub-Delivery": delivery_id,
            "X-Hub-Signature-256": sign(body, GITHUB_SECRET),
        },
    )
    assert response.status == 200
    return response.json()


def test_merged_pull_request_becomes_a_submission_the_author_confirms(
    page, browser, live_server, settings
):
    settings.GITHUB_WEBHOOK_SECRET = GITHUB_SECRET
    campaign = CampaignFactory(title="Co-write the advanced tutorial")
    GitHubSource.objects.create(
        campaign=campaign, repository="oceanbase/oceanbase-doc", label="co-construction"
    )
    member = MemberFactory(github_handle="octocat", github_handle_verified=True)
    reviewer = ReviewerFactory()

    payload = merged_pull_request(labels=["co-construction"], title="Sizing the log disk")
    assert deliver(page, payload, "journey-1")["result"].endswith("1 draft(s)")
    assert deliver(page, payload, "journey-1") == {"result": "already processed"}

    # The author hears of it in the inbox and confirms it.
    sign_in(page, member.email)
    page.get_by_role("link", name="Open your inbox").click()
    expect(page.get_by_text(f"Confirm your submission to {campaign.title}")).to_be_visible()
    page.get_by_role("button", name="Open").click()
    expect(page.get_by_role("heading", name="Sizing the log disk")).to_be_visible()
    page.get_by_label("Summary").fill("How we sized it, with the numbers.")
    page.get_by_role("button", name="Confirm and submit").click()
    expect(page.get_by_text("Submitted: it now waits for review.")).to_be_visible()
    expect(page.locator(".status").first).to_have_text("waiting for review")

    # The reviewer sees where it comes from.
    reviewer_context = browser.new_context(base_url=live_server.url, locale="en-US")
    admin = reviewer_context.new_page()
    admin.set_default_timeout(15_000)
    sign_in(admin, reviewer.email)
    admin.goto("/admin/submissions/submission/?github=merged")
    admin.get_by_role("link", name="Sizing the log disk").click()
    expect(admin.get_by_role("heading", name="Merged on GitHub")).to_be_visible()
    expect(admin.get_by_text("octocat").first).to_be_visible()
    reviewer_context.close()
    assert page.console_errors == []
