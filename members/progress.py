"""What the portal can measure about a member: tier progress and recent activity.

Tier thresholds ("at least 500 points", "attended 2 events") are configured in
the admin against *measures*, and the stations' founding rule asks whether a
member "was active in the last six months". Each domain app registers the
measures it can count in its ``AppConfig.ready()``, so the members app (and any
other app) reads points, selected submissions, events or program roles without
importing the apps that own them::

    register_measure(
        "submissions.points",
        label=_("points earned"),
        count=lambda member, since=None: points_earned(member=member, since=since),
        counts_as_activity=True,
    )

``count(member, since=None)`` returns how much of the thing the member has, in
all (``since=None``) or from ``since`` on. ``tally()``, when a measure has one,
returns the same all-time value for every member at once: a queryset of rows
``{"member_pk": id, "value": n}``, one per member with a value, that a caller can
filter (``value__gte``) and use as a subquery, so that a list of members who
meet a tier costs the same whatever its length (``members.selectors.promotions``). A measure with
``counts_as_activity=True`` makes a member active when its count since a date is
above zero (PRODUCT.md: a selected submission, points earned, an event attended,
or a program role).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils.functional import Promise


@dataclass(frozen=True)
class Measure:
    key: str
    label: Promise | str
    count: Callable[..., int]
    counts_as_activity: bool = False
    tally: Callable[[], Any] | None = None


_measures: dict[str, Measure] = {}


def register_measure(
    key: str,
    *,
    label: Promise | str,
    count: Callable[..., int],
    counts_as_activity: bool = False,
    tally: Callable[[], Any] | None = None,
) -> None:
    """Register (or replace, on reload) the measure ``key``."""
    _measures[key] = Measure(
        key=key, label=label, count=count, counts_as_activity=counts_as_activity, tally=tally
    )


def measures() -> list[Measure]:
    return sorted(_measures.values(), key=lambda measure: measure.key)


def measure_choices() -> list[tuple[str, Promise | str]]:
    return [(measure.key, measure.label) for measure in measures()]


def get_measure(key: str) -> Measure | None:
    return _measures.get(key)


def measure_label(key: str) -> Promise | str:
    """The measure's label, or its key when no installed app registers it."""
    measure = _measures.get(key)
    return measure.label if measure else key


def measure_member(
    member, keys: Iterable[str] | None = None, *, since: datetime | None = None
) -> dict[str, int]:
    """The member's value for each registered measure (or for ``keys`` only)."""
    wanted = measures() if keys is None else [_measures[k] for k in keys if k in _measures]
    return {measure.key: measure.count(member, since=since) for measure in wanted}


def member_was_active_since(member, since: datetime) -> bool:
    """Whether any activity measure counts something for ``member`` at or after ``since``."""
    return any(
        measure.count(member, since=since) > 0
        for measure in measures()
        if measure.counts_as_activity
    )
