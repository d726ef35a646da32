"""The store's services: place an order (the debit with it), ship, deliver, cancel.

``order_place`` takes, in one transaction, the member's row lock (so one member's
orders are decided one after another, each seeing the balance the previous one
left), then the reward's: the balance, the stock and the per-member limit are
read after both locks are held, so none is ever overrun, however many orders
arrive at once; the database also refuses a negative stock. The debit is a
negative ledger entry whose source is the order; a cancellation reverses it
(a refund, at most once: the ledger's constraint) and puts the item back.
The leaderboards count points earned, which neither entry changes.
"""

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from community_portal.core.messages import content, define, stored, translatable
from community_portal.core.workflow import change_state
from community_portal.notifications.services import notify
from members.models import User
from store.enums import CUSTOMER, MEMBER_MOVES, SHIPPER, SHIPPING_MOVES, OrderState
from store.errors import StoreError
from store.models import Order, OrderTransition, Reward
from submissions import selectors as ledger_selectors
from submissions.services import points_award, points_reverse

REDEEMED = define("store.redeemed", gettext_lazy("Redeemed in the store: %(reward)s"))
REFUNDED = define("store.refunded", gettext_lazy("Refund of a cancelled order: %(reward)s"))

MAX_ADDRESS = 1000


def may_ship(user) -> bool:
    """Those who ship orders, and see shipping addresses."""
    return bool(user is not None and user.is_authenticated and user.has_perm("store.ship_order"))


@transaction.atomic
def order_place(*, member: User, reward: Reward, shipping_address: str = "") -> Order:
    """Redeem ``reward`` for ``member``: the order and its debit, or a ``StoreError``."""
    address = (shipping_address or "").strip()
    # The member's row first, the reward's second: always in this order.
    User.objects.select_for_update().only("pk").get(pk=member.pk)
    reward = Reward.objects.select_for_update().get(pk=reward.pk)
    if not reward.active:
        raise StoreError(_("This reward is not offered any more."))
    if reward.needs_shipping and not address:
        raise StoreError(_("Say where to send it."), field="shipping_address")
    if len(address) > MAX_ADDRESS:
        raise StoreError(
            _("Keep the address under %(count)s characters.") % {"count": MAX_ADDRESS},
            field="shipping_address",
        )
    if reward.stock < 1:
        raise StoreError(_("This reward is out of stock."))
    taken = (
        Order.objects.filter(member=member, reward=reward)
        .exclude(state=OrderState.CANCELLED)
        .count()
    )
    if taken >= reward.per_member_limit:
        raise StoreError(
            _("You have redeemed this reward as many times as one member may (%(limit)s).")
            % {"limit": reward.per_member_limit}
        )
    balance = ledger_selectors.points_balance(member=member)
    if balance < reward.price:
        raise StoreError(
            _("This reward costs %(price)s points; your balance is %(balance)s.")
            % {"price": reward.price, "balance": balance}
        )
    Reward.objects.filter(pk=reward.pk).update(stock=F("stock") - 1)
    order = Order.objects.create(
        reward=reward,
        member=member,
        price=reward.price,
        shipping_address=address if reward.needs_shipping else "",
    )
    order.redemption = points_award(
        member=member,
        amount=-reward.price,
        reason=stored(REDEEMED, reward=content(reward, "name")),
        source=order,
        awarded_by=member,
        awarded_at=order.placed_at,
    )
    order.save(update_fields=["redemption"])
    OrderTransition.objects.create(
        order=order, actor=member, to_state=OrderState.PLACED, created_at=order.placed_at
    )
    notify(
        recipient=member,
        subject=gettext_noop("Your order of %(reward)s is placed"),
        body=gettext_noop(
            "%(points)s points were taken from your balance. We will tell you when it is sent."
        ),
        params={"reward": content(reward, "name"), "points": reward.price},
        url=order.get_absolute_url(),
    )
    return order


def order_ship(*, order: Order, actor: User, comment: str = "") -> Order:
    """Mark an order as sent (for a digital reward: the code or ticket was sent)."""
    with transaction.atomic():
        order, _source = _move(order, actor=actor, target=OrderState.SHIPPED, comment=comment)
        notify(
            recipient=order.member,
            actor=actor,
            subject=gettext_noop("Your order of %(reward)s is on its way"),
            body=gettext_noop("Comment: %(comment)s"),
            params={
                "reward": content(order.reward, "name"),
                "comment": order_comment(comment),
            },
            url=order.get_absolute_url(),
        )
    return order


def order_deliver(*, order: Order, actor: User, comment: str = "") -> Order:
    """Mark a sent order as delivered."""
    order, _source = _move(order, actor=actor, target=OrderState.DELIVERED, comment=comment)
    return order


@transaction.atomic
def order_cancel(*, order: Order, actor: User, comment: str = "") -> Order:
    """Cancel an order: the member while it is placed, a shipper before delivery
    (saying why). The points come back (a refund entry, once) and so does the item."""
    if actor.pk == order.member_id and order.state == OrderState.PLACED:
        order, _source = change_state(
            order,
            table=MEMBER_MOVES,
            target=OrderState.CANCELLED,
            actor=actor,
            role=CUSTOMER,
            error=StoreError,
            may_act=lambda who, row: who.pk == row.member_id,
            not_allowed=_("Only the member who placed the order can cancel it."),
            refused_move=_refused,
            comment=comment,
            history=OrderTransition,
            history_fields=lambda row: {"order": row},
            queryset=Order.objects.select_related("reward", "member", "redemption"),
        )
    else:
        order, _source = _move(order, actor=actor, target=OrderState.CANCELLED, comment=comment)
    order.refund = points_reverse(
        entry=order.redemption,
        reason=stored(REFUNDED, reward=content(order.reward, "name")),
        reversed_by=actor,
        tell_member=False,
    )
    order.save(update_fields=["refund"])
    Reward.objects.filter(pk=order.reward_id).update(stock=F("stock") + 1)
    notify(
        recipient=order.member,
        actor=actor,
        subject=gettext_noop("Your order of %(reward)s is cancelled"),
        body=gettext_noop("%(points)s points are back on your balance. Comment: %(comment)s"),
        params={
            "reward": content(order.reward, "name"),
            "points": order.price,
            "comment": order_comment(comment),
        },
        url=order.get_absolute_url(),
    )
    return order


def order_comment(comment: str):
    return (comment or "").strip() or translatable("(no comment)")


def _refused(row, source) -> str:
    return _("This order is %(state)s: it cannot be changed that way.") % {
        "state": OrderState(source).label
    }


def _move(order: Order, *, actor: User, target: str, comment: str):
    return change_state(
        order,
        table=SHIPPING_MOVES,
        target=target,
        actor=actor,
        role=SHIPPER,
        error=StoreError,
        may_act=lambda who, row: may_ship(who),
        not_allowed=_("Only those who ship orders can do this."),
        refused_move=_refused,
        comment=comment,
        history=OrderTransition,
        history_fields=lambda row: {"order": row},
        queryset=Order.objects.select_related("reward", "member", "redemption"),
    )
