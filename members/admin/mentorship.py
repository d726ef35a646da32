"""Mentors (appointed by maintainers), their slots and the mentorships in the admin."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from community_portal.core.admin import (
    AllowedMovesMixin,
    ChangedByActionsMixin,
    ListFiltersMixin,
    ReadOnlyInline,
)
from community_portal.core.admin_actions import FormAction
from community_portal.core.workflow import is_reviewer
from members.enums import MENTORSHIP_MENTOR, MENTORSHIP_TABLE
from members.errors import MemberError
from members.forms import MessageForm
from members.models import Mentor, Mentorship, MentorshipStep, MentorSlot
from members.services.mentorship import mentorship_accept, mentorship_decline


class MentorshipStepInline(ReadOnlyInline):
    model = MentorshipStep
    fields = ["created_at", "from_state", "to_state", "actor", "comment"]
    readonly_fields = fields


def _mentee(mentorship):
    return [mentorship.mentee_id]


class MentorSlotInline(admin.TabularInline):
    model = MentorSlot
    fields = ["starts_on", "ends_on", "capacity", "note", "is_open"]
    extra = 0


@admin.register(Mentor)
class MentorAdmin(ListFiltersMixin, admin.ModelAdmin):
    list_display = ["member", "kind", "is_active"]
    list_filter = ["kind", "is_active"]
    list_select_related = ["member"]
    search_fields = ["member__username", "member__display_name", "areas"]
    autocomplete_fields = ["member"]
    inlines = [MentorSlotInline]


@admin.register(Mentorship)
class MentorshipAdmin(AllowedMovesMixin, ChangedByActionsMixin, ListFiltersMixin, admin.ModelAdmin):
    """Mentors and mentees change mentorships on their own page; a maintainer may
    answer an ask for an absent mentor, never their own ask."""

    list_display = ["created_at", "mentee", "mentor", "state", "starts_on", "ends_on"]
    list_filter = ["state", "slot__mentor__kind"]
    list_select_related = ["mentee", "slot__mentor__member"]
    search_fields = ["mentee__username", "mentee__display_name", "slot__mentor__member__username"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "slot",
        "mentee",
        "goals",
        "state",
        "moves_allowed_now",
        "starts_on",
        "ends_on",
        "created_at",
        "answered_at",
        "ended_at",
        "ended_by",
        "message",
    ]
    fields = readonly_fields
    actions = ["accept", "decline"]
    inlines = [MentorshipStepInline]
    workflow_table = MENTORSHIP_TABLE

    accept = FormAction(
        description=_("Accept the ask for the mentor"),
        form_class=MessageForm,
        run=lambda mentorship, user, data: mentorship_accept(
            mentorship=mentorship, mentor=user, message=data["message"]
        ),
        involved=_mentee,
        errors=(MemberError,),
    )
    decline = FormAction(
        description=_("Decline the ask for the mentor"),
        form_class=MessageForm,
        run=lambda mentorship, user, data: mentorship_decline(
            mentorship=mentorship, mentor=user, message=data["message"]
        ),
        involved=_mentee,
        errors=(MemberError,),
    )

    def workflow_involved(self, mentorship):
        return _mentee(mentorship)

    def workflow_roles(self, user, mentorship):
        answers = is_reviewer(user) or mentorship.slot.mentor.member_id == user.pk
        return [MENTORSHIP_MENTOR] if answers else []

    @admin.display(description=Mentor._meta.verbose_name)
    def mentor(self, mentorship):
        return mentorship.slot.mentor.member
