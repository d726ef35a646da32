"""Mentors of three kinds (seed 001 §2.2), their free slots, and mentorships."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from community_portal.core.models import StateChange
from members.enums import SEAT_HOLDING_STATES, MentorKind, MentorshipState


class Mentor(models.Model):
    """A member appointed as mentor by the maintainers; they keep their areas and slots."""

    member = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="mentor",
        verbose_name=_("member"),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=MentorKind.choices)
    areas = models.TextField(
        _("areas"), max_length=2000, help_text=_("What you can help with, for example: tracing")
    )
    is_active = models.BooleanField(_("taking mentees"), default=True)

    class Meta:
        verbose_name = _("mentor")
        verbose_name_plural = _("mentors")
        ordering = ["kind", "member__username"]

    def __str__(self):
        return f"{self.member} ({self.get_kind_display()})"


class MentorSlot(models.Model):
    """A period in which the mentor takes on up to ``capacity`` mentees."""

    mentor = models.ForeignKey(
        Mentor, on_delete=models.CASCADE, related_name="slots", verbose_name=_("mentor")
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    capacity = models.PositiveSmallIntegerField(_("mentees"), default=1)
    note = models.CharField(
        _("note"), max_length=200, blank=True, help_text=_("For example: Tuesday evenings, online")
    )
    # A slot with a history is closed rather than deleted: no new asks, answers still go.
    is_open = models.BooleanField(_("open for asks"), default=True)

    class Meta:
        verbose_name = _("mentoring slot")
        verbose_name_plural = _("mentoring slots")
        ordering = ["starts_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="mentor_slot_dates_ordered"
            ),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="mentor_slot_capacity"),
        ]

    def __str__(self):
        period = f"{date_format(self.starts_on)} \u2013 {date_format(self.ends_on)}"
        return f"{self.mentor.member}: {period}"


class Mentorship(models.Model):
    """A member asks for a slot; the mentor accepts or declines; either side ends it."""

    slot = models.ForeignKey(
        MentorSlot, on_delete=models.PROTECT, related_name="mentorships", verbose_name=_("slot")
    )
    mentee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="mentorships",
        verbose_name=_("mentee"),
    )
    goals = models.TextField(_("what you want to learn"), max_length=3000)
    state = models.CharField(
        _("state"),
        max_length=12,
        choices=MentorshipState.choices,
        default=MentorshipState.REQUESTED,
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    created_at = models.DateTimeField(_("asked"), default=timezone.now)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ended by"),
    )
    message = models.TextField(_("last message"), blank=True)

    class Meta:
        verbose_name = _("mentorship")
        verbose_name_plural = _("mentorships")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["slot", "mentee"],
                condition=Q(state__in=SEAT_HOLDING_STATES),
                name="mentorship_one_live_per_slot",
                violation_error_message=_("You already asked for this slot."),
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="mentorship_dates_ordered"
            ),
            models.CheckConstraint(
                condition=Q(state=MentorshipState.ENDED, ended_at__isnull=False)
                | (~Q(state=MentorshipState.ENDED) & Q(ended_at__isnull=True)),
                name="mentorship_ended_when_ended",
            ),
        ]

    def __str__(self):
        return f"{self.mentee} ← {self.slot.mentor.member}"

    @property
    def mentor_member(self):
        return self.slot.mentor.member


class MentorshipStep(StateChange):
    """The mentorship's history: answered, cancelled, ended; who, when and the message."""

    mentorship = models.ForeignKey(
        Mentorship, on_delete=models.CASCADE, related_name="steps", verbose_name=_("mentorship")
    )

    class Meta(StateChange.Meta):
        verbose_name = _("mentorship step")
        verbose_name_plural = _("mentorship steps")
