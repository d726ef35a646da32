"""Orders placed at the same instant: the stock, the balance and the limit hold."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Sum

from store import services
from store.errors import StoreError
from store.models import Order, Reward
from submissions import selectors as ledger_selectors
from submissions.models import PointEntry
from tests.factories.members import MemberFactory
from tests.factories.store import RewardFactory, give_points
from tests.parallel import refusals, run_at_once

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ADDRESS = "88 Keyuan Road, Shanghai"


def _order(member, reward):
    return lambda: services.order_place(member=member, reward=reward, shipping_address=ADDRESS)


def test_fifty_members_ordering_ten_items_at_once_get_exactly_ten():
    reward = RewardFactory(price=100, stock=10)
    members = MemberFactory.create_batch(50)
    for member in members:
        give_points(member, 100)

    results = run_at_once([_order(member, reward) for member in members])

    assert len(refusals(results, StoreError)) == 40
    assert [r for r in results if isinstance(r, Exception) and not isinstance(r, StoreError)] == []
    reward.refresh_from_db()
    assert reward.stock == 0
    assert Order.objects.count() == 10
    debits = PointEntry.objects.filter(amount__lt=0)
    assert debits.count() == 10
    assert set(debits.values_list("source_id", flat=True)) == set(
        Order.objects.values_list("pk", flat=True)
    )
    assert PointEntry.objects.aggregate(total=Sum("amount"))["total"] == 50 * 100 - 10 * 100
    for member in members:
        assert ledger_selectors.points_balance(member=member) >= 0
    out = StringIO()
    call_command("rebuild_points_summary", "--check", stdout=out)
    assert "matches the ledger" in out.getvalue()


def test_one_member_ordering_from_ten_threads_with_points_for_three_gets_three():
    member = MemberFactory()
    give_points(member, 300)
    reward = RewardFactory(price=100, stock=50, per_member_limit=10)

    results = run_at_once([_order(member, reward) for _ in range(10)])

    assert len(refusals(results, StoreError)) == 7
    assert Order.objects.filter(member=member).count() == 3
    assert ledger_selectors.points_balance(member=member) == 0
    assert Reward.objects.get(pk=reward.pk).stock == 47


def test_the_per_member_limit_holds_under_concurrency():
    member = MemberFactory()
    give_points(member, 10_000)
    reward = RewardFactory(price=100, stock=50, per_member_limit=2)

    results = run_at_once([_order(member, reward) for _ in range(8)])

    assert len(refusals(results, StoreError)) == 6
    assert Order.objects.filter(member=member).count() == 2
    assert ledger_selectors.points_balance(member=member) == 9_800


def test_concurrent_cancellations_refund_once():
    member = MemberFactory()
    give_points(member, 100)
    reward = RewardFactory(price=100, stock=1)
    order = services.order_place(member=member, reward=reward, shipping_address=ADDRESS)

    results = run_at_once(
        [lambda: services.order_cancel(order=order, actor=member) for _ in range(5)]
    )

    assert len(refusals(results, StoreError)) == 4
    assert PointEntry.objects.filter(reverses=order.redemption).count() == 1
    assert ledger_selectors.points_balance(member=member) == 100
    assert Reward.objects.get(pk=reward.pk).stock == 1
