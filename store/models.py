"""Rewards in the points store and the members' orders, with their history."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from community_portal.core.models import StateChange
from store.enums import OrderState, RewardKind


class Reward(models.Model):
    """Something members redeem with points: swag, a book, a ticket."""

    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=RewardKind.choices)
    image = models.ImageField(_("image"), upload_to="store/rewards/", blank=True)
    price = models.PositiveIntegerField(_("price in points"))
    stock = models.IntegerField(_("stock"), help_text=_("How many are left to redeem."))
    per_member_limit = models.PositiveIntegerField(
        _("limit per member"), default=1, help_text=_("How many one member may redeem.")
    )
    needs_shipping = models.BooleanField(
        _("shipped"),
        default=True,
        help_text=_("Untick for a digital reward: no shipping address is asked."),
    )
    active = models.BooleanField(_("on offer"), default=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("reward")
        verbose_name_plural = _("rewards")
        ordering = ["price", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(stock__gte=0), name="reward_stock_not_negative"
            ),
            models.CheckConstraint(condition=models.Q(price__gte=1), name="reward_price_positive"),
            models.CheckConstraint(
                condition=models.Q(per_member_limit__gte=1), name="reward_limit_positive"
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("store:reward", args=[self.pk])


class Order(models.Model):
    """One reward redeemed by one member: the points were debited with it."""

    reward = models.ForeignKey(
        Reward, on_delete=models.PROTECT, related_name="orders", verbose_name=_("reward")
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="store_orders",
        verbose_name=_("member"),
    )
    price = models.PositiveIntegerField(_("points paid"))
    state = models.CharField(
        _("state"), max_length=10, choices=OrderState.choices, default=OrderState.PLACED
    )
    # Seen only by the member and by those who ship (``store.ship_order``).
    shipping_address = models.TextField(_("shipping address"), blank=True)
    redemption = models.OneToOneField(
        "submissions.PointEntry",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="store_order",
        verbose_name=_("debit"),
    )
    refund = models.OneToOneField(
        "submissions.PointEntry",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="store_refund",
        verbose_name=_("refund"),
    )
    placed_at = models.DateTimeField(_("placed"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = pgettext_lazy("store", "order")
        verbose_name_plural = _("orders")
        ordering = ["-placed_at", "-id"]
        permissions = [("ship_order", _("Can ship orders and see their shipping addresses"))]
        indexes = [models.Index(fields=["member", "reward"], name="order_member_reward_idx")]

    def __str__(self):
        return _("Order %(number)s") % {"number": self.pk}

    def get_absolute_url(self):
        return reverse("store:order", args=[self.pk])


class OrderTransition(StateChange):
    """One step of an order: placed, shipped, delivered or cancelled, by whom."""

    order = models.ForeignKey(
        Order,
        on_delete=models.CASCADE,
        related_name="transitions",
        verbose_name=pgettext_lazy("store", "order"),
    )
    from_state = models.CharField(_("from"), max_length=10, choices=OrderState.choices, blank=True)
    to_state = models.CharField(_("to"), max_length=10, choices=OrderState.choices)

    class Meta(StateChange.Meta):
        verbose_name = _("order step")
        verbose_name_plural = _("order steps")
