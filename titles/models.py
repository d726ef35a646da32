"""Terms of service and the requests for their certificates of service.

A ``ServiceTerm`` is a title held over a period: lead or deputy lead of a station
(opened and closed by the stations services when a role changes hands) or a
volunteer of a group (from the day the group accepted the member). A
``ServiceCertificateRequest`` asks the reviewers to attest a term: proposed by the
portal when a station term ends, or asked for by the member. Issued, it points at
the ``members.Certificate`` that attests it.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from community_portal.core.models import StateChange
from titles.enums import (
    OPEN_SERVICE_REQUEST_STATES,
    STATION_SERVICE_ROLES,
    ServiceRequestState,
    ServiceRole,
)


class ServiceTermQuerySet(models.QuerySet):
    def current(self):
        return self.filter(ended_on__isnull=True)


class ServiceTerm(models.Model):
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="service_terms",
        verbose_name=_("holder"),
    )
    role = models.CharField(_("role"), max_length=20, choices=ServiceRole.choices)
    station = models.ForeignKey(
        "stations.Station",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="service_terms",
        verbose_name=_("station"),
    )
    volunteer_group = models.ForeignKey(
        "members.VolunteerGroup",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="service_terms",
        verbose_name=_("volunteer group"),
    )
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(
        _("until"), null=True, blank=True, help_text=_("Empty while the term goes on.")
    )

    objects = ServiceTermQuerySet.as_manager()

    class Meta:
        verbose_name = _("term of service")
        verbose_name_plural = _("terms of service")
        ordering = ["-started_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(role__in=STATION_SERVICE_ROLES)
                    & Q(station__isnull=False, volunteer_group__isnull=True)
                )
                | (
                    Q(role=ServiceRole.VOLUNTEER)
                    & Q(station__isnull=True, volunteer_group__isnull=False)
                ),
                name="service_term_station_or_group",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="service_term_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["holder", "station", "role"],
                condition=Q(ended_on__isnull=True, station__isnull=False),
                name="service_term_one_current_station_role",
            ),
            models.UniqueConstraint(
                fields=["holder", "volunteer_group"],
                condition=Q(ended_on__isnull=True, volunteer_group__isnull=False),
                name="service_term_one_current_group",
            ),
        ]

    def __str__(self):
        return f"{self.holder} · {self.get_role_display()} · {self.place}"

    @property
    def place(self):
        return self.station if self.station_id else self.volunteer_group

    @property
    def is_current(self) -> bool:
        return self.ended_on is None


class ServiceCertificateRequest(models.Model):
    term = models.ForeignKey(
        ServiceTerm,
        on_delete=models.CASCADE,
        related_name="certificate_requests",
        verbose_name=_("term of service"),
    )
    state = models.CharField(
        _("state"),
        max_length=20,
        choices=ServiceRequestState.choices,
        default=ServiceRequestState.REQUESTED,
    )
    # Empty when the portal proposed it at the end of a term.
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("asked for by"),
    )
    note = models.TextField(
        _("what you did"),
        blank=True,
        max_length=2000,
        help_text=_("Optional: what you organized or achieved, for the reviewers."),
    )
    # The period the certificate states: the term's, or up to the request for a term
    # that goes on.
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period until"))
    created_at = models.DateTimeField(_("asked on"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided on"), null=True, blank=True)
    certificate = models.OneToOneField(
        "members.Certificate",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="service_request",
        verbose_name=_("certificate"),
    )

    class Meta:
        verbose_name = _("certificate of service request")
        verbose_name_plural = _("certificate of service requests")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["term"],
                condition=Q(state__in=OPEN_SERVICE_REQUEST_STATES),
                name="service_request_one_open_per_term",
                violation_error_message=_(
                    "A certificate of service for this term already waits for review."
                ),
            ),
            models.CheckConstraint(
                condition=Q(state=ServiceRequestState.ISSUED, certificate__isnull=False)
                | (~Q(state=ServiceRequestState.ISSUED) & Q(certificate__isnull=True)),
                name="service_request_certificate_iff_issued",
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="service_request_period_ordered",
            ),
        ]

    def __str__(self):
        return str(self.term)

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_SERVICE_REQUEST_STATES


class ServiceCertificateRequestStep(StateChange):
    """The request's history: proposed or asked, issued, declined, withdrawn."""

    request = models.ForeignKey(
        ServiceCertificateRequest,
        on_delete=models.CASCADE,
        related_name="steps",
        verbose_name=_("request"),
    )

    class Meta(StateChange.Meta):
        verbose_name = _("certificate of service step")
        verbose_name_plural = _("certificate of service history")
