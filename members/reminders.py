"""The members' reminders, and what of theirs waits for reviewers.

**Certificate expiry.** The holder of a certificate that is valid until a date
(``expires_on``, the last valid day) hears 30 days before that day, with the
link to ask for its renewal. The reminder is due from then until the last valid
day, so a missed daily run is caught up. A renewal gives a new last day and so
a new occasion (it is part of the key). Lifetime and revoked certificates, and
those whose renewal was already asked for, get no reminder.

**Volunteer-group answers.** An application is due an answer within 7 working
days (``VolunteerApplication.answer_due_on``, fixed when it is made). From the
day after, the group's owner is reminded, once per application and owner.
"""

from datetime import date, datetime, timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_noop

from community_portal.core.formatting import date_param
from community_portal.core.translated import translation_fields
from community_portal.notifications.reminders import Report, moment, send_reminders
from community_portal.notifications.review_digest import ReviewItem
from community_portal.notifications.services import BULK_BATCH_SIZE, PlannedNotification
from members.enums import TierLevel, TierRequestState
from members.models import Certificate, CertificationApplication, TierRequest, VolunteerApplication
from members.services.common import label

CERTIFICATE_EXPIRY_DAYS = 30

CERTIFICATE_SUBJECT = gettext_noop("Your certificate %(level)s is valid until %(date)s")
CERTIFICATE_BODY = gettext_noop(
    "Certificate %(number)s is valid until %(date)s. Ask for its renewal before then: "
    "reviewers can renew it only while it is valid."
)
VOLUNTEER_SUBJECT = gettext_noop("%(member)s is waiting for your answer: %(group)s")
VOLUNTEER_BODY = gettext_noop(
    "%(member)s applied to join %(group)s on %(applied)s. The answer was due by %(date)s "
    "(7 working days). Please accept or decline the application."
)
TIER_REQUEST_KIND = gettext_noop("tier request")
CERTIFICATION_APPLICATION_KIND = gettext_noop("certification application")
CERTIFICATE_RENEWAL_KIND = gettext_noop("certificate renewal")


def remind_certificate_expiry(
    *, now: datetime | None = None, dry_run: bool = False, report: Report | None = None
) -> int:
    """Remind holders whose certificate is valid for 30 more days or fewer to renew it."""
    now, today = moment(now)
    certificates = (
        Certificate.objects.valid_on(today)
        .filter(
            expires_on__lte=today + timedelta(days=CERTIFICATE_EXPIRY_DAYS),
            renewal_requested_at__isnull=True,
            holder__is_active=True,
        )
        .select_related("level")
        .only(
            "id",
            "number",
            "holder_id",
            "expires_on",
            "level",
            "level__name",
            *translation_fields("level__name"),
        )
        .order_by("expires_on", "id")
        .iterator(chunk_size=BULK_BATCH_SIZE)
    )
    url = reverse("members:certifications")
    planned = (
        PlannedNotification(
            recipient_id=certificate.holder_id,
            subject=CERTIFICATE_SUBJECT,
            body=CERTIFICATE_BODY,
            params={
                "level": certificate.level.name,
                "number": certificate.number,
                "date": date_param(certificate.expires_on),
            },
            url=url,
            key=(
                f"members.cert_expiry:{certificate.pk}:{certificate.expires_on.isoformat()}:"
                f"{certificate.holder_id}"
            ),
        )
        for certificate in certificates
    )
    return send_reminders(planned, dry_run=dry_run, report=report)


def remind_volunteer_answers(
    *, now: datetime | None = None, dry_run: bool = False, report: Report | None = None
) -> int:
    """Remind group owners of the applications they have not answered in time."""
    now, today = moment(now)
    applications = (
        VolunteerApplication.objects.overdue_on(today)
        .filter(group__owner__is_active=True)
        .select_related("group", "applicant")
        .only(
            "id",
            "created_at",
            "answer_due_on",
            "group",
            "applicant",
            "group__name",
            "group__name",
            *translation_fields("group__name"),
            "group__slug",
            "group__owner_id",
            "applicant__username",
            "applicant__display_name",
        )
        .order_by("answer_due_on", "id")
        .iterator(chunk_size=BULK_BATCH_SIZE)
    )
    planned = (
        PlannedNotification(
            recipient_id=application.group.owner_id,
            subject=VOLUNTEER_SUBJECT,
            body=VOLUNTEER_BODY,
            params={
                "member": application.applicant.public_name,
                "group": application.group.name,
                "applied": _local_date(application.created_at),
                "date": date_param(application.answer_due_on),
            },
            url=reverse("members:volunteer_applications", kwargs={"slug": application.group.slug}),
            key=f"members.volunteer_overdue:{application.pk}:{application.group.owner_id}",
        )
        for application in applications
    )
    return send_reminders(planned, dry_run=dry_run, report=report)


def _local_date(when: datetime) -> str:
    return timezone.localdate(when).isoformat()


# --- Waiting for reviewers (the overdue-reviews digest) --------------------------------------


def overdue_tier_requests(*, waiting_since_before: datetime, today: date) -> list[ReviewItem]:
    requests = (
        TierRequest.objects.filter(
            state=TierRequestState.PENDING, created_at__lt=waiting_since_before
        )
        .select_related("member")
        .only("id", "created_at", "member", "member__username", "member__display_name")
    )
    return [
        ReviewItem(
            kind=TIER_REQUEST_KIND,
            title=request.member.public_name,
            waiting_since=request.created_at,
            url=reverse("admin:members_tierrequest_change", args=[request.pk]),
            involved=frozenset({request.member_id}),
        )
        for request in requests
    ]


def overdue_certification_applications(
    *, waiting_since_before: datetime, today: date
) -> list[ReviewItem]:
    """Open applications whose last step was taken before the moment given."""
    applications = (
        CertificationApplication.objects.open()
        .filter(updated_at__lt=waiting_since_before)
        .select_related("applicant", "level")
        .only(
            "id",
            "updated_at",
            "applicant",
            "level",
            "applicant__username",
            "applicant__display_name",
            "level__name",
            "level__name",
            *translation_fields("level__name"),
        )
    )
    return [
        ReviewItem(
            kind=CERTIFICATION_APPLICATION_KIND,
            title=f"{application.applicant.public_name} · {application.level.name}",
            waiting_since=application.updated_at,
            url=reverse("admin:members_certificationapplication_change", args=[application.pk]),
            involved=frozenset({application.applicant_id}),
        )
        for application in applications
    ]


def overdue_certificate_renewals(
    *, waiting_since_before: datetime, today: date
) -> list[ReviewItem]:
    """Renewals asked for before the moment given, of certificates still valid (an
    expired one can no longer be renewed)."""
    certificates = (
        Certificate.objects.valid_on(today)
        .filter(renewal_requested_at__lt=waiting_since_before)
        .select_related("holder", "level")
        .only(
            "id",
            "number",
            "renewal_requested_at",
            "holder",
            "level",
            "holder__username",
            "holder__display_name",
            "level__name",
            "level__name",
            *translation_fields("level__name"),
        )
    )
    return [
        ReviewItem(
            kind=CERTIFICATE_RENEWAL_KIND,
            title=f"{certificate.holder.public_name} · {certificate.level.name}",
            waiting_since=certificate.renewal_requested_at,
            url=reverse("admin:members_certificate_change", args=[certificate.pk]),
            involved=frozenset({certificate.holder_id}),
        )
        for certificate in certificates
    ]


# --- Newly qualified for the next tier ------------------------------------------------------

QUALIFIED_SUBJECT = gettext_noop("You meet what the tier %(tier)s asks for")
QUALIFIED_BODY = gettext_noop(
    "Your activity in the community meets every threshold of the tier %(tier)s. You can "
    "ask for the promotion on your tier page; reviewers also see you among the "
    "suggested promotions."
)


def remind_newly_qualified(
    *, now: datetime | None = None, dry_run: bool = False, report: Report | None = None
) -> int:
    """Tell each member who meets the next tier's thresholds, once per member and tier."""
    from members.selectors.promotions import members_qualifying_for, suggestable_tiers

    url = reverse("members:tier")
    planned = (
        PlannedNotification(
            recipient_id=member_id,
            subject=QUALIFIED_SUBJECT,
            body=QUALIFIED_BODY,
            params={"tier": label(TierLevel(tier.level))},
            url=url,
            key=f"members.qualifies:{tier.pk}:{member_id}",
        )
        for tier in suggestable_tiers()
        for member_id in members_qualifying_for(tier)
        .values_list("pk", flat=True)
        .iterator(chunk_size=BULK_BATCH_SIZE)
    )
    return send_reminders(planned, dry_run=dry_run, report=report)
