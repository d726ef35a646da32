# ruff: noqa: RUF001, RUF002 (a period is written with an en dash, as the locale writes it)
"""Reads: a term's title and period in the reader's language, a member's terms and
requests, and what a certificate of service attests."""

from datetime import date, datetime, time

from django.db.models import Prefetch, QuerySet
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from members.enums import VolunteerApplicationState
from members.models import Certificate, User, VolunteerApplication
from titles.enums import ServiceRole
from titles.models import ServiceCertificateRequest, ServiceCertificateRequestStep, ServiceTerm


def term_title(term: ServiceTerm) -> str:
    """ "Lead of the Shanghai station", in the active language."""
    if term.role == ServiceRole.STATION_LEAD:
        return _("Lead of the %(station)s station") % {"station": term.station.name}
    if term.role == ServiceRole.STATION_DEPUTY:
        return _("Deputy lead of the %(station)s station") % {"station": term.station.name}
    return _("Volunteer in the %(group)s") % {"group": term.volunteer_group.name}


def period_years(start: date, end: date | None) -> str:
    """ "2021 – 2024", "since 2021" or "2024": the years a title was held."""
    first = date_format(start, "Y")
    if end is None:
        return _("since %(start)s") % {"start": first}
    last = date_format(end, "Y")
    if first == last:
        return first
    return _("%(start)s – %(end)s") % {"start": first, "end": last}


def period_dates(start: date, end: date) -> str:
    """The period on a certificate, in the locale's date format."""
    return _("%(start)s – %(end)s") % {
        "start": date_format(start, "DATE_FORMAT"),
        "end": date_format(end, "DATE_FORMAT"),
    }


def title_with_period(term: ServiceTerm) -> str:
    return _("%(title)s, %(period)s") % {
        "title": term_title(term),
        "period": period_years(term.started_on, term.ended_on),
    }


def _terms() -> QuerySet[ServiceTerm]:
    return ServiceTerm.objects.select_related("station", "volunteer_group")


def public_titles(member: User) -> list[ServiceTerm]:
    """The titles a profile shows: current ones first, then by start, newest first."""
    return sorted(
        _terms().filter(holder=member),
        key=lambda term: (term.ended_on is not None, -term.started_on.toordinal()),
    )


def member_terms(member: User) -> QuerySet[ServiceTerm]:
    """The member's terms with their requests (and certificates), in two queries."""
    return (
        _terms()
        .filter(holder=member)
        .prefetch_related(
            Prefetch(
                "certificate_requests",
                queryset=ServiceCertificateRequest.objects.select_related("certificate"),
            )
        )
        .order_by("ended_on", "-started_on", "-id")
    )


def groups_without_term(member: User):
    """Groups that accepted the member and for which no term is recorded yet."""
    recorded = ServiceTerm.objects.current().filter(holder=member, volunteer_group__isnull=False)
    return (
        VolunteerApplication.objects.filter(
            applicant=member, state=VolunteerApplicationState.ACCEPTED
        )
        .exclude(group_id__in=recorded.values("volunteer_group_id"))
        .select_related("group")
        .order_by("answered_at")
    )


def request_history(request: ServiceCertificateRequest) -> QuerySet[ServiceCertificateRequestStep]:
    return request.steps.select_related("actor").order_by("created_at", "id")


def certificate_service(certificate: Certificate) -> ServiceCertificateRequest | None:
    """The request a certificate of service was issued for, with its term."""
    return (
        ServiceCertificateRequest.objects.select_related(
            "term", "term__station", "term__volunteer_group"
        )
        .filter(certificate_id=certificate.pk)
        .first()
    )


def _moment(day: date) -> str:
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone()).isoformat()


def credential_subject_details(certificate: Certificate) -> dict:
    """Open Badges 3.0 AchievementSubject fields of a certificate of service: the role
    and the period of activity (nothing for any other certificate)."""
    service = certificate_service(certificate)
    if service is None:
        return {}
    with translation.override(None):
        role = term_title(service.term)
    return {
        "role": role,
        "activityStartDate": _moment(service.period_start),
        "activityEndDate": _moment(service.period_end),
    }
