"""What the recognition pages read: the hall of fame, a member's stars, the judges' list."""

from django.db.models import QuerySet

from recognition.enums import StarKind
from recognition.models import EssayRecommendation, Nomination

STAR_FIELDS = (
    "id",
    "kind",
    "period",
    "state",
    "citation",
    "citation_en",
    "citation_zh_hans",
    "citation_fr",
    "chosen_at",
    "member__id",
    "member__username",
    "member__display_name",
    "member__avatar",
    "member__is_active",
)


def stars() -> QuerySet[Nomination]:
    """Every star, the latest period first, the year's before its months."""
    return (
        Nomination.objects.stars()
        .filter(member__is_active=True)
        .select_related("member")
        .only(*STAR_FIELDS)
        .order_by("-period", "-kind", "member__display_name", "id")
    )


def month_stars() -> QuerySet[Nomination]:
    return stars().filter(kind=StarKind.MONTH)


def year_stars() -> QuerySet[Nomination]:
    return stars().filter(kind=StarKind.YEAR)


def stars_of_year(year: int) -> QuerySet[Nomination]:
    return stars().filter(period__year=year)


def years_with_stars() -> list[int]:
    return sorted(
        {day.year for day in Nomination.objects.stars().dates("period", "year")}, reverse=True
    )


def member_stars(member) -> list[Nomination]:
    """A member's stars for their profile, the latest first."""
    return list(
        Nomination.objects.stars()
        .filter(member=member)
        .only("id", "kind", "period", "member_id")
        .order_by("-period", "-kind")
    )


def essay_recommendations() -> QuerySet[EssayRecommendation]:
    return EssayRecommendation.objects.select_related(
        "submission__author", "submission__campaign", "recommended_by"
    ).order_by("-recommended_at", "-id")
