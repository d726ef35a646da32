"""Mentors (appointed by maintainers), their slots and the mentorships in the admin."""

from django.contrib import admin

from community_portal.core.admin import ListFiltersMixin, ReadOnlyAdminMixin
from members.models import Mentor, Mentorship, MentorSlot


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
class MentorshipAdmin(ReadOnlyAdminMixin, ListFiltersMixin, admin.ModelAdmin):
    """Read-only: mentors and mentees change mentorships on their own page."""

    list_display = ["created_at", "mentee", "mentor", "state", "starts_on", "ends_on"]
    list_filter = ["state", "slot__mentor__kind"]
    list_select_related = ["mentee", "slot__mentor__member"]
    search_fields = ["mentee__username", "mentee__display_name", "slot__mentor__member__username"]
    date_hierarchy = "created_at"

    @admin.display(description=Mentor._meta.verbose_name)
    def mentor(self, mentorship):
        return mentorship.slot.mentor.member
