"""Certification levels, applications, certificates and their history (seed 001 §1.2, §2.1)."""

import calendar
from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from members.enums import (
    OPEN_APPLICATION_STATES,
    ApplicationAction,
    ApplicationState,
    CertificateEventKind,
    CertificateState,
    CertificationTrack,
)


def add_years(start: date, years: int) -> date:
    """The ``years``-th anniversary of ``start``.

    February 29 has no anniversary in a common year; the period is then complete
    at the end of February 28, so the anniversary falls on March 1.
    """
    year = start.year + years
    if start.month == 2 and start.day == 29 and not calendar.isleap(year):
        return date(year, 3, 1)
    return start.replace(year=year)


def period_end(start: date, years: int) -> date:
    """The last day of a validity of ``years`` years that begins on ``start``.

    A certificate is valid up to and including the day before the anniversary:
    issued 2026-03-15 for 2 years, it is valid through 2028-03-14 and expired on
    2028-03-15. Issued 2024-02-29, it is valid through 2026-02-28.
    """
    return add_years(start, years) - timedelta(days=1)


class CertificationLevel(models.Model):
    """A level of one of the two tracks, configured by maintainers in the admin."""

    track = models.CharField(_("track"), max_length=20, choices=CertificationTrack.choices)
    name = models.CharField(_("name"), max_length=80)
    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    rank = models.PositiveSmallIntegerField(_("order in its track"))
    badge_name = models.CharField(
        _("badge"), max_length=120, help_text=_("For example: OpenTelemetry Beginner")
    )
    badge_image = models.ImageField(_("badge image"), upload_to="badges/", blank=True)
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown."))
    requirements = models.TextField(_("requirements"), help_text=_("Markdown."))
    validity_years = models.PositiveSmallIntegerField(
        _("validity in years"),
        null=True,
        blank=True,
        help_text=_("Leave empty for a lifetime certificate."),
    )
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark"), default=60, help_text=_("The lowest passing test score, out of 100.")
    )
    is_open = models.BooleanField(
        _("open for applications"), default=True, help_text=_("Members may apply.")
    )

    class Meta:
        verbose_name = _("certification level")
        verbose_name_plural = _("certification levels")
        ordering = ["track", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["track", "rank"], name="certification_level_rank"),
            models.CheckConstraint(
                condition=Q(validity_years__isnull=True) | Q(validity_years__gt=0),
                name="certification_level_validity_positive",
            ),
            models.CheckConstraint(
                condition=Q(pass_mark__lte=100), name="certification_level_pass_mark_max"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_lifetime(self) -> bool:
        return self.validity_years is None

    def expiry_for(self, start: date) -> date | None:
        """The last valid day of a certificate of this level whose period begins on ``start``."""
        if self.validity_years is None:
            return None
        return period_end(start, self.validity_years)


class CertificationApplicationQuerySet(models.QuerySet):
    def open(self):
        return self.filter(state__in=OPEN_APPLICATION_STATES)


class CertificationApplication(models.Model):
    """A member's application for a level, moved through its steps by reviewers."""

    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="certification_applications",
        verbose_name=_("applicant"),
    )
    level = models.ForeignKey(
        CertificationLevel,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("level"),
    )
    motivation = models.TextField(
        _("what qualifies you"),
        max_length=5000,
        help_text=_("Courses, tests, projects and contributions that meet the requirements."),
    )
    state = models.CharField(
        _("state"),
        max_length=20,
        choices=ApplicationState.choices,
        default=ApplicationState.ELIGIBILITY_REVIEW,
    )
    test_score = models.PositiveSmallIntegerField(_("test score"), null=True, blank=True)
    created_at = models.DateTimeField(_("applied"), default=timezone.now)
    updated_at = models.DateTimeField(_("last step"), default=timezone.now)

    objects = CertificationApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("certification application")
        verbose_name_plural = _("certification applications")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["applicant", "level"],
                condition=Q(state__in=OPEN_APPLICATION_STATES),
                name="certification_application_one_open_per_level",
                violation_error_message=_("You already have an open application for this level."),
            ),
            models.CheckConstraint(
                condition=Q(test_score__isnull=True) | Q(test_score__lte=100),
                name="certification_application_score_max",
            ),
        ]

    def __str__(self):
        return f"{self.applicant} · {self.level}"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_APPLICATION_STATES


class CertificationApplicationStep(models.Model):
    """The application's history: every step, who took it, when, and why."""

    application = models.ForeignKey(
        CertificationApplication,
        on_delete=models.CASCADE,
        related_name="steps",
        verbose_name=_("application"),
    )
    action = models.CharField(_("step"), max_length=20, choices=ApplicationAction.choices)
    from_state = models.CharField(
        _("from"), max_length=20, choices=ApplicationState.choices, blank=True
    )
    to_state = models.CharField(_("to"), max_length=20, choices=ApplicationState.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("by"),
    )
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("application step")
        verbose_name_plural = _("application steps")
        ordering = ["created_at", "id"]

    def __str__(self):
        day = date_format(timezone.localdate(self.created_at), "SHORT_DATE_FORMAT")
        return f"{self.get_action_display()} ({day})"


class CertificateQuerySet(models.QuerySet):
    def valid_on(self, day: date):
        return self.filter(revoked_at__isnull=True).filter(
            Q(expires_on__isnull=True) | Q(expires_on__gte=day)
        )

    def expired_on(self, day: date):
        return self.filter(revoked_at__isnull=True, expires_on__lt=day)

    def revoked(self):
        return self.filter(revoked_at__isnull=False)


class Certificate(models.Model):
    """An issued certificate or badge. Its state follows from its dates and revocation."""

    number = models.CharField(_("number"), max_length=24, unique=True, editable=False)
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="certificates",
        verbose_name=_("holder"),
    )
    level = models.ForeignKey(
        CertificationLevel,
        on_delete=models.PROTECT,
        related_name="certificates",
        verbose_name=_("level"),
    )
    application = models.OneToOneField(
        CertificationApplication,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="certificate",
        verbose_name=_("application"),
    )
    issued_on = models.DateField(_("issued on"))
    expires_on = models.DateField(
        _("valid until"),
        null=True,
        blank=True,
        help_text=_("The last day it is valid; empty for a lifetime certificate."),
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revocation_reason = models.TextField(_("reason for revocation"), blank=True)
    renewal_requested_at = models.DateTimeField(_("renewal asked"), null=True, blank=True)
    renewal_note = models.TextField(_("renewal note"), blank=True)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True) | Q(expires_on__gte=models.F("issued_on")),
                name="certificate_expires_after_issue",
            ),
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True, revocation_reason="")
                | (Q(revoked_at__isnull=False) & ~Q(revocation_reason="")),
                name="certificate_revocation_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(number__regex=r"^[A-Z2-7]{4}(-[A-Z2-7]{4}){3}$"),
                name="certificate_number_format",
            ),
        ]

    def __str__(self):
        return f"{self.number} · {self.level}"

    def get_absolute_url(self) -> str:
        return reverse("members:certificate", kwargs={"number": self.number})

    def state_on(self, day: date) -> CertificateState:
        if self.revoked_at is not None:
            return CertificateState.REVOKED
        if self.expires_on is not None and day > self.expires_on:
            return CertificateState.EXPIRED
        return CertificateState.VALID

    @property
    def state(self) -> CertificateState:
        return self.state_on(timezone.localdate())

    @property
    def is_lifetime(self) -> bool:
        return self.expires_on is None


class CertificateEvent(models.Model):
    """The certificate's history: issued, renewal asked, renewed, revoked."""

    certificate = models.ForeignKey(
        Certificate, on_delete=models.CASCADE, related_name="events", verbose_name=_("certificate")
    )
    kind = models.CharField(_("what"), max_length=20, choices=CertificateEventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("by"),
    )
    comment = models.TextField(_("comment"), blank=True)
    expires_before = models.DateField(_("valid until, before"), null=True, blank=True)
    expires_after = models.DateField(_("valid until, after"), null=True, blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("certificate event")
        verbose_name_plural = _("certificate history")
        ordering = ["created_at", "id"]

    def __str__(self):
        day = date_format(timezone.localdate(self.created_at), "SHORT_DATE_FORMAT")
        return f"{self.get_kind_display()} ({day})"
