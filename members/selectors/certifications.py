"""Reads about certification levels, applications and certificates."""

import re

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from members.enums import APPLIED_TRACKS, CertificateEventKind, CertificationTrack
from members.models import (
    Certificate,
    CertificateEvent,
    CertificationApplication,
    CertificationApplicationStep,
    CertificationLevel,
    User,
)

_NUMBER_GROUPS = 4
_NUMBER_GROUP_SIZE = 4


def normalize_certificate_number(text: str) -> str:
    """What a person typed or scanned, in the stored form ``ABCD-EFGH-IJKL-MNOP``.

    Case, spaces and dashes do not matter; anything that cannot be a number
    comes back as an empty string.
    """
    compact = re.sub(r"[\s-]+", "", text or "").upper()
    if not re.fullmatch(rf"[A-Z2-7]{{{_NUMBER_GROUPS * _NUMBER_GROUP_SIZE}}}", compact):
        return ""
    return "-".join(
        compact[start : start + _NUMBER_GROUP_SIZE]
        for start in range(0, len(compact), _NUMBER_GROUP_SIZE)
    )


def levels_by_track() -> list[tuple[CertificationTrack, list[CertificationLevel]]]:
    """Both tracks one applies to, each with its levels in order (one query)."""
    levels = list(
        CertificationLevel.objects.filter(track__in=APPLIED_TRACKS).order_by("track", "rank")
    )
    return [
        (track, [level for level in levels if level.track == track]) for track in APPLIED_TRACKS
    ]


def open_level(slug: str) -> CertificationLevel | None:
    return CertificationLevel.objects.filter(
        slug=slug, is_open=True, track__in=APPLIED_TRACKS
    ).first()


def member_applications(member: User) -> QuerySet[CertificationApplication]:
    return (
        CertificationApplication.objects.filter(applicant=member)
        .select_related("level")
        .prefetch_related(
            Prefetch(
                "steps",
                queryset=CertificationApplicationStep.objects.select_related("actor"),
            )
        )
    )


def member_certificates(member: User) -> QuerySet[Certificate]:
    return Certificate.objects.filter(holder=member).select_related("level")


def public_certificates(member: User) -> QuerySet[Certificate]:
    """What a profile shows: certificates that were not revoked, valid or expired."""
    return member_certificates(member).filter(revoked_at__isnull=True)


def member_holds_valid(member: User, level: CertificationLevel) -> bool:
    return (
        Certificate.objects.valid_on(timezone.localdate())
        .filter(holder=member, level=level)
        .exists()
    )


def certificate_by_number(number: str) -> Certificate | None:
    """The certificate with this number (as typed or scanned), with holder and level."""
    normalized = normalize_certificate_number(number)
    if not normalized:
        return None
    return (
        Certificate.objects.select_related("holder", "holder__tier", "level")
        .filter(number=normalized)
        .first()
    )


def certificate_history(certificate: Certificate) -> QuerySet[CertificateEvent]:
    """The public part of the history: issue, renewals, revocation (not who asked)."""
    return certificate.events.exclude(kind=CertificateEventKind.RENEWAL_REQUESTED).order_by(
        "created_at", "id"
    )
