"""What the partner pages read."""

from django.db.models import Prefetch, QuerySet

from partners.enums import PartnershipState
from partners.models import Partnership, PartnershipLevel
from programs import selectors as program_selectors


def levels_with_partners() -> list[PartnershipLevel]:
    """Every level, highest first, each with its active partners (``active_partners``),
    in two queries whatever their number."""
    active = (
        Partnership.objects.filter(state=PartnershipState.ACTIVE)
        .only(
            "id", "level_id", "organization_name", "website", "logo", "description", "partner_type"
        )
        .order_by("organization_name", "id")
    )
    return list(
        PartnershipLevel.objects.order_by("rank").prefetch_related(
            Prefetch("partnerships", queryset=active, to_attr="active_partners")
        )
    )


def levels() -> QuerySet[PartnershipLevel]:
    return PartnershipLevel.objects.order_by("rank")


def applications_of(*, member) -> QuerySet[Partnership]:
    return (
        Partnership.objects.filter(applicant=member)
        .select_related("level")
        .order_by("-created_at", "-id")
    )


def application_for_viewer(*, pk: int, user) -> Partnership | None:
    """The application, for its applicant and for reviewers; None for everyone else."""
    if not user.is_authenticated:
        return None
    rows = Partnership.objects.select_related("level", "applicant", "participation")
    if not user.is_reviewer:
        rows = rows.filter(applicant=user)
    return rows.filter(pk=pk).first()


def participations_to_apply_with(*, member):
    """The member's program participations an organization may apply with."""
    return program_selectors.participations_for_member(member=member)
