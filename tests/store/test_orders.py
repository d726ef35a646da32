"""Redeeming points: the debit, the stock, the limit, the refund, the leaderboards."""

from io import StringIO

import pytest
from django.core.management import call_command

from community_portal.notifications.models import Notification
from store import services
from store.enums import OrderState
from store.errors import StoreError
from store.models import Order, OrderTransition
from submissions import selectors as ledger_selectors
from submissions.models import PointEntry, PointsTotal
from tests.factories.store import RewardFactory, give_points

pytestmark = pytest.mark.django_db

ADDRESS = "Lin Xiao\n88 Keyuan Road, Shanghai 201203\n+86 138 0000 0000"


def balance(member):
    return ledger_selectors.points_balance(member=member)


def test_an_order_debits_the_price_and_takes_one_from_the_stock(member):
    give_points(member, 300)
    reward = RewardFactory(price=120, stock=2)

    order = services.order_place(member=member, reward=reward, shipping_address=ADDRESS)

    assert balance(member) == 180
    reward.refresh_from_db()
    assert reward.stock == 1
    assert order.state == OrderState.PLACED
    assert order.redemption.amount == -120
    assert order.redemption.source == order
    assert list(order.transitions.values_list("to_state", flat=True)) == ["placed"]
    assert Notification.objects.filter(recipient=member, subject__contains="is placed").exists()


def test_an_order_beyond_the_balance_is_refused_and_nothing_changes(member):
    give_points(member, 99)
    reward = RewardFactory(price=100)

    with pytest.raises(StoreError, match="your balance is 99"):
        services.order_place(member=member, reward=reward, shipping_address=ADDRESS)

    assert balance(member) == 99
    assert Order.objects.count() == 0
    reward.refresh_from_db()
    assert reward.stock == 10


def test_an_order_out_of_stock_or_over_the_limit_is_refused(member):
    give_points(member, 1000)
    sold_out = RewardFactory(stock=0)
    with pytest.raises(StoreError, match="out of stock"):
        services.order_place(member=member, reward=sold_out, shipping_address=ADDRESS)

    reward = RewardFactory(per_member_limit=2)
    services.order_place(member=member, reward=reward, shipping_address=ADDRESS)
    services.order_place(member=member, reward=reward, shipping_address=ADDRESS)
    with pytest.raises(StoreError, match="as many times as one member may"):
        services.order_place(member=member, reward=reward, shipping_address=ADDRESS)
    assert balance(member) == 800


def test_a_shipped_reward_needs_an_address_a_digital_one_none(member):
    give_points(member, 1000)
    with pytest.raises(StoreError) as refusal:
        services.order_place(member=member, reward=RewardFactory(), shipping_address="  ")
    assert refusal.value.field == "shipping_address"

    ticket = RewardFactory(needs_shipping=False, kind="ticket")
    order = services.order_place(member=member, reward=ticket, shipping_address="ignored")
    assert order.shipping_address == ""


def test_an_inactive_reward_is_not_sold(member):
    give_points(member, 1000)
    with pytest.raises(StoreError):
        services.order_place(
            member=member, reward=RewardFactory(active=False), shipping_address=ADDRESS
        )


def test_cancelling_refunds_once_and_puts_the_item_back(member):
    give_points(member, 100)
    reward = RewardFactory(stock=1)
    order = services.order_place(member=member, reward=reward, shipping_address=ADDRESS)

    services.order_cancel(order=order, actor=member)

    order.refresh_from_db()
    assert order.state == OrderState.CANCELLED
    assert order.refund.amount == 100
    assert order.refund.reverses == order.redemption
    assert balance(member) == 100
    reward.refresh_from_db()
    assert reward.stock == 1
    with pytest.raises(StoreError):
        services.order_cancel(order=order, actor=member)
    assert PointEntry.objects.filter(amount=100, reverses__isnull=False).count() == 1
    assert balance(member) == 100
    assert Notification.objects.filter(recipient=member, subject__contains="cancelled").count() == 1
    # The ledger's own "correction" notification is not sent for a refund.
    assert not Notification.objects.filter(
        recipient=member, subject__contains="correction"
    ).exists()


def test_a_member_cannot_cancel_a_shipped_order_nor_someone_elses(member, other_member, reviewer):
    give_points(member, 100)
    order = services.order_place(member=member, reward=RewardFactory(), shipping_address=ADDRESS)
    with pytest.raises(StoreError):
        services.order_cancel(order=order, actor=other_member)

    services.order_ship(order=order, actor=reviewer)
    with pytest.raises(StoreError):
        services.order_cancel(order=order, actor=member)
    order.refresh_from_db()
    assert order.state == OrderState.SHIPPED


def test_orders_move_placed_shipped_delivered_with_history(member, reviewer):
    give_points(member, 100)
    order = services.order_place(member=member, reward=RewardFactory(), shipping_address=ADDRESS)

    services.order_ship(order=order, actor=reviewer, comment="SF Express 123")
    services.order_deliver(order=order, actor=reviewer)

    steps = OrderTransition.objects.filter(order=order).order_by("id")
    assert [(s.from_state, s.to_state, s.actor) for s in steps] == [
        ("", "placed", member),
        ("placed", "shipped", reviewer),
        ("shipped", "delivered", reviewer),
    ]
    assert Notification.objects.filter(recipient=member, subject__contains="on its way").exists()
    with pytest.raises(StoreError):
        services.order_cancel(order=order, actor=reviewer, comment="Lost")


def test_only_those_who_ship_ship_and_a_reviewer_cancel_says_why(member, other_member, reviewer):
    give_points(member, 100)
    order = services.order_place(member=member, reward=RewardFactory(), shipping_address=ADDRESS)
    with pytest.raises(StoreError, match="Only those who ship"):
        services.order_ship(order=order, actor=other_member)
    with pytest.raises(StoreError) as refusal:
        services.order_cancel(order=order, actor=reviewer, comment="")
    assert refusal.value.field == "comment"

    services.order_cancel(order=order, actor=reviewer, comment="Out of this size")
    assert balance(member) == 100


def test_redemptions_and_refunds_leave_the_leaderboards_and_summary_alone(member):
    give_points(member, 500)
    before = dict(PointsTotal.objects.filter(member=member).values_list("period", "points"))
    first = services.order_place(
        member=member, reward=RewardFactory(price=200), shipping_address=ADDRESS
    )
    services.order_place(member=member, reward=RewardFactory(price=100), shipping_address=ADDRESS)
    services.order_cancel(order=first, actor=member)

    after = dict(PointsTotal.objects.filter(member=member).values_list("period", "points"))
    assert after == before == {"all": 500, "year": 500, "month": 500}
    board = ledger_selectors.leaderboard(viewer=member)
    assert [row.points for row in board[0:1]] == [500]
    assert ledger_selectors.points_earned(member=member) == 500
    assert balance(member) == 400
    out = StringIO()
    call_command("rebuild_points_summary", "--check", stdout=out)
    assert "matches the ledger" in out.getvalue()


def test_the_database_refuses_a_negative_stock():
    from django.db import IntegrityError, transaction

    from store.models import Reward

    reward = RewardFactory(stock=0)
    with pytest.raises(IntegrityError), transaction.atomic():
        Reward.objects.filter(pk=reward.pk).update(stock=-1)
