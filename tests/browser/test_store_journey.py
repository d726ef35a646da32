"""A member with points finds the store from *My points*, redeems a T-shirt with an
address, sees the balance drop and the leaderboard total stay, then cancels."""

import pytest
from playwright.sync_api import expect

from tests.browser.test_submissions_journey import sign_in
from tests.factories.members import MemberFactory
from tests.factories.store import RewardFactory, give_points

pytestmark = pytest.mark.django_db(transaction=True)


def test_redeem_then_cancel_a_reward(page, live_server):
    member = MemberFactory()
    give_points(member, 500)
    RewardFactory(name="Community T-shirt", price=300, stock=2)

    sign_in(page, member.email)
    page.goto("/campaigns/points/")
    page.get_by_role("link", name="Spend your points in the store").click()
    expect(page.get_by_test_id("store-balance")).to_have_text("You have 500 points to spend.")
    page.get_by_role("link", name="Community T-shirt").click()
    page.get_by_label("Shipping address").fill("88 Keyuan Road, Shanghai 201203")
    page.get_by_role("button", name="Redeem for 300 points").click()

    expect(page.get_by_text("Your order is placed.")).to_be_visible()
    expect(page.get_by_test_id("order-state")).to_have_text("placed")
    page.goto("/campaigns/points/")
    expect(page.get_by_test_id("points-balance")).to_have_text("Your balance: 200 points")
    expect(page.get_by_test_id("points-earned")).to_contain_text("Points earned: 500")

    page.goto("/store/orders/")
    page.get_by_role("link", name=page.locator("tbody time").first.inner_text()).click()
    page.get_by_role("button", name="Cancel the order").click()
    expect(page.get_by_test_id("order-state")).to_have_text("cancelled")
    page.goto("/campaigns/points/")
    expect(page.get_by_test_id("points-balance")).to_have_text("Your balance: 500 points")
