"""Tiers with their thresholds, promotion requests and the tier history in the admin."""

from django.contrib import admin
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from community_portal.core.admin import (
    AllowedMovesMixin,
    ChangedByActionsMixin,
    ListFiltersMixin,
    ReadOnlyAdminMixin,
    ReadOnlyInline,
)
from community_portal.core.admin_actions import FormAction
from community_portal.notifications.admin import EscalatedFilter, EscalationAdminMixin
from community_portal.notifications.escalation import Escalation
from members.enums import TIER_REQUEST_TABLE, TierRequestState
from members.errors import MemberError
from members.forms import ReasonForm, TierApprovalForm, TierThresholdAdminForm
from members.models import Tier, TierChange, TierRequest, TierRequestStep, TierThreshold
from members.selectors.tiers import (
    ThresholdProgress,
    thresholds_below,
    tier_request_evidence,
    tier_requests_for_review,
)
from members.services.tiers import tier_request_approve, tier_request_decline


def _verdict(row: ThresholdProgress) -> str:
    if not row.is_measured:
        return gettext("not measured by the portal: the reviewers check it")
    if row.is_met:
        return gettext("met")
    return gettext("%(missing)d short") % {"missing": row.missing}


def _measured(row: ThresholdProgress) -> str:
    return "—" if row.value is None else str(row.value)


def evidence_summary(request: TierRequest) -> str:
    """One line per request: each threshold, needed against measured."""
    rows = tier_request_evidence(request)
    if not rows:
        return gettext("no thresholds")
    return "; ".join(
        gettext("%(measure)s %(value)s of %(minimum)d (%(verdict)s)")
        % {
            "measure": row.label,
            "value": _measured(row),
            "minimum": row.minimum,
            "verdict": _verdict(row),
        }
        for row in rows
    )


class TierThresholdInline(admin.TabularInline):
    model = TierThreshold
    form = TierThresholdAdminForm
    extra = 1


@admin.register(Tier)
class TierAdmin(ListFiltersMixin, TranslationAdmin):
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


class TierRequestStepInline(ReadOnlyInline):
    model = TierRequestStep
    fields = ["created_at", "from_state", "to_state", "actor", "comment"]
    readonly_fields = fields


@admin.register(TierRequest)
class TierRequestAdmin(
    EscalationAdminMixin,
    AllowedMovesMixin,
    ChangedByActionsMixin,
    ListFiltersMixin,
    admin.ModelAdmin,
):
    """Each request shows the thresholds of the tier asked for against the member's
    progress: measured now while it waits, as the decider saw them once decided."""

    escalation = Escalation((TierRequestState.PENDING,), "created_at")
    list_display = [
        "created_at",
        "member",
        "from_tier",
        "to_tier",
        "state",
        "thresholds",
        "suggested_by_portal",
        "decided_by",
        "escalated",
    ]
    list_filter = [EscalatedFilter, "state", "suggested_by_portal", "to_tier"]
    search_fields = ["member__username", "member__display_name", "evidence"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "member",
        "from_tier",
        "to_tier",
        "evidence",
        "suggested_by_portal",
        "suggested_by",
        "threshold_table",
        "state",
        "moves_allowed_now",
        "created_at",
        "decided_at",
        "decided_by",
        "decision_reason",
    ]
    fields = readonly_fields
    actions = ["approve", "decline"]
    inlines = [TierRequestStepInline]
    workflow_table = TIER_REQUEST_TABLE

    def workflow_involved(self, tier_request):
        return [tier_request.member_id]

    approve = FormAction(
        description=_("Approve: move the member to the tier asked for"),
        form_class=TierApprovalForm,
        run=lambda request, user, data: tier_request_approve(
            request=request,
            decided_by=user,
            reason=data["reason"],
            override_reason=data["override_reason"],
        ),
        row_details=evidence_summary,
        involved=lambda tier_request: [tier_request.member_id],
        help_text=_(
            "Below a threshold the portal measures, the approval needs the override reason; "
            "the tier history keeps it."
        ),
        errors=(MemberError,),
    )
    decline = FormAction(
        description=_("Decline the request"),
        form_class=ReasonForm,
        run=lambda request, user, data: tier_request_decline(
            request=request, decided_by=user, reason=data["reason"]
        ),
        involved=lambda tier_request: [tier_request.member_id],
        errors=(MemberError,),
    )

    def get_queryset(self, request):
        return tier_requests_for_review()

    @admin.display(description=_("thresholds: measured of needed"))
    def thresholds(self, tier_request):
        rows = tier_request_evidence(tier_request)
        if not rows:
            return "—"
        text = evidence_summary(tier_request)
        if thresholds_below(rows):
            return format_html("<strong>{}</strong>", text)
        return text

    @admin.display(description=_("thresholds"))
    def threshold_table(self, tier_request):
        rows = tier_request_evidence(tier_request)
        if not rows:
            return _("The tier asked for has no thresholds the portal measures.")
        header = format_html(
            "<tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>",
            _("Measure"),
            _("Needed"),
            _("Measured"),
            _("Verdict"),
        )
        body = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            ((row.label, row.minimum, _measured(row), _verdict(row)) for row in rows),
        )
        when = (
            _("Measured now.")
            if tier_request.state == TierRequestState.PENDING
            else _("As measured when the request was decided.")
        )
        return format_html(
            "<table><thead>{}</thead><tbody>{}</tbody></table><p>{}</p>", header, body, when
        )


@admin.register(TierChange)
class TierChangeAdmin(ReadOnlyAdminMixin, ListFiltersMixin, admin.ModelAdmin):
    """The tier history: read-only, written by members.services.tiers.member_change_tier."""

    list_display = [
        "decided_at",
        "member",
        "from_tier",
        "to_tier",
        "decided_by",
        "reason_text",
        "override_reason",
    ]
    list_filter = ["to_tier", "from_tier"]
    list_select_related = ["member", "from_tier", "to_tier", "decided_by"]
    search_fields = ["member__username", "member__display_name", "reason", "override_reason"]
    date_hierarchy = "decided_at"
    readonly_fields = [
        "member",
        "from_tier",
        "to_tier",
        "reason_text",
        "override_reason",
        "decided_by",
        "decided_at",
        "request",
    ]
    fields = readonly_fields
