"""The portal's calendar in the admin, and the pieces every app's admin uses.

Rows that the services write are shown here but never added or deleted by hand:
histories change not at all, the others only through admin actions that call a
service (see ``community_portal.core.admin_actions``).

Every ``ModelAdmin`` of the portal starts with ``ListFiltersMixin``: a filter in
the address that cannot be applied (a year 99999999999999999999, a 31 February)
shows the whole list with a message instead of an error page.
"""

from contextvars import ContextVar

from django.contrib import admin, messages
from django.contrib.admin.options import IS_POPUP_VAR, TO_FIELD_VAR, IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.contrib.admin.widgets import AutocompleteSelect
from django.contrib.auth.models import Permission
from django.core.exceptions import EmptyResultSet, FullResultSet, ValidationError
from django.http import HttpResponseRedirect
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from community_portal.core.models import CalendarDay, CalendarDaySource
from community_portal.core.workflow import INVOLVED, TransitionTable, allowed_moves

# The user whose change page is being drawn, for read-only fields that depend on them.
_viewer: ContextVar = ContextVar("admin_viewer", default=None)

# What Django raises, deep in a filter, for a value a reviewer could type in the address.
_BAD_VALUE_ERRORS = (ArithmeticError, ValueError, TypeError, ValidationError)


class ListFiltersChangeList(ChangeList):
    """A change list that reports every unusable filter value as incorrect lookup parameters.

    Django already does so for most values; a date outside the calendar slips through
    (``datetime(99999999999999999999, 1, 1)`` overflows, and a ``__year`` lookup fails
    only when its SQL is built), so the SQL is built here, before the page renders.
    """

    def get_filters(self, request):
        try:
            return super().get_filters(request)
        except _BAD_VALUE_ERRORS as error:
            raise IncorrectLookupParameters(error) from error

    def get_queryset(self, request, exclude_parameters=None):
        try:
            queryset = super().get_queryset(request, exclude_parameters)
        except _BAD_VALUE_ERRORS as error:
            raise IncorrectLookupParameters(error) from error
        try:
            queryset.query.get_compiler(queryset.db).as_sql()
        except (EmptyResultSet, FullResultSet):
            pass  # a filter that matches no row, or every row: fine
        except _BAD_VALUE_ERRORS as error:
            raise IncorrectLookupParameters(error) from error
        return queryset


class _UnusableFilters(Exception):
    pass


class AutocompleteSelectIgnoringNonIds(AutocompleteSelect):
    """Showing again a form posted with "x" in an autocomplete field: Django would look
    "x" up as an id and fail; a value that can't be an id selects nothing instead."""

    def optgroups(self, name, value, attr=None):
        remote = self.field.remote_field
        target = remote.model._meta.get_field(
            getattr(remote, "field_name", None) or remote.model._meta.pk.name
        )
        ids = []
        for candidate in value:
            try:
                target.run_validators(target.to_python(candidate))
            except (ValidationError, *_BAD_VALUE_ERRORS):
                continue
            ids.append(candidate)
        return super().optgroups(name, ids, attr)


class ListFiltersMixin:
    """What a reviewer types never answers 500: unusable filters in the address give the
    whole list and a message (Django's own answer is "?e=1", a page blaming the database),
    and an autocomplete field posted with a value that is no id selects nothing.
    """

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = AutocompleteSelectIgnoringNonIds(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_changelist(self, request, **kwargs):
        return ListFiltersChangeList

    def get_changelist_instance(self, request):
        try:
            return super().get_changelist_instance(request)
        except IncorrectLookupParameters as error:
            raise _UnusableFilters from error

    def changelist_view(self, request, extra_context=None):
        try:
            return super().changelist_view(request, extra_context)
        except _UnusableFilters:
            messages.warning(
                request,
                gettext("The filters in the address could not be used; here is the whole list."),
            )
            # A pop-up (a raw-id lookup) stays a pop-up.
            kept = {
                key: request.GET[key] for key in (IS_POPUP_VAR, TO_FIELD_VAR) if key in request.GET
            }
            return HttpResponseRedirect(request.path + (f"?{urlencode(kept)}" if kept else ""))


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
        """Never, as above; the inlines' rows are not saved either."""
        for formset in formsets:
            # What Django's change message reads from a formset it believes saved.
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []


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


# Default permissions are stored in English when the migrations run ("Can add
# member"); these say the same in the reader's language.
_DEFAULT_PERMISSIONS = {
    "add": _("Can add %(model)s"),
    "change": _("Can change %(model)s"),
    "delete": _("Can delete %(model)s"),
    "view": _("Can view %(model)s"),
}


def permission_label(permission):
    """A permission as the admin lists it, in the reader's language.

    Django keeps a permission's name in the database in the language of the
    migration run, and shows it as stored; the portal's own permissions are marked
    for translation in their models' Meta, so their stored English is a msgid.
    """
    action, _sep, model_name = permission.codename.partition("_")
    model = permission.content_type.model_class()
    default = model is not None and model_name == model._meta.model_name
    if default and action in _DEFAULT_PERMISSIONS:
        name = _DEFAULT_PERMISSIONS[action] % {"model": model._meta.verbose_name}
    else:
        name = gettext(permission.name)
    return f"{permission.content_type} | {name}"


class TranslatedPermissionsMixin:
    """For a ModelAdmin with a many-to-many to Permission (users, groups)."""

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if field is not None and db_field.related_model is Permission:
            field.label_from_instance = permission_label
        return field


@admin.register(CalendarDay)
class CalendarDayAdmin(ListFiltersMixin, admin.ModelAdmin):
    list_display = ["date", "kind", "name", "source"]
    list_filter = ["kind", "source"]
    search_fields = ["name"]
    date_hierarchy = "date"

    def save_model(self, request, obj, form, change):
        # A day a maintainer saved is theirs: the next preload leaves it alone.
        obj.source = CalendarDaySource.MANUAL
        super().save_model(request, obj, form, change)
