"""A member submits a blog post, a reviewer selects it in the admin, and the member
finds the points on their points page, their name on the leaderboard and in the
campaign's acknowledgments."""

import pytest
from playwright.sync_api import expect

from submissions.enums import RewardRuleKind
from tests.factories.members import DEFAULT_PASSWORD, MemberFactory, ReviewerFactory
from tests.factories.submissions import CampaignFactory, RewardRuleFactory

pytestmark = pytest.mark.django_db(transaction=True)


def sign_in(page, email):
    page.goto("/accounts/login/")
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def test_submit_select_and_see_the_points(page, browser, live_server):
    campaign = CampaignFactory(title="Co-write the advanced tutorial")
    RewardRuleFactory(
        campaign=campaign, name="Angel round", kind=RewardRuleKind.FIRST_SELECTED, points=1000
    )
    member = MemberFactory(display_name="Lin Xiao")
    reviewer = ReviewerFactory()

    # The member submits a blog post.
    sign_in(page, member.email)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Campaigns").click()
    page.get_by_role("link", name="Co-write the advanced tutorial").click()
    expect(
        page.get_by_text("the first 5 selected submissions get 1,000 points each")
    ).to_be_visible()
    page.get_by_role("link", name="Submit your content").click()
    page.get_by_label("Title").fill("Backup and restore to NFS")
    page.get_by_label("Channel").select_option(label="Blog post")
    page.get_by_label("URL").fill("https://blog.example.org/backup-to-nfs")
    page.get_by_label("Summary").fill("Step by step, with the commands we ran.")
    page.get_by_role("button", name="Submit", exact=True).click()
    expect(page.get_by_text("“Backup and restore to NFS” is waiting for review.")).to_be_visible()
    expect(page.locator(".status").first).to_have_text("waiting for review")

    # A reviewer selects it in the admin, with a comment.
    reviewer_context = browser.new_context(base_url=live_server.url, locale="en-US")
    admin = reviewer_context.new_page()
    admin.set_default_timeout(15_000)
    # The admin's pages link no icon, so the browser asks for /favicon.ico, which
    # the site does not serve: look at every other failure and at CSP refusals.
    admin_errors = []
    admin.on(
        "console",
        lambda m: (
            m.type == "error"
            and "Failed to load resource" not in m.text
            and admin_errors.append(m.text)
        ),
    )
    admin.on(
        "response",
        lambda r: (
            r.status >= 400
            and not r.url.endswith("/favicon.ico")
            and admin_errors.append(f"{r.status} {r.url}")
        ),
    )
    sign_in(admin, reviewer.email)
    admin.goto("/admin/submissions/submission/?state__exact=submitted")
    admin.get_by_role("row", name="Backup and restore to NFS").get_by_role("checkbox").check()
    admin.locator("select[name=action]").select_option("select_submissions")
    admin.locator("button[name=index]").click()  # "Go"
    admin.get_by_label("Comment to the author").fill("Welcome aboard!")
    admin.get_by_role("button", name="Select", exact=True).click()
    expect(
        admin.get_by_text("“Backup and restore to NFS” is selected: +1,000 points (Angel round).")
    ).to_be_visible()
    reviewer_context.close()

    # The member sees the points, the leaderboard and the acknowledgments.
    page.goto(campaign.get_absolute_url())
    page.get_by_role("link", name="My points").first.click()
    expect(page.get_by_test_id("points-balance")).to_have_text("Your balance: 1,000 points")
    expect(page.get_by_role("cell", name="+1,000")).to_be_visible()
    expect(page.get_by_role("cell", name="Backup and restore to NFS")).to_be_visible()

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Leaderboard").click()
    expect(page.locator("tr.is-me")).to_contain_text("Lin Xiao")
    expect(page.get_by_test_id("my-rank")).to_contain_text("You are number 1 with 1,000 points.")

    page.goto(campaign.get_absolute_url())
    page.get_by_role("link", name="Acknowledgments").click()
    expect(
        page.get_by_role("main").get_by_role("listitem").filter(has_text="Lin Xiao")
    ).to_contain_text("Backup and restore to NFS")

    assert page.console_errors == []  # a CSP violation would show up here
    assert admin_errors == []
