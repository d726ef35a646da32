"""A selection nominates its author; a reviewer chooses her star of the month in the
admin with a citation; visitors find her in the hall of fame from the home page and
see the badge on her profile. The reviewer also sends the submission through the
essay competition's green channel, and the judge finds it on the judges' page."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from submissions import services as submission_services
from tests.browser.test_submissions_journey import sign_in
from tests.factories.members import MemberFactory, ReviewerFactory
from tests.factories.recognition import JudgeFactory
from tests.factories.submissions import SubmissionFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_star_of_the_month_and_the_green_channel(browser, live_server):
    author = MemberFactory(display_name="Lin Xiao")
    reviewer = ReviewerFactory()
    judge = JudgeFactory()
    submission = SubmissionFactory(author=author, title="Backup and restore to NFS")
    submission_services.submission_select(submission=submission, reviewer=reviewer)
    month = timezone.localdate().strftime("%B %Y")

    admin_context = browser.new_context(base_url=live_server.url)
    admin = admin_context.new_page()
    admin.set_default_timeout(15_000)
    sign_in(admin, reviewer.email)
    admin.goto("/admin/recognition/nomination/?state__exact=nominated")
    admin.get_by_role("row", name="Lin Xiao").get_by_role("checkbox").check()
    admin.locator("select[name=action]").select_option("choose_stars")
    admin.locator("button[name=index]").click()  # "Go"
    admin.get_by_label("Citation").fill("The backup chapter everyone asked for.")
    admin.get_by_role("button", name="Choose as stars (with a citation)").click()
    expect(admin.get_by_text("1 row done: Choose as stars (with a citation).")).to_be_visible()

    admin.goto("/admin/submissions/submission/?state__exact=selected")
    admin.get_by_role("row", name="Backup and restore to NFS").get_by_role("checkbox").check()
    admin.locator("select[name=action]").select_option("recommend_to_essay_competition")
    admin.locator("button[name=index]").click()
    admin.get_by_label("Note for the judges").fill("Clear enough to stand as an essay.")
    admin.get_by_role("button", name="Recommend to the essay competition (green channel)").click()
    expect(admin.get_by_text("1 row done")).to_be_visible()
    admin_context.close()

    visitor_context = browser.new_context(base_url=live_server.url)
    page = visitor_context.new_page()
    page.set_default_timeout(15_000)
    page.goto("/")
    expect(page.get_by_test_id("home-stars")).to_contain_text("Lin Xiao")
    page.get_by_role("link", name="The hall of fame").click()
    star = page.get_by_test_id("star")
    expect(star).to_contain_text(f"Star of {month}")
    expect(star).to_contain_text("The backup chapter everyone asked for.")
    star.get_by_role("link", name="Lin Xiao").click()
    expect(page.get_by_test_id("star-badges")).to_contain_text(f"★ Star of {month}")
    visitor_context.close()

    judge_context = browser.new_context(base_url=live_server.url)
    judging = judge_context.new_page()
    judging.set_default_timeout(15_000)
    sign_in(judging, judge.email)
    judging.goto("/stars/essay-competition/")
    expect(judging.get_by_test_id("essays")).to_contain_text("Backup and restore to NFS")
    expect(judging.get_by_test_id("essays")).to_contain_text("Clear enough to stand as an essay.")
    judge_context.close()
