"""Demo data: the gifts and souvenirs seeds 002 and 003 promise, on offer in the store,
and one order already shipped so the member sees the whole journey."""

from community_portal.core.seeding import add_translations
from members.models import User
from store import services
from store.enums import RewardKind
from store.models import Order, Reward

REWARDS = [
    # name, kind, price, stock, per member, shipped, description, Chinese name, Chinese text
    (
        "Community T-shirt",
        RewardKind.SWAG,
        300,
        40,
        2,
        True,
        "Organic cotton, the community logo on the front.",
        "社区文化衫",
        "有机棉，正面印有社区标志。",
    ),
    (
        "Advanced DBA tutorial, signed",
        RewardKind.BOOK,
        800,
        10,
        1,
        True,
        "The printed tutorial, signed by its co-authors.",
        "进阶 DBA 教程签名版",
        "印刷版教程，由共同作者签名。",
    ),
    (
        "Annual conference ticket",
        RewardKind.TICKET,
        1500,
        5,
        1,
        False,
        "A ticket code sent to you by e-mail.",
        "年度大会门票",
        "门票码将通过电子邮件发送给你。",
    ),
]


def seed():
    for name, kind, price, stock, limit, shipped, text, zh_name, zh_text in REWARDS:
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
        add_translations(
            reward, {"name": {"zh-hans": zh_name}, "description": {"zh-hans": zh_text}}
        )
    _shipped_order()
    return None


def _shipped_order():
    """linxiao (the demo's top contributor) redeemed a T-shirt; the reviewer shipped it."""
    member = User.objects.filter(username="linxiao").first()
    reviewer = User.objects.filter(username="reviewer").first()
    if member is None or reviewer is None or Order.objects.filter(member=member).exists():
        return
    shirt = Reward.objects.get(name_en="Community T-shirt")
    order = services.order_place(
        member=member, reward=shirt, shipping_address="林晓\n上海市浦东新区科苑路 88 号 201203"
    )
    services.order_ship(order=order, actor=reviewer, comment="SF Express SF1234567890")
