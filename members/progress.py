"""What the portal can measure about a member, for tier progress.

Tier thresholds ("at least 500 points", "attended 2 events") are configured in
the admin against *measures*. Each domain app registers the measures it can
count in its ``AppConfig.ready()``, so the members app reads points, selected
submissions, events or station roles without importing those apps::

    register_measure(
        "submissions.points",
        label=_("points"),
        count=lambda member: points_balance(member=member),
    )
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils.functional import Promise


@dataclass(frozen=True)
class Measure:
    key: str
    label: Promise | str
    count: Callable[..., int]


_measures: dict[str, Measure] = {}


def register_measure(key: str, *, label: Promise | str, count: Callable[..., int]) -> None:
    """Register (or replace, on reload) the measure ``key``: ``count(member) -> int``."""
    _measures[key] = Measure(key=key, label=label, count=count)


def measures() -> list[Measure]:
    return sorted(_measures.values(), key=lambda measure: measure.key)


def measure_choices() -> list[tuple[str, Promise | str]]:
    return [(measure.key, measure.label) for measure in measures()]


def get_measure(key: str) -> Measure | None:
    return _measures.get(key)


def measure_member(member, keys: Iterable[str] | None = None) -> dict[str, int]:
    """The member's value for each registered measure (or for ``keys`` only)."""
    wanted = measures() if keys is None else [_measures[k] for k in keys if k in _measures]
    return {measure.key: measure.count(member) for measure in wanted}
