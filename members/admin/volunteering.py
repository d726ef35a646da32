"""Volunteer groups and their applications in the admin, with the overdue ones marked."""

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
from community_portal.core.translated import search_fields
from members.enums import VOLUNTEER_OWNER, VOLUNTEER_TABLE
from members.errors import MemberError
from members.forms import CommentForm
from members.models import VolunteerApplication, VolunteerApplicationStep, VolunteerGroup
from members.selectors.volunteering import can_answer, volunteer_groups
from members.services.volunteering import volunteer_application_answer


@admin.register(VolunteerGroup)
class VolunteerGroupAdmin(ListFiltersMixin, TranslationAdmin):
    list_display = ["name", "owner", "is_open", "member_count", "overdue_count", "position"]
    list_filter = ["is_open"]
    list_select_related = ["owner"]
    search_fields = search_fields("name", "description")
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["owner"]

    def get_queryset(self, request):
        return volunteer_groups()

    @admin.display(description=_("members"), ordering="member_count")
    def member_count(self, group):
        return group.member_count

    @admin.display(description=_("overdue answers"), ordering="overdue_count")
    def overdue_count(self, group):
        return group.overdue_count


class OverdueFilter(admin.SimpleListFilter):
    title = _("answer")
    parameter_name = "answer"

    def lookups(self, request, model_admin):
        return [("overdue", _("overdue")), ("due", _("waiting, not yet due"))]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "overdue":
            return queryset.overdue_on(today)
        if self.value() == "due":
            return queryset.pending().filter(answer_due_on__gte=today)
        return queryset


class VolunteerApplicationStepInline(ReadOnlyInline):
    model = VolunteerApplicationStep
    fields = ["created_at", "from_state", "to_state", "actor", "comment"]
    readonly_fields = fields


def _applicant(application):
    return [application.applicant_id]


@admin.register(VolunteerApplication)
class VolunteerApplicationAdmin(
    AllowedMovesMixin, ChangedByActionsMixin, ListFiltersMixin, admin.ModelAdmin
):
    list_display = ["created_at", "applicant", "group", "state", "answer_due_on", "is_overdue"]
    list_filter = [OverdueFilter, "state", "group"]
    list_select_related = ["applicant", "group"]
    search_fields = ["applicant__username", "applicant__display_name", "motivation"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "group",
        "applicant",
        "motivation",
        "state",
        "moves_allowed_now",
        "created_at",
        "answer_due_on",
        "answered_at",
        "answered_by",
        "answer",
    ]
    fields = readonly_fields
    actions = ["accept", "decline"]
    inlines = [VolunteerApplicationStepInline]
    workflow_table = VOLUNTEER_TABLE

    def workflow_involved(self, application):
        return _applicant(application)

    def workflow_roles(self, user, application):
        return [VOLUNTEER_OWNER] if can_answer(application.group, user) else []

    accept = FormAction(
        description=_("Accept into the group"),
        form_class=CommentForm,
        run=lambda application, user, data: volunteer_application_answer(
            application=application, answered_by=user, accept=True, answer=data["comment"]
        ),
        involved=_applicant,
        errors=(MemberError,),
    )
    decline = FormAction(
        description=_("Decline"),
        form_class=CommentForm,
        run=lambda application, user, data: volunteer_application_answer(
            application=application, answered_by=user, accept=False, answer=data["comment"]
        ),
        involved=_applicant,
        errors=(MemberError,),
    )

    @admin.display(description=_("overdue"), boolean=True)
    def is_overdue(self, application):
        return application.is_overdue
