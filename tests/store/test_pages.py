"""The store's pages: who sees what, the order form, the query budget."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from store import services
from store.enums import OrderState
from store.models import Order
from tests.factories.members import MemberFactory
from tests.factories.stations import station_lead
from tests.factories.store import RewardFactory, give_points

pytestmark = pytest.mark.django_db

ADDRESS = "Lin Xiao, 88 Keyuan Road, Shanghai 201203"


@pytest.fixture
def order(member):
    give_points(member, 500)
    return services.order_place(member=member, reward=RewardFactory(), shipping_address=ADDRESS)


def test_the_store_lists_rewards_with_price_stock_and_what_the_member_can_afford(client, member):
    give_points(member, 150)
    RewardFactory(name="Sticker pack", price=100, stock=3)
    RewardFactory(name="Hoodie", price=400)
    RewardFactory(name="Retired mug", active=False)
    client.force_login(member)

    page = client.get(reverse("store:list")).content.decode()

    assert "Sticker pack" in page and "Hoodie" in page and "Retired mug" not in page
    assert "3 left" in page
    assert "You have 150 points to spend." in page
    assert page.count("You can redeem this") == 1
    assert page.count("Not enough points yet") == 1


def test_anonymous_visitors_see_the_store_and_are_asked_to_sign_in(client):
    reward = RewardFactory()
    assert "Sign in to redeem" in client.get(reverse("store:list")).content.decode()
    response = client.post(reward.get_absolute_url(), {"shipping_address": ADDRESS})
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
    assert Order.objects.count() == 0


@pytest.mark.parametrize("count", [1, 50])
def test_the_store_list_runs_the_same_queries_for_one_reward_as_for_fifty(
    client, member, django_assert_num_queries, count
):
    give_points(member, 100)
    RewardFactory.create_batch(count)
    client.force_login(member)
    client.get(reverse("store:list"))  # session, caches

    with django_assert_num_queries(QUERIES_FOR_LIST):
        client.get(reverse("store:list"))


# session + user, the page count and page, the member's orders, the balance,
# the header's unread count and a cache read: the same for any number of rewards.
QUERIES_FOR_LIST = 6


def test_ordering_on_the_reward_page_debits_and_shows_the_order(client, member):
    give_points(member, 100)
    reward = RewardFactory(price=100)
    client.force_login(member)

    response = client.post(reward.get_absolute_url(), {"shipping_address": ADDRESS}, follow=True)

    order = Order.objects.get()
    assert response.redirect_chain[-1][0] == order.get_absolute_url()
    assert ADDRESS in response.content.decode()
    assert "You have 0 points to spend." in client.get(reverse("store:list")).content.decode()


def test_an_order_without_address_or_points_shows_the_message_beside_the_form(client, member):
    give_points(member, 50)
    reward = RewardFactory(price=100)
    client.force_login(member)

    missing = client.post(reward.get_absolute_url(), {"shipping_address": ""})
    assert missing.status_code == 200
    assert "This field is required." in missing.content.decode()

    poor = client.post(reward.get_absolute_url(), {"shipping_address": ADDRESS})
    assert poor.status_code == 200
    assert "your balance is 50" in poor.content.decode()
    assert Order.objects.count() == 0


def test_a_digital_reward_asks_no_address(client, member):
    give_points(member, 100)
    ticket = RewardFactory(needs_shipping=False, kind="ticket")
    client.force_login(member)
    page = client.get(ticket.get_absolute_url()).content.decode()
    assert "shipping_address" not in page
    assert client.post(ticket.get_absolute_url(), {}).status_code == 302
    assert Order.objects.get().shipping_address == ""


def _shipper():
    shipper = MemberFactory()
    shipper.user_permissions.add(Permission.objects.get(codename="ship_order"))
    return shipper


@pytest.mark.parametrize(
    ("who", "sees"),
    [
        ("anonymous", False),
        ("other member", False),
        ("lead of another station", False),
        ("owner", True),
        ("reviewer", True),
        ("shipper", True),
    ],
)
def test_an_order_and_its_address_are_seen_by_the_member_and_those_who_ship(
    client, order, reviewer, who, sees
):
    viewer = {
        "anonymous": None,
        "other member": MemberFactory(),
        "lead of another station": station_lead(),
        "owner": order.member,
        "reviewer": reviewer,
        "shipper": _shipper(),
    }[who]
    if viewer is not None:
        client.force_login(viewer)

    response = client.get(order.get_absolute_url())

    if sees:
        assert response.status_code == 200
        assert ADDRESS in response.content.decode()
    else:
        assert response.status_code in (302, 404)
        assert ADDRESS not in response.content.decode()


def test_my_orders_lists_only_the_members_own(client, order, other_member):
    client.force_login(other_member)
    assert order.reward.name not in client.get(reverse("store:orders")).content.decode()
    client.force_login(order.member)
    assert order.reward.name in client.get(reverse("store:orders")).content.decode()


def test_the_member_cancels_a_placed_order_and_gets_the_points_back(client, order, other_member):
    url = reverse("store:order_cancel", args=[order.pk])
    client.force_login(other_member)
    assert client.post(url).status_code == 404
    client.force_login(order.member)

    client.post(url, {"comment": "Wrong size"})

    order.refresh_from_db()
    assert order.state == OrderState.CANCELLED
    page = client.get(reverse("submissions:points")).content.decode()
    assert "Your balance: 500 points" in page
    assert "Points earned: 500" in page


def test_reviewers_ship_in_the_admin_and_see_the_address(client, order, reviewer):
    client.force_login(reviewer)
    changelist = reverse("admin:store_order_changelist")

    client.post(
        changelist,
        {"action": "ship_orders", "_selected_action": [order.pk], "apply": "1", "comment": "SF 1"},
    )

    order.refresh_from_db()
    assert order.state == OrderState.SHIPPED
    change = client.get(reverse("admin:store_order_change", args=[order.pk]))
    assert ADDRESS in change.content.decode()


def test_staff_without_the_shipping_permission_never_see_the_address(client, order):
    staff = MemberFactory(is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="view_order"))
    client.force_login(staff)

    change = client.get(reverse("admin:store_order_change", args=[order.pk]))

    assert change.status_code == 200
    assert ADDRESS not in change.content.decode()


def test_reviewers_cancel_in_the_admin_saying_why_and_the_points_come_back(client, order, reviewer):
    client.force_login(reviewer)
    changelist = reverse("admin:store_order_changelist")
    selected = {"action": "cancel_orders", "_selected_action": [order.pk], "apply": "1"}

    client.post(changelist, {**selected, "comment": ""})
    order.refresh_from_db()
    assert order.state == OrderState.PLACED

    client.post(changelist, {**selected, "comment": "This size is sold out"})
    order.refresh_from_db()
    assert order.state == OrderState.CANCELLED
    assert order.refund.amount == order.price
    assert order.transitions.last().comment == "This size is sold out"


def test_the_admin_order_list_filters_and_searches(client, order, reviewer):
    client.force_login(reviewer)
    changelist = reverse("admin:store_order_changelist")

    assert client.get(changelist, {"state": "placed"}).context["cl"].result_count == 1
    assert client.get(changelist, {"state": "shipped"}).context["cl"].result_count == 0
    found = client.get(changelist, {"q": order.member.username}).context["cl"].result_count
    assert found == 1


def test_a_reward_image_follows_the_banner_rules(client, reviewer):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(reviewer)
    svg = SimpleUploadedFile("logo.png", b"<svg xmlns='http://www.w3.org/2000/svg'/>")
    response = client.post(
        reverse("admin:store_reward_add"),
        {
            "name_en": "Mug",
            "kind": "swag",
            "price": 50,
            "stock": 5,
            "per_member_limit": 1,
            "needs_shipping": "on",
            "active": "on",
            "image": svg,
        },
    )

    assert response.status_code == 200
    assert "PNG, JPEG or WebP" in response.content.decode()


@pytest.mark.parametrize("count", [1, 50])
def test_my_orders_runs_the_same_queries_for_one_order_as_for_fifty(
    client, member, django_assert_num_queries, count
):
    give_points(member, 100 * count)
    reward = RewardFactory(stock=count, per_member_limit=count)
    for _ in range(count):
        services.order_place(member=member, reward=reward, shipping_address=ADDRESS)
    client.force_login(member)
    client.get(reverse("store:orders"))

    # session + user, the count, the page with its rewards, the header's unread count
    with django_assert_num_queries(4):
        client.get(reverse("store:orders"))
