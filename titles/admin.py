# ruff: noqa: RUF001 (an empty cell shows an en dash)
"""Terms of service and the certificate of service requests reviewers decide."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from community_portal.core.admin import (
    AllowedMovesMixin,
    ChangedByActionsMixin,
    ListFiltersMixin,
    ReadOnlyAdminMixin,
    ReadOnlyInline,
)
from community_portal.core.admin_actions import FormAction
from members.forms import CommentForm
from titles.enums import SERVICE_REQUEST_TABLE
from titles.errors import ServiceError
from titles.models import ServiceCertificateRequest, ServiceCertificateRequestStep, ServiceTerm
from titles.selectors import period_dates, term_title
from titles.services import service_certificate_decline, service_certificate_issue


class CurrentFilter(admin.SimpleListFilter):
    title = _("term")
    parameter_name = "current"

    def lookups(self, request, model_admin):
        return [("yes", _("goes on")), ("no", _("ended"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(ended_on__isnull=True)
        if self.value() == "no":
            return queryset.filter(ended_on__isnull=False)
        return queryset


_HOLDER_SEARCH = [
    "holder__username",
    "holder__display_name",
    "station__name",
    "volunteer_group__name",
]


@admin.register(ServiceTerm)
class ServiceTermAdmin(ReadOnlyAdminMixin, ListFiltersMixin, admin.ModelAdmin):
    list_display = ["holder", "role", "station", "volunteer_group", "started_on", "ended_on"]
    list_filter = [CurrentFilter, "role", "station", "volunteer_group"]
    list_select_related = ["holder", "station", "volunteer_group"]
    search_fields = _HOLDER_SEARCH
    date_hierarchy = "started_on"


class StepInline(ReadOnlyInline):
    model = ServiceCertificateRequestStep
    fields = ["created_at", "from_state", "to_state", "actor", "comment"]
    readonly_fields = fields


def _involved(request):
    return [request.term.holder_id, request.requested_by_id]


@admin.register(ServiceCertificateRequest)
class ServiceCertificateRequestAdmin(
    AllowedMovesMixin, ChangedByActionsMixin, ListFiltersMixin, admin.ModelAdmin
):
    list_display = ["created_at", "holder", "title", "period", "state", "certificate_link"]
    list_filter = ["state", "term__role", "term__station", "term__volunteer_group"]
    list_select_related = [
        "term",
        "term__holder",
        "term__station",
        "term__volunteer_group",
        "certificate",
    ]
    search_fields = [f"term__{name}" for name in _HOLDER_SEARCH] + ["certificate__number"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "holder",
        "title",
        "period",
        "state",
        "moves_allowed_now",
        "requested_by",
        "note",
        "created_at",
        "decided_at",
        "certificate_link",
    ]
    fields = readonly_fields
    actions = ["issue", "decline"]
    inlines = [StepInline]
    workflow_table = SERVICE_REQUEST_TABLE

    def workflow_involved(self, request):
        return _involved(request)

    @admin.display(description=_("holder"), ordering="term__holder__username")
    def holder(self, request):
        return request.term.holder

    @admin.display(description=_("title held"))
    def title(self, request):
        return term_title(request.term)

    @admin.display(description=_("period of service"), ordering="period_start")
    def period(self, request):
        return period_dates(request.period_start, request.period_end)

    @admin.display(description=_("certificate"))
    def certificate_link(self, request):
        if request.certificate is None:
            return "–"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("members:certificate", args=[request.certificate.number]),
            request.certificate.number,
        )

    issue = FormAction(
        description=_("Issue the certificate of service"),
        form_class=CommentForm,
        run=lambda request, user, data: service_certificate_issue(
            request=request, reviewer=user, comment=data["comment"]
        ),
        involved=_involved,
        errors=(ServiceError,),
    )
    decline = FormAction(
        description=_("Decline"),
        form_class=CommentForm,
        run=lambda request, user, data: service_certificate_decline(
            request=request, reviewer=user, comment=data["comment"]
        ),
        involved=_involved,
        errors=(ServiceError,),
    )
