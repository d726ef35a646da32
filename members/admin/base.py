"""What the members admin classes share: rows the portal writes, shown read-only."""

from django.contrib import admin


class WrittenByServicesMixin:
    """Rows created by members on the portal and changed only through admin actions
    (which call the services): no adding or deleting here."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class HistoryMixin(WrittenByServicesMixin):
    """An append-only history: nothing to change either."""

    def has_change_permission(self, request, obj=None):
        return False


class HistoryInline(HistoryMixin, admin.TabularInline):
    extra = 0
    can_delete = False
