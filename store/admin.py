"""Reviewers list rewards, and ship, deliver or cancel orders."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from community_portal.core.admin import ListFiltersMixin
from community_portal.core.admin_actions import FormAction
from community_portal.core.translated import search_fields
from store import services
from store.errors import StoreError
from store.forms import RewardAdminForm, ShippingCommentForm
from store.models import Order, OrderTransition, Reward


@admin.register(Reward)
class RewardAdmin(ListFiltersMixin, TranslationAdmin):
    form = RewardAdminForm
    list_display = [
        "name",
        "kind",
        "price",
        "stock",
        "per_member_limit",
        "needs_shipping",
        "active",
    ]
    list_filter = ["active", "kind", "needs_shipping"]
    search_fields = search_fields("name")
    list_editable = ["active"]


class OrderTransitionInline(admin.TabularInline):
    model = OrderTransition
    fields = ["created_at", "actor", "from_state", "to_state", "comment"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


def _shipping_action(service, *, description, comment_required=False):
    return FormAction(
        description=description,
        form_class=ShippingCommentForm,
        form_kwargs={"comment_required": comment_required},
        run=lambda order, user, data: service(order=order, actor=user, comment=data["comment"]),
        errors=(StoreError,),
        permission="ship",
        rows=lambda queryset: queryset.select_related("reward", "member"),
    )


@admin.register(Order)
class OrderAdmin(ListFiltersMixin, admin.ModelAdmin):
    list_display = ["__str__", "reward", "member", "price", "state", "placed_at"]
    list_filter = ["state", "reward"]
    search_fields = [
        "member__username",
        "member__email",
        "member__display_name",
        "=id",
        *search_fields("reward__name"),
    ]
    list_select_related = ["reward", "member"]
    date_hierarchy = "placed_at"
    inlines = [OrderTransitionInline]
    actions = ["ship_orders", "deliver_orders", "cancel_orders"]

    ship_orders = _shipping_action(services.order_ship, description=_("Mark as shipped"))
    deliver_orders = _shipping_action(services.order_deliver, description=_("Mark as delivered"))
    cancel_orders = _shipping_action(
        services.order_cancel,
        description=_("Cancel and refund the points (with a reason)"),
        comment_required=True,
    )

    def get_fields(self, request, obj=None):
        fields = ["reward", "member", "price", "state", "placed_at", "redemption", "refund"]
        if services.may_ship(request.user):
            fields.insert(4, "shipping_address")
        return fields

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_ship_permission(self, request):
        return services.may_ship(request.user)
