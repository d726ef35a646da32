"""Volunteer groups (seed 002) and the applications to join them."""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from community_portal.core.models import StateChange
from members.enums import VolunteerApplicationState


class VolunteerGroup(models.Model):
    """Core organizers, station volunteers, media group, design group, ..."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="owned_volunteer_groups",
        verbose_name=_("owner"),
        help_text=_("Answers the applications to this group."),
    )
    description = models.TextField(_("description"), help_text=_("Markdown."))
    responsibilities = models.TextField(_("responsibilities"), help_text=_("Markdown."))
    is_open = models.BooleanField(_("open for applications"), default=True)
    position = models.PositiveSmallIntegerField(_("position in the list"), default=0)

    class Meta:
        verbose_name = _("volunteer group")
        verbose_name_plural = _("volunteer groups")
        ordering = ["position", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("members:volunteer_group", kwargs={"slug": self.slug})


class VolunteerApplicationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(state=VolunteerApplicationState.PENDING)

    def overdue_on(self, day: date):
        """Pending applications whose answer was due before ``day``."""
        return self.pending().filter(answer_due_on__lt=day)


class VolunteerApplication(models.Model):
    group = models.ForeignKey(
        VolunteerGroup,
        on_delete=models.CASCADE,
        related_name="applications",
        verbose_name=_("group"),
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="volunteer_applications",
        verbose_name=_("applicant"),
    )
    motivation = models.TextField(_("motivation"), max_length=4000)
    state = models.CharField(
        _("state"),
        max_length=12,
        choices=VolunteerApplicationState.choices,
        default=VolunteerApplicationState.PENDING,
    )
    created_at = models.DateTimeField(_("applied"), default=timezone.now)
    # Fixed when the application is made, from the working calendar as it was then.
    answer_due_on = models.DateField(_("answer due by"))
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    answer = models.TextField(_("answer"), blank=True)

    objects = VolunteerApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("volunteer application")
        verbose_name_plural = _("volunteer applications")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["answer_due_on"],
                condition=Q(state=VolunteerApplicationState.PENDING),
                name="volunteer_pending_due_idx",
            )
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "applicant"],
                condition=Q(
                    state__in=[
                        VolunteerApplicationState.PENDING,
                        VolunteerApplicationState.ACCEPTED,
                    ]
                ),
                name="volunteer_application_one_live_per_group",
                violation_error_message=_(
                    "You already applied to this group or are a member of it."
                ),
            ),
            models.CheckConstraint(
                condition=Q(state=VolunteerApplicationState.PENDING, answered_at__isnull=True)
                | (~Q(state=VolunteerApplicationState.PENDING) & Q(answered_at__isnull=False)),
                name="volunteer_application_answered_when_closed",
            ),
        ]

    def __str__(self):
        return f"{self.applicant} → {self.group}"

    def is_overdue_on(self, day: date) -> bool:
        return self.state == VolunteerApplicationState.PENDING and day > self.answer_due_on

    @property
    def is_overdue(self) -> bool:
        return self.is_overdue_on(timezone.localdate())


class VolunteerApplicationStep(StateChange):
    """The application's history: the answer or the withdrawal, who, when and the message."""

    application = models.ForeignKey(
        VolunteerApplication,
        on_delete=models.CASCADE,
        related_name="steps",
        verbose_name=_("application"),
    )

    class Meta(StateChange.Meta):
        verbose_name = _("volunteer application step")
        verbose_name_plural = _("volunteer application steps")
