"""Reads for the public profile and the member directory (never the e-mail address)."""

from django.db.models import Prefetch, QuerySet, Value
from django.db.models.functions import Coalesce, Lower, NullIf
from django.utils import timezone

from members.models import Certificate, User


def _valid_certificates(today):
    return Prefetch(
        "certificates",
        queryset=Certificate.objects.valid_on(today)
        .select_related("level")
        .order_by("level__track", "level__rank"),
        to_attr="valid_certificates",
    )


def directory_members(*, today=None) -> QuerySet[User]:
    """Active members by name, with their tier and valid certificates."""
    today = today or timezone.localdate()
    return (
        User.objects.filter(is_active=True)
        .select_related("tier")
        .prefetch_related(_valid_certificates(today))
        .annotate(sort_name=Lower(Coalesce(NullIf("display_name", Value("")), "username")))
        .order_by("sort_name", "username")
    )


def directory_cities() -> list[str]:
    """The cities members gave, each once, for the directory's filter."""
    cities = (
        User.objects.filter(is_active=True)
        .exclude(city="")
        .values_list("city", flat=True)
        .distinct()
        .order_by("city")
    )
    return list(cities)


def profile_member(username: str) -> User | None:
    return User.objects.filter(username=username, is_active=True).select_related("tier").first()
