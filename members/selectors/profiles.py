"""Reads for the public profile and the member directory (never the e-mail address)."""

from django.core.cache import cache
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from members.models import Certificate, User
from members.models.accounts import DIRECTORY_ORDER

# The cities members gave change rarely and are read on every directory page.
CITIES_CACHE_KEY = "members:directory-cities"
CITIES_CACHE_SECONDS = 60 * 60


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

    Kept in the cache rather than read with a DISTINCT over every member on each
    request; saving a member forgets it (``forget_directory_cities``).
    """
    cities = cache.get(CITIES_CACHE_KEY)
    if cities is None:
        cities = list(
            User.objects.filter(is_active=True)
            .exclude(city="")
            .values_list("city", flat=True)
            .distinct()
            .order_by("city")
        )
        cache.set(CITIES_CACHE_KEY, cities, CITIES_CACHE_SECONDS)
    return cities


def forget_directory_cities(**kwargs) -> None:
    """Signal receiver: a member was saved, so the list of cities may have changed."""
    update_fields = kwargs.get("update_fields")
    if update_fields is not None and not {"city", "is_active"} & set(update_fields):
        return
    # Now, and again after the commit, in case a request read the old rows between.
    cache.delete(CITIES_CACHE_KEY)
    transaction.on_commit(lambda: cache.delete(CITIES_CACHE_KEY))


def profile_member(username: str) -> User | None:
    return User.objects.filter(username=username, is_active=True).select_related("tier").first()
