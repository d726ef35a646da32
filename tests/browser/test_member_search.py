"""Naming colleagues by searching for them: the field fills in their usernames."""

import pytest
from playwright.sync_api import expect

from tests.browser.test_programs_journey import sign_in
from tests.factories.members import MemberFactory
from tests.factories.programs import ProgramFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_typing_a_name_offers_members_and_adds_the_chosen_username(page):
    program = ProgramFactory()
    applicant = MemberFactory(username="mei")
    MemberFactory(username="linxiao", display_name="Lin Xiao")
    MemberFactory(username="wanglei", display_name="Wang Lei")

    sign_in(page, applicant)
    page.goto(f"/programs/{program.slug}/apply/")
    search = page.get_by_label("Find a member by name or username")
    search.press_sequentially("Lin X", delay=50)
    options = page.locator("datalist option")
    expect(options).to_have_count(1)
    assert options.first.get_attribute("value") == "linxiao"
    search.fill("linxiao")  # what choosing the suggestion types into the box
    search.dispatch_event("input")

    expect(page.get_by_label("Named community members")).to_have_value("linxiao")
    expect(search).to_have_value("")
    assert page.console_errors == []
