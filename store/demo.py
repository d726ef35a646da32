"""Demo data: the gifts and souvenirs seeds 002 and 003 promise, on offer in the store,
and one order already shipped so the member sees the whole journey."""

from community_portal.core.seeding import add_translations
from members.models import User
from store import demo_texts, services
from store.enums import RewardKind
from store.models import Order, Reward

REWARDS = [
    # name, kind, price, stock, per member, shipped, description
    (
        "Community T-shirt",
        RewardKind.SWAG,
        300,
        40,
        2,
        True,
        "Organic cotton, the community logo on the front.",
    ),
    (
        "Advanced DBA tutorial, signed",
        RewardKind.BOOK,
        800,
        10,
        1,
        True,
        "The printed tutorial, signed by its co-authors.",
    ),
    (
        "Annual conference ticket",
        RewardKind.TICKET,
        1500,
        5,
        1,
        False,
        "A ticket code sent to you by e-mail.",
    ),
]


def seed():
    for name, kind, price, stock, limit, shipped, text in REWARDS:
        reward, _created = Reward.objects.get_or_create(
            name_en=name,
            defaults={
                "name": name,
                "description": text,
                "kind": kind,
                "price": price,
                "stock": stock,
                "per_member_limit": limit,
                "needs_shipping": shipped,
            },
        )
        add_translations(reward, demo_texts.REWARDS[name])
    _shipped_order()
    return None


def _shipped_order():
    """linxiao (the demo's top contributor) redeemed a T-shirt; the reviewer shipped it."""
    member = User.objects.filter(username="linxiao").first()
    reviewer = User.objects.filter(username="reviewer").first()
    if member is None or reviewer is None or Order.objects.filter(member=member).exists():
        return
    shirt = Reward.objects.get(name_en="Community T-shirt")
    order = services.order_place(member=member, reward=shirt, shipping_address=demo_texts.ADDRESS)
    services.order_ship(order=order, actor=reviewer, comment="SF Express SF1234567890")
