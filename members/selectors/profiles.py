"""Reads for the public profile and the member directory (never the e-mail address)."""

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from community_portal.core.page_cache import cached_result
from members.models import Certificate, User
from members.models.accounts import DIRECTORY_ORDER


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
        .annotate(sort_name=DIRECTORY_ORDER)
        .order_by("sort_name", "username")
    )


def directory_cities() -> list[str]:
    """The cities members gave, each once, for the directory's filter.

    A cached result, kept until a member changes, rather than a DISTINCT over
    every member on each request.
    """
    return cached_result(
        "members:directory-cities",
        ("members",),
        lambda: list(
            User.objects.filter(is_active=True)
            .exclude(city="")
            .values_list("city", flat=True)
            .distinct()
            .order_by("city")
        ),
    )


def profile_member(username: str) -> User | None:
    return User.objects.filter(username=username, is_active=True).select_related("tier").first()


SEARCH_MIN_LENGTH = 2
SEARCH_LIMIT = 10


def members_matching(text: str, *, limit: int = SEARCH_LIMIT) -> list[dict]:
    """Active members whose username starts with ``text`` or whose display name
    contains it, for choosing a member by name: username and public name only
    (never the e-mail address). Fewer than two characters match nobody."""
    text = (text or "").strip().lstrip("@")
    if len(text) < SEARCH_MIN_LENGTH:
        return []
    found = (
        User.objects.filter(is_active=True)
        .filter(Q(username__istartswith=text) | Q(display_name__icontains=text))
        .annotate(sort_name=DIRECTORY_ORDER)
        .order_by("sort_name", "username")
        .values("username", "display_name")[:limit]
    )
    return [
        {"username": row["username"], "name": row["display_name"] or row["username"]}
        for row in found
    ]
