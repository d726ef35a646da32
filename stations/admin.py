"""The reviewers' side of stations: founding requests, station states, event cancellation.

Everything is read-only here except through actions, which call the services;
station leads run their stations from the management pages, which reviewers
may open for any station too.
"""

from dateutil.relativedelta import relativedelta
from django.contrib import admin
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from modeltranslation.admin import TranslationAdmin

from community_portal.core.admin import (
    AllowedMovesMixin,
    ChangedByActionsMixin,
    ListFiltersMixin,
    ReadOnlyAdminMixin,
    ReadOnlyInline,
)
from community_portal.core.admin_actions import FormAction
from community_portal.core.exports import EXPORT_ACTIONS, Column, ExportActionsMixin
from community_portal.core.translated import search_fields, texts_form, translation_fields
from community_portal.notifications.admin import EscalatedFilter, EscalationAdminMixin
from community_portal.notifications.escalation import Escalation
from stations import health, services
from stations.enums import FOUNDING_TABLE, FoundingState, StationState
from stations.forms import PlaceAliasesForm, ReviewCommentForm
from stations.models import (
    Event,
    EventFeedback,
    EventPhoto,
    EventSummary,
    FoundingRequest,
    JoinRequest,
    Membership,
    Registration,
    Station,
    StationLogEntry,
)


class HistoryInline(ReadOnlyInline):
    model = StationLogEntry
    fields = [
        "created_at",
        "actor",
        "action",
        "member",
        "from_state",
        "to_state",
        "comment_text",
    ]
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


class EventPhotoInline(ReadOnlyInline):
    model = EventPhoto
    fields = ["image", "alt_text", "added_by", "created_at"]
    readonly_fields = fields


class RegistrationInline(ReadOnlyInline):
    model = Registration
    fields = ["member", "state", "created_at", "waitlisted_at", "checked_in_at", "checked_in_by"]
    readonly_fields = fields


def _with_comment(*, comment_required: bool, comment_label=None, **options) -> FormAction:
    """An action asking the reviewer for a comment to the people concerned first."""
    return FormAction(
        form_class=ReviewCommentForm,
        form_kwargs={"comment_required": comment_required, "comment_label": comment_label},
        errors=(services.StationError,),
        done_message=ngettext_lazy("%(count)d row is done.", "%(count)d rows are done.", "count"),
        **options,
    )


def _texts_of(row, columns) -> dict:
    return {column: getattr(row, column) for column in columns}


def _proposer(founding) -> list:
    # A reviewer never decides on a station they proposed (the service refuses it too).
    return [founding.proposer_id]


def _state_change(state: str, description) -> FormAction:
    return _with_comment(
        description=description,
        title=_("Change the state of stations"),
        comment_required=False,
        comment_label=_("Comment to the station's lead"),
        run=lambda station, user, data: services.station_set_state(
            station=station, actor=user, state=state, comment=data["comment"]
        ),
    )


class QuietFilter(admin.SimpleListFilter):
    """Active stations without an event for 4 or 6 months (stations/health.py)."""

    title = _("station health")
    parameter_name = "quiet"

    def lookups(self, request, model_admin):
        return [
            (str(health.QUIET_MONTHS), _("no event for 4 months")),
            (str(health.DORMANT_PROPOSAL_MONTHS), _("no event for 6 months: dormant?")),
        ]

    def queryset(self, request, queryset):
        if self.value() in {str(health.QUIET_MONTHS), str(health.DORMANT_PROPOSAL_MONTHS)}:
            quiet = health.quiet_stations(today=timezone.localdate(), months=int(self.value()))
            return queryset.filter(pk__in=[station.pk for station in quiet])
        return queryset


@admin.register(Station)
class StationAdmin(ChangedByActionsMixin, ListFiltersMixin, TranslationAdmin):
    list_display = [
        "name",
        "kind",
        "city",
        "region",
        "state",
        "founded_on",
        "member_count",
        "last_event",
    ]
    list_filter = [QuietFilter, "state", "kind", "region"]
    search_fields = [*search_fields("name"), "city", "place_aliases"]
    date_hierarchy = "founded_on"
    readonly_fields = [
        "name",
        "slug",
        "kind",
        "city",
        "place_aliases",
        "region",
        "founded_on",
        "state",
        "description",
        "banner",
        "join_link",
        "website",
        "created_at",
        "management_link",
        "health_report",
    ]
    fields = readonly_fields
    inlines = [MembershipInline, StationHistoryInline]
    actions = ["mark_dormant", "mark_active", "set_place_aliases", "edit_texts"]

    def get_queryset(self, request):
        return health.with_last_event(
            super().get_queryset(request).annotate(member_total=Count("memberships", distinct=True))
        )

    @admin.display(description=_("last event"), ordering="last_event_at")
    def last_event(self, station):
        if station.last_event_at is None:
            return "—"
        return date_format(timezone.localdate(station.last_event_at), "SHORT_DATE_FORMAT")

    @admin.display(description=_("health"))
    def health_report(self, station):
        today = timezone.localdate()
        parts = []
        if station.state == StationState.ACTIVE:
            since = health.quiet_since(station)
            cutoff = today - relativedelta(months=health.QUIET_MONTHS)
            if since < cutoff:
                parts.append(
                    format_html(
                        "<p>{}</p>",
                        _("No event since %(date)s.") % {"date": date_format(since, "DATE_FORMAT")},
                    )
                )
            if since < today - relativedelta(months=health.DORMANT_PROPOSAL_MONTHS):
                parts.append(
                    format_html(
                        "<p><strong>{}</strong></p>",
                        _("Dormancy proposed: mark it dormant with the action in the list."),
                    )
                )
            succession = health.succession_for(station, today=today)
            if succession is not None:
                parts.append(
                    format_html(
                        "<p><strong>{}</strong> {}</p>",
                        _("Succession suggested:"),
                        _("%(lead)s has not been active in the community for 6 months.")
                        % {"lead": succession.lead.member.public_name},
                    )
                )
                if succession.candidates:
                    parts.append(
                        format_html(
                            "<ol>{}</ol>",
                            format_html_join(
                                "",
                                "<li>{} ({}): {}</li>",
                                (
                                    (
                                        c.membership.member.public_name,
                                        c.membership.get_role_display(),
                                        _("activity %(count)s") % {"count": c.activity},
                                    )
                                    for c in succession.candidates
                                ),
                            ),
                        )
                    )
                else:
                    parts.append(
                        format_html(
                            "<p>{}</p>", _("The station has no deputy or committee member.")
                        )
                    )
        if not parts:
            return _("Nothing to report.")
        return format_html_join("", "{}", ((part,) for part in parts))

    @admin.display(description=_("members"), ordering="member_total")
    def member_count(self, station):
        return station.member_total

    @admin.display(description=_("management pages"))
    def management_link(self, station):
        return format_html(
            '<a href="{}">{}</a>', reverse("stations:manage", args=[station.slug]), _("Open")
        )

    mark_dormant = _state_change(StationState.DORMANT, _("Mark the selected stations dormant"))
    mark_active = _state_change(StationState.ACTIVE, _("Mark the selected stations active"))
    set_place_aliases = FormAction(
        description=_("Set the other spellings of the place"),
        form_class=PlaceAliasesForm,
        form_kwargs=lambda request, rows: {"initial": {"aliases": rows[0].place_aliases}},
        single=True,
        errors=(services.StationError,),
        run=lambda station, user, data: services.station_set_place_aliases(
            station=station, actor=user, aliases=data["aliases"]
        ),
    )
    edit_texts = FormAction(
        description=_("Write the name and description in each language"),
        form_class=texts_form(Station, services.STATION_TEXTS),
        form_kwargs=lambda request, rows: {"initial": _texts_of(rows[0], services.STATION_TEXTS)},
        single=True,
        errors=(services.StationError,),
        run=lambda station, user, data: services.station_set_texts(
            station=station, actor=user, texts=data
        ),
    )


@admin.register(FoundingRequest)
class FoundingRequestAdmin(
    EscalationAdminMixin,
    AllowedMovesMixin,
    ChangedByActionsMixin,
    ListFiltersMixin,
    admin.ModelAdmin,
):
    escalation = Escalation((FoundingState.PENDING,), "created_at")
    list_display = [
        "name",
        "kind",
        "city",
        "region",
        "proposer",
        "state",
        "created_at",
        "escalated",
    ]
    list_filter = [EscalatedFilter, "state", "kind", "region"]
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
        "moves_allowed_now",
        "created_at",
        "decided_at",
        "decided_by",
        "decision_comment",
        "station",
    ]
    fields = readonly_fields
    inlines = [FoundingHistoryInline]
    actions = ["approve", "reject"]
    workflow_table = FOUNDING_TABLE

    def workflow_involved(self, founding):
        return _proposer(founding)

    approve = _with_comment(
        description=_("Approve: found the station with the proposer as lead"),
        title=_("Approve founding requests"),
        comment_required=False,
        involved=_proposer,
        run=lambda founding, user, data: services.founding_request_approve(
            founding_request=founding, reviewer=user, comment=data["comment"]
        ),
    )
    reject = _with_comment(
        description=_("Reject, with a comment to the proposer"),
        title=_("Reject founding requests"),
        comment_required=True,
        involved=_proposer,
        run=lambda founding, user, data: services.founding_request_reject(
            founding_request=founding, reviewer=user, comment=data["comment"]
        ),
    )


@admin.register(Event)
class EventAdmin(ChangedByActionsMixin, ListFiltersMixin, TranslationAdmin):
    list_display = ["title", "station", "kind", "starts_at", "capacity", "state"]
    list_filter = ["state", "kind", "station"]
    search_fields = [*search_fields("title", "station__name")]
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
    inlines = [RegistrationInline, EventPhotoInline, EventHistoryInline]
    actions = ["cancel_events", "edit_texts"]

    cancel_events = _with_comment(
        description=_("Cancel the selected events"),
        title=_("Cancel events"),
        comment_required=True,
        comment_label=_("Reason, sent to everyone registered"),
        rows=lambda events: list(events.select_related("station")),
        run=lambda event, user, data: services.event_cancel(
            event=event, actor=user, reason=data["comment"]
        ),
    )
    edit_texts = FormAction(
        description=_("Write the title and description in each language"),
        form_class=texts_form(Event, services.EVENT_TEXTS),
        form_kwargs=lambda request, rows: {"initial": _texts_of(rows[0], services.EVENT_TEXTS)},
        single=True,
        errors=(services.StationError,),
        run=lambda event, user, data: services.event_set_texts(event=event, actor=user, texts=data),
    )


@admin.register(JoinRequest)
class JoinRequestAdmin(ReadOnlyAdminMixin, ListFiltersMixin, admin.ModelAdmin):
    list_display = ["member", "station", "state", "created_at", "decided_by", "decided_at"]
    list_filter = ["state", "station"]
    search_fields = ["member__username", "member__display_name", *search_fields("station__name")]
    date_hierarchy = "created_at"
    list_select_related = ["member", "station", "decided_by"]


@admin.register(Registration)
class RegistrationAdmin(ExportActionsMixin, ReadOnlyAdminMixin, ListFiltersMixin, admin.ModelAdmin):
    list_display = ["member", "event", "state", "created_at", "checked_in_at"]
    list_filter = ["state", "event__station", "event"]
    search_fields = ["member__username", "member__display_name", *search_fields("event__title")]
    date_hierarchy = "created_at"
    list_select_related = ["member", "event"]
    actions = [*EXPORT_ACTIONS]
    export_name = "registrants"
    export_columns = [
        Column(_("station"), "event__station__name"),
        Column(_("event"), "event__title"),
        Column(_("starts"), "event__starts_at"),
        Column(_("member"), "member__username"),
        Column(_("name"), "member__display_name"),
        Column(_("e-mail"), "member__email", permission="members.view_user"),
        Column(_("state"), "state"),
        Column(_("registered on"), "created_at"),
        Column(_("checked in"), "checked_in_at"),
    ]


@admin.register(EventSummary)
class EventSummaryAdmin(ReadOnlyAdminMixin, ListFiltersMixin, admin.ModelAdmin):
    """Leads write summaries on their management pages; reviewers read them here."""

    list_display = ["event", "written_by", "created_at", "updated_at"]
    list_filter = ["event__station"]
    search_fields = [*search_fields("event__title"), *search_fields("text")]
    list_select_related = ["event", "written_by"]
    fields = [
        "event",
        *translation_fields("text"),
        "slides_url",
        "recording_url",
        "written_by",
        "created_at",
        "updated_at",
    ]
    readonly_fields = fields


@admin.register(EventFeedback)
class EventFeedbackAdmin(ReadOnlyAdminMixin, ListFiltersMixin, admin.ModelAdmin):
    """Attendees answered knowing their names are not shown: the admin shows none either."""

    list_display = ["event", "rating", "created_at"]
    list_filter = ["rating", "event__station"]
    search_fields = search_fields("event__title")
    list_select_related = ["event"]
    fields = ["event", "rating", "what_was_good", "what_to_improve", "created_at"]
    readonly_fields = fields


@admin.register(StationLogEntry)
class StationLogEntryAdmin(ReadOnlyAdminMixin, ListFiltersMixin, admin.ModelAdmin):
    list_display = ["created_at", "action", "station", "event", "member", "actor"]
    list_filter = ["action", "station"]
    search_fields = [
        "comment",
        "member__username",
        "actor__username",
        *search_fields("station__name"),
    ]
    date_hierarchy = "created_at"
    list_select_related = ["station", "event", "member", "actor"]
    # The comment in the reader's language (a stored message), not its English words.
    readonly_fields = [
        "created_at",
        "action",
        "station",
        "founding_request",
        "event",
        "member",
        "actor",
        "from_state",
        "to_state",
        "comment_text",
    ]
    fields = readonly_fields
