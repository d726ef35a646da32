"""The reviewers' side of stations: founding requests, station states, event cancellation.

Everything is read-only here except through actions, which call the services;
station leads run their stations from the management pages, which reviewers
may open for any station too.
"""

from django.contrib import admin, messages
from django.db.models import Count
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from stations import services
from stations.enums import StationState
from stations.forms import ReviewCommentForm
from stations.models import (
    Event,
    FoundingRequest,
    JoinRequest,
    Membership,
    Registration,
    Station,
    StationLogEntry,
)


class ReadOnlyMixin:
    """Rows change only through the services (actions and the management pages)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        # Viewing stays possible; saving a form is not.
        return False

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


class ReadOnlyInline(ReadOnlyMixin, admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False


class HistoryInline(ReadOnlyInline):
    model = StationLogEntry
    fields = ["created_at", "actor", "action", "member", "from_state", "to_state", "comment"]
    readonly_fields = fields
    verbose_name_plural = _("history")


class StationHistoryInline(HistoryInline):
    fk_name = "station"


class FoundingHistoryInline(HistoryInline):
    fk_name = "founding_request"


class EventHistoryInline(HistoryInline):
    fk_name = "event"


class MembershipInline(ReadOnlyInline):
    model = Membership
    fields = ["member", "role", "role_since", "joined_at"]
    readonly_fields = fields


class RegistrationInline(ReadOnlyInline):
    model = Registration
    fields = ["member", "state", "created_at", "waitlisted_at", "checked_in_at", "checked_in_by"]
    readonly_fields = fields


def _ask_then_apply(modeladmin, request, queryset, *, title, apply, comment_required):
    """An action with an intermediate page asking for a comment, then ``apply`` per row."""
    if "apply" in request.POST:
        form = ReviewCommentForm(request.POST, comment_required=comment_required)
        if form.is_valid():
            done = 0
            for obj in queryset:
                try:
                    apply(obj, form.cleaned_data["comment"])
                except services.StationError as error:
                    modeladmin.message_user(request, f"{obj}: {error}", messages.ERROR)
                else:
                    done += 1
            if done:
                modeladmin.message_user(
                    request,
                    ngettext("%(count)d row is done.", "%(count)d rows are done.", done)
                    % {"count": done},
                    messages.SUCCESS,
                )
            return None
    else:
        form = ReviewCommentForm(comment_required=comment_required)
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": title,
        "objects": queryset,
        "form": form,
        "action": request.POST.get("action"),
        "selected": request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME),
        "opts": modeladmin.model._meta,
    }
    return TemplateResponse(request, "admin/stations/action_with_comment.html", context)


@admin.register(Station)
class StationAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "city", "region", "state", "founded_on", "member_count"]
    list_filter = ["state", "kind", "region"]
    search_fields = ["name", "city"]
    date_hierarchy = "founded_on"
    readonly_fields = [
        "name",
        "slug",
        "kind",
        "city",
        "region",
        "founded_on",
        "state",
        "description",
        "banner",
        "join_link",
        "website",
        "created_at",
        "management_link",
    ]
    fields = readonly_fields
    inlines = [MembershipInline, StationHistoryInline]
    actions = ["mark_dormant", "mark_active"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(member_total=Count("memberships"))

    @admin.display(description=_("members"), ordering="member_total")
    def member_count(self, station):
        return station.member_total

    @admin.display(description=_("management pages"))
    def management_link(self, station):
        return format_html(
            '<a href="{}">{}</a>', reverse("stations:manage", args=[station.slug]), _("Open")
        )

    def has_change_permission(self, request, obj=None):
        # Needed for the actions; the form itself has only read-only fields.
        return request.user.has_perm("stations.change_station")

    def _set_state(self, request, queryset, state):
        return _ask_then_apply(
            self,
            request,
            queryset,
            title=_("Change the state of stations"),
            comment_required=False,
            apply=lambda station, comment: services.station_set_state(
                station=station, actor=request.user, state=state, comment=comment
            ),
        )

    @admin.action(description=_("Mark the selected stations dormant"), permissions=["change"])
    def mark_dormant(self, request, queryset):
        return self._set_state(request, queryset, StationState.DORMANT)

    @admin.action(description=_("Mark the selected stations active"), permissions=["change"])
    def mark_active(self, request, queryset):
        return self._set_state(request, queryset, StationState.ACTIVE)


@admin.register(FoundingRequest)
class FoundingRequestAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "city", "region", "proposer", "state", "created_at"]
    list_filter = ["state", "kind", "region"]
    search_fields = ["name", "city", "proposer__username", "proposer__display_name"]
    date_hierarchy = "created_at"
    list_select_related = ["proposer", "station"]
    readonly_fields = [
        "name",
        "kind",
        "city",
        "region",
        "proposer",
        "motivation",
        "state",
        "created_at",
        "decided_at",
        "decided_by",
        "decision_comment",
        "station",
    ]
    fields = readonly_fields
    inlines = [FoundingHistoryInline]
    actions = ["approve", "reject"]

    def has_change_permission(self, request, obj=None):
        return request.user.has_perm("stations.change_foundingrequest")

    @admin.action(
        description=_("Approve: found the station with the proposer as lead"),
        permissions=["change"],
    )
    def approve(self, request, queryset):
        return _ask_then_apply(
            self,
            request,
            queryset,
            title=_("Approve founding requests"),
            comment_required=False,
            apply=lambda founding, comment: services.founding_request_approve(
                founding_request=founding, reviewer=request.user, comment=comment
            ),
        )

    @admin.action(description=_("Reject, with a comment to the proposer"), permissions=["change"])
    def reject(self, request, queryset):
        return _ask_then_apply(
            self,
            request,
            queryset,
            title=_("Reject founding requests"),
            comment_required=True,
            apply=lambda founding, comment: services.founding_request_reject(
                founding_request=founding, reviewer=request.user, comment=comment
            ),
        )


@admin.register(Event)
class EventAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["title", "station", "kind", "starts_at", "capacity", "state"]
    list_filter = ["state", "kind", "station"]
    search_fields = ["title", "station__name"]
    date_hierarchy = "starts_at"
    list_select_related = ["station"]
    readonly_fields = [
        "station",
        "title",
        "kind",
        "starts_at",
        "ends_at",
        "venue",
        "online_url",
        "capacity",
        "state",
        "cancellation_reason",
        "description",
        "uid",
        "sequence",
        "created_by",
        "created_at",
    ]
    fields = readonly_fields
    inlines = [RegistrationInline, EventHistoryInline]
    actions = ["cancel_events"]

    def has_change_permission(self, request, obj=None):
        return request.user.has_perm("stations.change_event")

    @admin.action(description=_("Cancel the selected events"), permissions=["change"])
    def cancel_events(self, request, queryset):
        return _ask_then_apply(
            self,
            request,
            queryset.select_related("station"),
            title=_("Cancel events"),
            comment_required=True,
            apply=lambda event, comment: services.event_cancel(
                event=event, actor=request.user, reason=comment
            ),
        )


@admin.register(JoinRequest)
class JoinRequestAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["member", "station", "state", "created_at", "decided_by", "decided_at"]
    list_filter = ["state", "station"]
    search_fields = ["member__username", "member__display_name", "station__name"]
    date_hierarchy = "created_at"
    list_select_related = ["member", "station", "decided_by"]


@admin.register(Registration)
class RegistrationAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["member", "event", "state", "created_at", "checked_in_at"]
    list_filter = ["state", "event__station"]
    search_fields = ["member__username", "member__display_name", "event__title"]
    date_hierarchy = "created_at"
    list_select_related = ["member", "event"]


@admin.register(StationLogEntry)
class StationLogEntryAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["created_at", "action", "station", "event", "member", "actor"]
    list_filter = ["action", "station"]
    search_fields = ["comment", "member__username", "actor__username", "station__name"]
    date_hierarchy = "created_at"
    list_select_related = ["station", "event", "member", "actor"]

    def has_delete_permission(self, request, obj=None):
        return False
