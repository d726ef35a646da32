"""Tiers with their thresholds, promotion requests and the tier history in the admin."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from community_portal.core.admin import ChangedByActionsMixin, ListFiltersMixin, ReadOnlyAdminMixin
from community_portal.core.admin_actions import FormAction
from members.errors import MemberError
from members.forms import ReasonForm, TierThresholdAdminForm
from members.models import Tier, TierChange, TierRequest, TierThreshold
from members.services.tiers import tier_request_approve, tier_request_decline


class TierThresholdInline(admin.TabularInline):
    model = TierThreshold
    form = TierThresholdAdminForm
    extra = 1


@admin.register(Tier)
class TierAdmin(ListFiltersMixin, admin.ModelAdmin):
    list_display = ["__str__", "rank", "grants_review_access", "threshold_summary"]
    ordering = ["rank"]
    fields = ["level", "rank", "requirements", "privileges"]
    inlines = [TierThresholdInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("thresholds")

    @admin.display(description=_("grants reviewer access"), boolean=True)
    def grants_review_access(self, tier):
        return tier.grants_review_access

    @admin.display(description=_("thresholds"))
    def threshold_summary(self, tier):
        return "; ".join(str(threshold) for threshold in tier.thresholds.all()) or "—"


@admin.register(TierRequest)
class TierRequestAdmin(ChangedByActionsMixin, ListFiltersMixin, admin.ModelAdmin):
    list_display = ["created_at", "member", "from_tier", "to_tier", "state", "decided_by"]
    list_filter = ["state", "to_tier"]
    list_select_related = ["member", "from_tier", "to_tier", "decided_by"]
    search_fields = ["member__username", "member__display_name", "evidence"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "member",
        "from_tier",
        "to_tier",
        "evidence",
        "state",
        "created_at",
        "decided_at",
        "decided_by",
        "decision_reason",
    ]
    fields = readonly_fields
    actions = ["approve", "decline"]

    approve = FormAction(
        description=_("Approve: move the member to the tier asked for"),
        form_class=ReasonForm,
        run=lambda request, user, data: tier_request_approve(
            request=request, decided_by=user, reason=data["reason"]
        ),
        errors=(MemberError,),
    )
    decline = FormAction(
        description=_("Decline the request"),
        form_class=ReasonForm,
        run=lambda request, user, data: tier_request_decline(
            request=request, decided_by=user, reason=data["reason"]
        ),
        errors=(MemberError,),
    )


@admin.register(TierChange)
class TierChangeAdmin(ReadOnlyAdminMixin, ListFiltersMixin, admin.ModelAdmin):
    """The tier history: read-only, written by members.services.tiers.member_change_tier."""

    list_display = ["decided_at", "member", "from_tier", "to_tier", "decided_by", "reason"]
    list_filter = ["to_tier", "from_tier"]
    list_select_related = ["member", "from_tier", "to_tier", "decided_by"]
    search_fields = ["member__username", "member__display_name", "reason"]
    date_hierarchy = "decided_at"
    readonly_fields = [
        "member",
        "from_tier",
        "to_tier",
        "reason",
        "decided_by",
        "decided_at",
        "request",
    ]
    fields = readonly_fields
