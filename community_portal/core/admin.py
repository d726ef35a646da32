"""The portal's calendar in the admin, and the read-only pieces every app's admin uses.

Rows that the services write are shown here but never added or deleted by hand:
histories change not at all, the others only through admin actions that call a
service (see ``community_portal.core.admin_actions``).
"""

from django.contrib import admin

from community_portal.core.models import CalendarDay


class WrittenByServicesMixin:
    """Rows the portal's services create: no adding or deleting them here."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ChangedByActionsMixin(WrittenByServicesMixin):
    """Rows changed only through admin actions, which call the services.

    The change permission stays, for the actions that need it, but a row's page
    has no Save button and saving it changes nothing.
    """

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "show_save": False,
            "show_save_and_continue": False,
            "show_save_and_add_another": False,
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        """Never: every field is read-only, changes go through the actions."""

    def save_related(self, request, form, formsets, change):
        """Never, as above."""


class ReadOnlyAdminMixin(WrittenByServicesMixin):
    """Rows the admin only shows (a history, say): nothing to change either."""

    def has_change_permission(self, request, obj=None):
        return False


class ReadOnlyInline(ReadOnlyAdminMixin, admin.TabularInline):
    extra = 0
    can_delete = False


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ["date", "kind", "name"]
    list_filter = ["kind"]
    search_fields = ["name"]
    date_hierarchy = "date"
