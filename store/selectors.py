"""What the store pages read."""

from django.db.models import Count, QuerySet

from store.enums import OrderState
from store.models import Order, Reward


def rewards_on_offer() -> QuerySet[Reward]:
    return Reward.objects.filter(active=True).order_by("price", "id")


def reward_for_viewer(*, pk: int) -> Reward | None:
    return rewards_on_offer().filter(pk=pk).first()


def orders_taken(*, member, rewards) -> dict[int, int]:
    """How many of each reward the member holds (orders not cancelled), in one query."""
    if member is None or not member.is_authenticated:
        return {}
    rows = (
        Order.objects.filter(member=member, reward__in=rewards)
        .exclude(state=OrderState.CANCELLED)
        .values("reward_id")
        .annotate(taken=Count("id"))
    )
    return {row["reward_id"]: row["taken"] for row in rows}


def member_orders(*, member) -> QuerySet[Order]:
    return (
        Order.objects.filter(member=member).select_related("reward").order_by("-placed_at", "-id")
    )


def order_for_viewer(*, pk: int, user, may_ship: bool) -> Order | None:
    """The order, for its member or for those who ship; None for everyone else."""
    if not user.is_authenticated:
        return None
    orders = Order.objects.select_related("reward", "member")
    if not may_ship:
        orders = orders.filter(member=user)
    return orders.filter(pk=pk).first()
