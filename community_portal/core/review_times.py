"""How long a kind of request usually waits for its decision, from its history.

Each kind names its history model (a ``StateChange`` subclass), the foreign key
to its request, the request's field that says since when it waits, and the
states that answer it. The typical wait is the median, in working days, from
that moment to the first answer after it, over the requests answered in the
last year; it is computed in two queries and cached for some hours. With fewer
than ``MIN_DECIDED`` answered requests there is no typical wait to tell.
"""

import statistics
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.cache import cache
from django.db.models import F, Min
from django.utils import timezone

from community_portal.core.workdays import working_days_counter

MIN_DECIDED = 5
# Decisions older than this do not describe today's reviewers.
LOOKBACK_DAYS = 365
CACHE_SECONDS = 6 * 3600


@dataclass(frozen=True)
class DecisionKind:
    name: str
    history: type
    request_field: str
    waiting_since_field: str
    decided_states: tuple[str, ...]


@dataclass(frozen=True)
class ReviewWait:
    """What the person waiting sees: since when, and the typical wait (None: unknown)."""

    since: date
    typical_days: int | None


def typical_decision_days(kind: DecisionKind, *, today: date | None = None) -> int | None:
    today = today or timezone.localdate()
    key = f"review_times:{kind.name}:{today.isoformat()}"
    cached = cache.get(key)
    if cached is None:
        cached = _median(kind, today=today)
        cache.set(key, cached if cached is not None else -1, CACHE_SECONDS)
        return cached
    return None if cached == -1 else cached


def _median(kind: DecisionKind, *, today: date) -> int | None:
    since = f"{kind.request_field}__{kind.waiting_since_field}"
    rows = list(
        kind.history.objects.filter(
            to_state__in=kind.decided_states,
            created_at__gte=F(since),
            created_at__date__gte=today - timedelta(days=LOOKBACK_DAYS),
        )
        .values(kind.request_field)
        .annotate(decided=Min("created_at"), start=Min(since))
        .values_list("start", "decided")
    )
    if len(rows) < MIN_DECIDED:
        return None
    pairs = [(timezone.localdate(start), timezone.localdate(decided)) for start, decided in rows]
    count = working_days_counter(min(p[0] for p in pairs), max(p[1] for p in pairs))
    return round(statistics.median(count(start, decided) for start, decided in pairs))


def review_wait(kind: DecisionKind, *, waiting_since) -> ReviewWait:
    return ReviewWait(
        since=timezone.localdate(waiting_since), typical_days=typical_decision_days(kind)
    )
