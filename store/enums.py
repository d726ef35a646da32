from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from community_portal.core.workflow import Move, TransitionTable


class RewardKind(models.TextChoices):
    SWAG = "swag", _("Swag")
    BOOK = "book", _("Book")
    TICKET = "ticket", _("Ticket")
    OTHER = "other", _("Other")


class OrderState(models.TextChoices):
    PLACED = "placed", _("placed")
    SHIPPED = "shipped", _("shipped")
    DELIVERED = "delivered", _("delivered")
    CANCELLED = "cancelled", pgettext_lazy("order state", "cancelled")


# Who moves an order: those who ship (the ``store.ship_order`` permission), or the
# member who placed it (cancelling while nothing was sent yet).
SHIPPER = "shipper"
CUSTOMER = "member"

SHIPPING_MOVES = TransitionTable(
    [
        Move(OrderState.PLACED, OrderState.SHIPPED, SHIPPER),
        Move(OrderState.SHIPPED, OrderState.DELIVERED, SHIPPER),
        Move(OrderState.PLACED, OrderState.CANCELLED, SHIPPER, needs_comment=True),
        Move(OrderState.SHIPPED, OrderState.CANCELLED, SHIPPER, needs_comment=True),
    ]
)
MEMBER_MOVES = TransitionTable(
    [Move(OrderState.PLACED, OrderState.CANCELLED, CUSTOMER)], parties=[CUSTOMER]
)
