"""Certification levels, applications (moved step by step) and certificates in the admin."""

from django import forms
from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from community_portal.core.admin import (
    AllowedMovesMixin,
    ChangedByActionsMixin,
    ListFiltersMixin,
    ReadOnlyInline,
)
from community_portal.core.admin_actions import FormAction
from community_portal.core.images import RasterImageField
from community_portal.core.translated import search_fields
from community_portal.notifications.admin import EscalatedFilter, EscalationAdminMixin
from community_portal.notifications.escalation import Escalation
from members.enums import APPLICATION_TABLE, OPEN_APPLICATION_STATES, CertificateState
from members.errors import MemberError
from members.forms import (
    CommentForm,
    ProjectEvaluationForm,
    ReasonForm,
    RevocationForm,
    ScoreForm,
)
from members.models import (
    Certificate,
    CertificateEvent,
    CertificationApplication,
    CertificationApplicationStep,
    CertificationLevel,
)
from members.services.certifications import (
    certificate_renew,
    certificate_revoke,
    certification_application_confirm_eligibility,
    certification_application_evaluate_project,
    certification_application_issue,
    certification_application_record_test_score,
    certification_application_reject,
)


class CertificationLevelForm(forms.ModelForm):
    badge_image = RasterImageField(
        label=_("badge image"), required=False, max_side=800, widget=forms.ClearableFileInput
    )

    class Meta:
        model = CertificationLevel
        fields = [
            "track",
            "name",
            "slug",
            "rank",
            "badge_name",
            "badge_image",
            "description",
            "requirements",
            "validity_years",
            "pass_mark",
            "is_open",
        ]


@admin.register(CertificationLevel)
class CertificationLevelAdmin(ListFiltersMixin, TranslationAdmin):
    form = CertificationLevelForm
    list_display = ["name", "track", "rank", "badge_name", "validity", "pass_mark", "is_open"]
    list_filter = ["track", "is_open"]
    search_fields = search_fields("name", "badge_name")
    prepopulated_fields = {"slug": ["name"]}
    ordering = ["track", "rank"]

    @admin.display(description=_("validity"))
    def validity(self, level):
        if level.validity_years is None:
            return _("lifetime")
        return _("%(years)d years") % {"years": level.validity_years}


class ApplicationStepInline(ReadOnlyInline):
    model = CertificationApplicationStep
    fields = ["created_at", "action", "from_state", "to_state", "actor", "comment"]
    readonly_fields = fields


def _run(service, **names):
    """An admin action runner: calls ``service`` with the row, the user and the form's data."""

    def run(obj, user, data):
        return service(
            application=obj, reviewer=user, **{key: data[field] for key, field in names.items()}
        )

    return run


def _applicant(application):
    return [application.applicant_id]


@admin.register(CertificationApplication)
class CertificationApplicationAdmin(
    EscalationAdminMixin,
    AllowedMovesMixin,
    ChangedByActionsMixin,
    ListFiltersMixin,
    admin.ModelAdmin,
):
    escalation = Escalation(OPEN_APPLICATION_STATES, "updated_at")
    list_display = [
        "created_at",
        "applicant",
        "level",
        "state",
        "test_score",
        "updated_at",
        "escalated",
    ]
    list_filter = [EscalatedFilter, "state", "level__track", "level"]
    list_select_related = ["applicant", "level"]
    search_fields = ["applicant__username", "applicant__display_name", "motivation"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "applicant",
        "level",
        "motivation",
        "state",
        "moves_allowed_now",
        "test_score",
        "created_at",
        "updated_at",
    ]
    fields = readonly_fields
    inlines = [ApplicationStepInline]
    workflow_table = APPLICATION_TABLE

    def workflow_involved(self, application):
        return _applicant(application)

    actions = ["confirm_eligibility", "record_test_score", "evaluate_project", "issue", "reject"]

    confirm_eligibility = FormAction(
        description=_("1. Confirm eligibility"),
        form_class=CommentForm,
        run=_run(certification_application_confirm_eligibility, comment="comment"),
        involved=_applicant,
        errors=(MemberError,),
    )
    record_test_score = FormAction(
        description=_("2. Record the test score"),
        form_class=ScoreForm,
        single=True,
        run=_run(certification_application_record_test_score, score="score", comment="comment"),
        involved=_applicant,
        errors=(MemberError,),
    )
    evaluate_project = FormAction(
        description=_("3. Record the project evaluation"),
        form_class=ProjectEvaluationForm,
        run=_run(certification_application_evaluate_project, comment="comment"),
        involved=_applicant,
        errors=(MemberError,),
    )
    issue = FormAction(
        description=_("4. Issue the certificate"),
        form_class=CommentForm,
        run=_run(certification_application_issue, comment="comment"),
        involved=_applicant,
        errors=(MemberError,),
    )
    reject = FormAction(
        description=_("Reject"),
        form_class=ReasonForm,
        run=_run(certification_application_reject, reason="reason"),
        involved=_applicant,
        errors=(MemberError,),
    )


class CertificateStateFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return CertificateState.choices

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == CertificateState.VALID:
            return queryset.valid_on(today)
        if self.value() == CertificateState.EXPIRED:
            return queryset.expired_on(today)
        if self.value() == CertificateState.REVOKED:
            return queryset.revoked()
        return queryset


class CertificateEventInline(ReadOnlyInline):
    model = CertificateEvent
    fields = ["created_at", "kind", "actor", "expires_before", "expires_after", "comment"]
    readonly_fields = fields


@admin.register(Certificate)
class CertificateAdmin(ChangedByActionsMixin, ListFiltersMixin, admin.ModelAdmin):
    list_display = [
        "number",
        "holder",
        "level",
        "issued_on",
        "expires_on",
        "state",
        "renewal_requested_at",
    ]
    list_filter = [
        CertificateStateFilter,
        "level__track",
        "level",
        ("renewal_requested_at", admin.EmptyFieldListFilter),
    ]
    list_select_related = ["holder", "level"]
    search_fields = ["number", "holder__username", "holder__display_name"]
    date_hierarchy = "issued_on"
    readonly_fields = [
        "number",
        "holder",
        "level",
        "application",
        "issued_on",
        "expires_on",
        "state",
        "revoked_at",
        "revocation_reason",
        "renewal_requested_at",
        "renewal_note",
    ]
    fields = readonly_fields
    inlines = [CertificateEventInline]
    actions = ["renew", "revoke"]

    renew = FormAction(
        description=_("Renew: extend by the level's validity"),
        form_class=CommentForm,
        run=lambda certificate, user, data: certificate_renew(
            certificate=certificate, renewed_by=user, note=data["comment"]
        ),
        involved=lambda certificate: [certificate.holder_id],
        errors=(MemberError,),
    )
    revoke = FormAction(
        description=_("Revoke"),
        form_class=RevocationForm,
        run=lambda certificate, user, data: certificate_revoke(
            certificate=certificate, revoked_by=user, reason=data["reason"]
        ),
        errors=(MemberError,),
    )

    @admin.display(description=_("state"))
    def state(self, certificate):
        return certificate.state.label
