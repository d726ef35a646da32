"""Reviewers keep the levels' texts and decide partnerships with actions: start the
qualification review, qualify, decline, record the signed agreement, evaluate the
term, and decide the renewal. Every decision goes through a service."""

from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from community_portal.core.admin import (
    AllowedMovesMixin,
    ChangedByActionsMixin,
    ListFiltersMixin,
    ReadOnlyInline,
)
from community_portal.core.admin_actions import FormAction
from community_portal.core.translated import search_fields
from partners import services
from partners.enums import PARTNERSHIP_TABLE
from partners.forms import AgreementForm, DecisionForm, EvaluationForm, RenewalForm
from partners.models import PartnerEvaluation, Partnership, PartnershipLevel, PartnershipStep
from partners.services import PartnerError


@admin.register(PartnershipLevel)
class PartnershipLevelAdmin(ListFiltersMixin, TranslationAdmin):
    list_display = ["name", "code", "rank", "standing"]
    search_fields = search_fields("name")
    readonly_fields = ["code"]

    def has_add_permission(self, request):
        # The four levels of the seed; their texts are edited, not their number.
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class StepInline(ReadOnlyInline):
    model = PartnershipStep
    fields = readonly_fields = [
        "created_at",
        "actor",
        "step",
        "from_state",
        "to_state",
        "level",
        "term_ends_on",
        "comment",
        "internal_note",
    ]
    verbose_name_plural = _("history")


class EvaluationInline(ReadOnlyInline):
    model = PartnerEvaluation
    fields = readonly_fields = [
        "term_ends_on",
        "outcome",
        "satisfaction",
        "improvements",
        "evaluated_by",
        "evaluated_at",
    ]


def _rows(queryset):
    return list(queryset.select_related("level", "applicant", "participation"))


def _action(description, form_class, run, **form_kwargs) -> FormAction:
    return FormAction(
        description=description,
        form_class=form_class,
        form_kwargs=form_kwargs,
        run=run,
        errors=(PartnerError,),
        involved=services.involved_in,
        name_rows_in_errors=False,
        rows=_rows,
        row_details=lambda row: f"{row.level} · {row.get_state_display()}",
    )


def _words(data):
    return {"comment": data.get("comment", ""), "internal_note": data.get("internal_note", "")}


@admin.register(Partnership)
class PartnershipAdmin(
    AllowedMovesMixin, ChangedByActionsMixin, ListFiltersMixin, admin.ModelAdmin
):
    workflow_table = PARTNERSHIP_TABLE
    list_display = [
        "organization_name",
        "level",
        "partner_type",
        "state",
        "applicant",
        "term_ends_on",
        "created_at",
    ]
    list_filter = ["state", "level", "partner_type", "term_ends_on", "created_at"]
    search_fields = [
        "organization_name",
        "website",
        "contact_name",
        "contact_email",
        "applicant__username",
        "applicant__display_name",
        "applicant__email",
    ]
    list_select_related = ["level", "applicant"]
    date_hierarchy = "created_at"
    inlines = [EvaluationInline, StepInline]
    fieldsets = [
        (None, {"fields": ["state", "moves_allowed_now", "level", "partner_type", "applicant"]}),
        (
            _("Organization"),
            {
                "fields": [
                    "organization_name",
                    "website",
                    "logo_preview",
                    "participation",
                    "description",
                    "qualifications",
                ]
            },
        ),
        (_("Contact (private)"), {"fields": ["contact_name", "contact_email"]}),
        (
            _("Agreement"),
            {"fields": ["signed_on", "term_years", "term_ends_on"]},
        ),
        (_("Dates"), {"fields": ["created_at", "decided_at", "ended_at"]}),
    ]
    actions = ["start_review", "qualify", "reject", "sign", "evaluate", "decide_renewal"]

    start_review = _action(
        _("Start the qualification review"),
        DecisionForm,
        lambda row, user, data: services.partnership_start_review(
            partnership=row, actor=user, **_words(data)
        ),
    )
    qualify = _action(
        _("Qualify: prepare the agreement"),
        DecisionForm,
        lambda row, user, data: services.partnership_qualify(
            partnership=row, actor=user, **_words(data)
        ),
    )
    reject = _action(
        _("Decline (with a reason)"),
        DecisionForm,
        lambda row, user, data: services.partnership_reject(
            partnership=row, actor=user, **_words(data)
        ),
        comment_required=True,
    )
    sign = _action(
        _("Record the signed agreement: active"),
        AgreementForm,
        lambda row, user, data: services.partnership_sign(
            partnership=row,
            actor=user,
            signed_on=data["signed_on"],
            term_years=data["term_years"],
            **_words(data),
        ),
    )
    evaluate = _action(
        _("Record the yearly evaluation"),
        EvaluationForm,
        lambda row, user, data: services.partnership_evaluate(partnership=row, actor=user, **data),
    )
    decide_renewal = _action(
        _("Decide the renewal: renew, change level or end"),
        RenewalForm,
        lambda row, user, data: services.partnership_decide_renewal(
            partnership=row,
            actor=user,
            decision=data["decision"],
            level=data.get("level"),
            **_words(data),
        ),
    )

    def get_readonly_fields(self, request, obj=None):
        return [name for fieldset in self.fieldsets for name in fieldset[1]["fields"]]

    def workflow_involved(self, obj):
        return services.involved_in(obj)

    @admin.display(description=_("logo"))
    def logo_preview(self, obj):
        if not obj.logo:
            return "-"
        return format_html(
            '<img src="{}" alt="" width="160" height="64" style="object-fit: contain">',
            obj.logo.url,
        )
