"""``make run`` shows rewards the demo member can redeem, and a shipped order."""

import pytest
from django.core.management import call_command

from members.models import User
from store import services
from store.enums import OrderState
from store.models import Order, Reward
from submissions import selectors as ledger_selectors

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _development_mode(settings):
    settings.DEBUG = True


def test_the_demo_member_can_redeem_a_reward_and_linxiao_has_one_on_its_way():
    call_command("seed_demo")

    member = User.objects.get(username="member")
    balance = ledger_selectors.points_balance(member=member)
    affordable = Reward.objects.filter(active=True, stock__gt=0, price__lte=balance)
    assert affordable.exists()
    shirt = Reward.objects.get(name_en="Community T-shirt")
    assert shirt.name_zh_hans == "社区文化衫"
    assert Order.objects.get(member__username="linxiao").state == OrderState.SHIPPED

    order = services.order_place(member=member, reward=affordable.first(), shipping_address="x")
    assert order.state == OrderState.PLACED
