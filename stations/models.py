"""Stations, their members and leadership, founding and join requests, events.

Rules the database can hold are constraints here: one station per name
(compared without case or spacing), one lead per station, one pending founding
request per name, one registration per member and event, one feedback per
registration. One station per city or
university, whatever its spelling, is checked by the services (stations.places).
"""

import re
import unicodedata
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from community_portal.core.models import StateChange, StoredMessage
from stations.enums import (
    EventKind,
    EventState,
    FoundingState,
    JoinState,
    LogAction,
    Region,
    RegistrationState,
    StationKind,
    StationRole,
    StationState,
)
from stations.places import place_of

_IGNORED_IN_NAMES = re.compile(r"[\s\-_.·]+")


def name_key(name: str) -> str:
    """The form of a station's name used to tell two stations apart.

    "Shang Hai", "shanghai" and "SHANGHAI " are the same city: the key ignores
    case, spacing and the usual separators (full-width characters included).
    """
    return _IGNORED_IN_NAMES.sub("", unicodedata.normalize("NFKC", name)).casefold()


class StationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(state=StationState.ACTIVE)


class Station(models.Model):
    name = models.CharField(_("name"), max_length=100)
    # Filled in by the services from the name (see name_key); unique in the database.
    name_key = models.CharField(_("name key"), max_length=100, unique=True, editable=False)
    slug = models.SlugField(_("web address"), max_length=110, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=StationKind.choices)
    city = models.CharField(_("city"), max_length=100)
    # The same-city and same-university rules read these too (see stations.places).
    place_aliases = models.CharField(
        _("other spellings of the place"),
        max_length=300,
        blank=True,
        help_text=_(
            "Other names of the city (of the university, for a university station), "
            "separated by commas, e.g. “上海” for Shanghai. No station can be founded "
            "for any of them."
        ),
    )
    region = models.CharField(_("region"), max_length=20, choices=Region.choices)
    founded_on = models.DateField(_("founded on"))
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown."))
    banner = models.ImageField(_("banner"), upload_to="stations/banners/", blank=True)
    join_link = models.URLField(
        _("join link"),
        blank=True,
        help_text=_("Where people meet between events, e.g. a chat group's invitation."),
    )
    website = models.URLField(_("website"), blank=True)
    state = models.CharField(
        _("state"), max_length=20, choices=StationState.choices, default=StationState.ACTIVE
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = StationQuerySet.as_manager()

    class Meta:
        verbose_name = _("station")
        verbose_name_plural = _("stations")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=~Q(name_key=""), name="station_name_key_not_empty"),
        ]

    def __str__(self):
        return self.name

    @property
    def place(self) -> str:
        return place_of(kind=self.kind, name=self.name, city=self.city)


class Membership(models.Model):
    """A member of a station; ``role`` is set for its leadership (lead, deputy, committee)."""

    station = models.ForeignKey(
        Station, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("station")
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="station_memberships",
        verbose_name=_("member"),
    )
    role = models.CharField(
        _("role"), max_length=20, choices=StationRole.choices, blank=True, default=""
    )
    joined_at = models.DateTimeField(_("joined"), default=timezone.now)
    role_since = models.DateTimeField(_("role since"), null=True, blank=True)

    class Meta:
        verbose_name = _("station membership")
        verbose_name_plural = _("station memberships")
        ordering = ["station", "joined_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["station", "member"],
                name="membership_once_per_station",
                violation_error_message=_("This person is already a member of the station."),
            ),
            models.UniqueConstraint(
                fields=["station"],
                condition=Q(role=StationRole.LEAD),
                name="membership_one_lead_per_station",
                violation_error_message=_("A station has exactly one lead."),
            ),
            models.CheckConstraint(
                condition=Q(role="") | Q(role_since__isnull=False),
                name="membership_role_has_a_date",
            ),
        ]

    def __str__(self):
        return f"{self.member} @ {self.station}"


class FoundingRequest(models.Model):
    proposer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="station_founding_requests",
        verbose_name=_("proposer"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=StationKind.choices)
    name = models.CharField(_("name"), max_length=100)
    name_key = models.CharField(_("name key"), max_length=100, editable=False)
    city = models.CharField(_("city"), max_length=100)
    region = models.CharField(_("region"), max_length=20, choices=Region.choices)
    motivation = models.TextField(
        _("why this station"),
        help_text=_("Who would come, what you would organize, how you are active today."),
    )
    state = models.CharField(
        _("state"), max_length=20, choices=FoundingState.choices, default=FoundingState.PENDING
    )
    created_at = models.DateTimeField(_("asked on"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided on"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decision_comment = models.TextField(_("comment to the proposer"), blank=True)
    station = models.OneToOneField(
        Station,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="founding_request",
        verbose_name=_("station"),
    )

    class Meta:
        verbose_name = _("founding request")
        verbose_name_plural = _("founding requests")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["name_key"],
                condition=Q(state=FoundingState.PENDING),
                name="founding_one_pending_per_name",
                violation_error_message=_("Someone already asked to found this station."),
            ),
            models.CheckConstraint(condition=~Q(name_key=""), name="founding_name_key_not_empty"),
            models.CheckConstraint(
                condition=Q(state=FoundingState.APPROVED, station__isnull=False)
                | (~Q(state=FoundingState.APPROVED) & Q(station__isnull=True)),
                name="founding_station_iff_approved",
            ),
            models.CheckConstraint(
                condition=Q(state=FoundingState.PENDING) | Q(decided_at__isnull=False),
                name="founding_decision_has_a_date",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def place(self) -> str:
        return place_of(kind=self.kind, name=self.name, city=self.city)


class JoinRequest(models.Model):
    station = models.ForeignKey(
        Station, on_delete=models.CASCADE, related_name="join_requests", verbose_name=_("station")
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="station_join_requests",
        verbose_name=_("member"),
    )
    message = models.TextField(_("message to the lead"), blank=True, max_length=1000)
    state = models.CharField(
        _("state"), max_length=20, choices=JoinState.choices, default=JoinState.PENDING
    )
    created_at = models.DateTimeField(_("asked on"), default=timezone.now)
    decided_at = models.DateTimeField(_("answered on"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    response = models.TextField(_("answer"), blank=True, max_length=1000)

    class Meta:
        verbose_name = _("join request")
        verbose_name_plural = _("join requests")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["station", "member"],
                condition=Q(state=JoinState.PENDING),
                name="join_one_pending_per_member",
                violation_error_message=_("You already asked to join this station."),
            ),
        ]

    def __str__(self):
        return f"{self.member} → {self.station}"


class EventQuerySet(models.QuerySet):
    def upcoming(self, now=None):
        return self.filter(ends_at__gt=now or timezone.now()).order_by("starts_at", "id")

    def past(self, now=None):
        return self.filter(ends_at__lte=now or timezone.now()).order_by("-starts_at", "-id")


class Event(models.Model):
    station = models.ForeignKey(
        Station, on_delete=models.CASCADE, related_name="events", verbose_name=_("station")
    )
    # The iCalendar UID: stable for the event's whole life, whatever the site's address.
    uid = models.UUIDField(_("calendar id"), default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=150)
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown."))
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    venue = models.CharField(_("place"), max_length=200, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    capacity = models.PositiveIntegerField(_("capacity"))
    state = models.CharField(
        _("state"), max_length=20, choices=EventState.choices, default=EventState.SCHEDULED
    )
    cancellation_reason = models.TextField(_("why it was cancelled"), blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    # Raised on every change so calendar programs replace their copy (RFC 5545 SEQUENCE).
    sequence = models.PositiveIntegerField(_("revision"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_at", "id"]
        indexes = [
            models.Index(fields=["station", "starts_at"], name="event_station_start_idx"),
            # The health dashboard: the events held in a period.
            models.Index(
                fields=["starts_at"],
                name="event_scheduled_start_idx",
                condition=Q(state=EventState.SCHEDULED),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="event_ends_after_start"
            ),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="event_capacity_positive"),
            models.CheckConstraint(
                condition=~Q(venue="") | ~Q(online_url=""), name="event_has_a_place_or_link"
            ),
            models.CheckConstraint(
                condition=Q(state=EventState.CANCELLED, cancelled_at__isnull=False)
                | (~Q(state=EventState.CANCELLED) & Q(cancelled_at__isnull=True)),
                name="event_cancelled_has_a_date",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_cancelled(self) -> bool:
        return self.state == EventState.CANCELLED

    def has_started(self, now=None) -> bool:
        return self.starts_at <= (now or timezone.now())


class Registration(models.Model):
    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("event")
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="event_registrations",
        verbose_name=_("member"),
    )
    state = models.CharField(_("state"), max_length=20, choices=RegistrationState.choices)
    created_at = models.DateTimeField(_("registered on"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # The place in the queue: the earliest waits shortest.
    waitlisted_at = models.DateTimeField(_("waiting since"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("checked in by"),
    )

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["event", "state", "waitlisted_at"], name="registration_queue_idx")
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "member"],
                name="registration_once_per_event",
                violation_error_message=_("This member is already registered for the event."),
            ),
            models.CheckConstraint(
                condition=Q(state=RegistrationState.WAITLISTED, waitlisted_at__isnull=False)
                | (~Q(state=RegistrationState.WAITLISTED) & Q(waitlisted_at__isnull=True)),
                name="registration_waitlist_has_a_place",
            ),
            models.CheckConstraint(
                condition=Q(state=RegistrationState.ATTENDED, checked_in_at__isnull=False)
                | (~Q(state=RegistrationState.ATTENDED) & Q(checked_in_at__isnull=True)),
                name="registration_check_in_has_a_time",
            ),
        ]

    def __str__(self):
        return f"{self.member} @ {self.event}"


# --- Follow-up (seed 001: 活动总结、反馈收集、效果评估) --------------------------------------

FEEDBACK_RATINGS = range(1, 6)


class EventFeedback(models.Model):
    """One checked-in attendee's answer to the short form after an event.

    One per registration (a unique constraint: two tabs or a double click never
    count twice); never edited. The event is kept beside the registration so the
    averages are one query; the answers are shown without names.
    """

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="feedback", verbose_name=_("event")
    )
    registration = models.OneToOneField(
        Registration,
        on_delete=models.CASCADE,
        related_name="feedback",
        verbose_name=_("registration"),
    )
    rating = models.PositiveSmallIntegerField(_("rating"))
    what_was_good = models.TextField(_("what was good"), blank=True, max_length=2000)
    what_to_improve = models.TextField(_("what to improve"), blank=True, max_length=2000)
    created_at = models.DateTimeField(_("answered on"), default=timezone.now)

    class Meta:
        verbose_name = _("event feedback")
        verbose_name_plural = _("event feedback")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__gte=1, rating__lte=5), name="event_feedback_rating_1_to_5"
            ),
        ]

    def __str__(self):
        return f"{self.event} · {self.rating}"


class EventSummary(models.Model):
    """What the lead writes after the event: how it went, and where the slides and
    recording are. Its text is translated like the event's (stations.translation)."""

    event = models.OneToOneField(
        Event, on_delete=models.CASCADE, related_name="summary", verbose_name=_("event")
    )
    # "总结" (the seed's 活动总结), not the "摘要" of a submission's summary.
    text = models.TextField(pgettext_lazy("event follow-up", "summary"), help_text=_("Markdown."))
    slides_url = models.URLField(_("slides"), blank=True)
    recording_url = models.URLField(_("recording"), blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("written by"),
    )
    created_at = models.DateTimeField(_("posted"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("event summary")
        verbose_name_plural = _("event summaries")

    def __str__(self):
        return str(self.event)


class EventPhoto(models.Model):
    """A photo of the event, re-encoded like a banner, with the words a screen reader says."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="photos", verbose_name=_("event")
    )
    image = models.ImageField(_("photo"), upload_to="stations/events/photos/")
    alt_text = models.CharField(_("description of the photo"), max_length=300)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("added by"),
    )
    created_at = models.DateTimeField(_("added"), default=timezone.now)

    class Meta:
        verbose_name = _("event photo")
        verbose_name_plural = _("event photos")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(alt_text=""), name="event_photo_has_alt_text"),
        ]

    def __str__(self):
        return self.alt_text


class StationLogEntry(StoredMessage, StateChange):
    """Append-only history: who did what, when, from which state to which, and why.

    A comment the portal wrote (the fields an edit changed) is a stored message,
    shown in the reader's language; ``comment`` keeps its English words, or what
    a person typed.
    """

    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    action = models.CharField(_("action"), max_length=40, choices=LogAction.choices)
    station = models.ForeignKey(
        Station,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="log_entries",
        verbose_name=_("station"),
    )
    founding_request = models.ForeignKey(
        FoundingRequest,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="log_entries",
        verbose_name=_("founding request"),
    )
    event = models.ForeignKey(
        Event,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="log_entries",
        verbose_name=_("event"),
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("concerning"),
    )
    from_state = models.CharField(_("from"), max_length=20, blank=True)
    to_state = models.CharField(_("to"), max_length=20, blank=True)

    class Meta(StateChange.Meta):
        verbose_name = _("history entry")
        verbose_name_plural = _("history")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(station__isnull=False) | Q(founding_request__isnull=False),
                name="log_entry_is_about_something",
            ),
        ]

    def __str__(self):
        return self.get_action_display()

    @property
    def comment_text(self) -> str:
        return self.render_stored_message(self.comment)

    comment_text.fget.short_description = _("comment")
