"""The portal's calendar in the admin, and the read-only pieces every app's admin uses.

Rows that the services write are shown here but never added or deleted by hand:
histories change not at all, the others only through admin actions that call a
service (see ``community_portal.core.admin_actions``).
"""

from contextvars import ContextVar

from django.contrib import admin
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from community_portal.core.models import CalendarDay
from community_portal.core.workflow import INVOLVED, TransitionTable, allowed_moves

# The user whose change page is being drawn, for read-only fields that depend on them.
_viewer: ContextVar = ContextVar("admin_viewer", default=None)


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


class AllowedMovesMixin:
    """Shows, on a request's page, the decisions its viewer may make now, from the table.

    Set ``workflow_table`` and, for the conflict of interest, ``workflow_involved``
    (the people of the request); ``workflow_roles`` gives the deciding roles the
    viewer holds (default: reviewer, for a reviewer). List ``"moves_allowed_now"``
    in ``readonly_fields``. The state's choices label each move.
    """

    workflow_table: TransitionTable
    workflow_state_field = "state"

    def workflow_involved(self, obj):
        return ()

    def workflow_roles(self, user, obj):
        return None

    def change_view(self, request, object_id, form_url="", extra_context=None):
        token = _viewer.set(request.user)
        try:
            response = super().change_view(request, object_id, form_url, extra_context)
            if hasattr(response, "render"):
                response.render()
            return response
        finally:
            _viewer.reset(token)

    def workflow_moves(self, user, obj) -> list:
        return allowed_moves(
            obj,
            table=self.workflow_table,
            user=user,
            roles=self.workflow_roles(user, obj),
            involved=self.workflow_involved(obj),
            state_field=self.workflow_state_field,
        )

    @admin.display(description=_("decisions you can make now"))
    def moves_allowed_now(self, obj):
        user = _viewer.get()
        if obj is None or obj.pk is None or user is None:
            return "-"
        moves = self.workflow_moves(user, obj)
        if moves:
            field = obj._meta.get_field(self.workflow_state_field)
            labels = dict(field.flatchoices)
            return ", ".join(str(labels.get(m.target, m.target)) for m in moves)
        involved = {getattr(p, "pk", p) for p in self.workflow_involved(obj)}
        if user.pk in involved:
            return str(INVOLVED)
        return gettext("none")


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ["date", "kind", "name"]
    list_filter = ["kind"]
    search_fields = ["name"]
    date_hierarchy = "date"
