"""The review-time charts' summary: each answered request's days, counted per day pair.

The charts need, for every kind of request under review, how many requests that
started waiting on one day were first answered (and first decided) on another.
Read from the histories, that is the first history row of every request
answered in two periods: hundreds of thousands of rows and a correlated
subquery each. Instead each answered request has a ``ReviewTiming`` row (its
local days), and ``ReviewDay`` counts them per (kind, measure, scope, waiting
since, answered on): the charts read a few thousand rows.

``timing_refresh`` keeps both exact. It locks the request, recomputes its days
from the request and its history (the same definitions the rebuild uses), and
moves the counts by the difference from the stored row, all in the caller's
transaction. It runs for each history row written (``post_save``), each save of
a request that changes a field it reads, and each deletion (``pre_delete``: the
history is still there). Writes that bypass the model signals (``bulk_create``,
``QuerySet.update``, the benchmark's ``COPY``) are followed by
``manage.py rebuild_insight_summary``, whose ``--check`` tells any difference.
"""

from collections import Counter
from datetime import date, datetime

from django.apps import apps as global_apps
from django.db import connection, transaction
from django.db.models import Min, Q
from django.db.models.signals import post_init, post_save, pre_delete
from django.utils import timezone

from insight.models import ReviewDay, ReviewTiming
from insight.review_kinds import REVIEW_KINDS, ReviewKind

MEASURES = ("response", "decision")

# (scope, since, responded on, decided on) of one request; None: not answered.
Timing = tuple[int, date, date | None, date | None]
# A field deferred when the request was loaded: what it held is not known.
_UNKNOWN = object()


def local_day(moment: datetime | None) -> date | None:
    if moment is None:
        return None
    return timezone.localtime(moment, timezone.get_default_timezone()).date()


def _fields(kind: ReviewKind) -> list[str]:
    """The request's own fields its timing reads."""
    fields = [kind.started]
    if kind.scope_field:
        fields.append(kind.scope_field)
    if kind.steps is None:
        fields += ["state", kind.decided]
    return fields


def _timing(kind: ReviewKind, values: dict, first: dict | None) -> Timing | None:
    """The timing of a request from its fields and, for kinds with a history, the first
    answer and decision in it (``first``: ``{"response": ..., "decision": ...}``)."""
    started = values.get(kind.started)
    if started is None:
        return None
    if kind.steps is None:
        decided = values.get(kind.decided) if values.get("state") in kind.decisions else None
        response = decision = decided
    else:
        response, decision = (first or {}).get("response"), (first or {}).get("decision")
    if response is None and decision is None:
        return None
    scope = values.get(kind.scope_field) or 0 if kind.scope_field else 0
    return scope, local_day(started), local_day(response), local_day(decision)


def _first_moments(kind: ReviewKind) -> dict:
    return {
        "response": Min("created_at", filter=Q(to_state__in=kind.answers)),
        "decision": Min("created_at", filter=Q(to_state__in=kind.decisions)),
    }


def _days(kind: ReviewKind, timing: Timing | None) -> list[tuple]:
    """The ``ReviewDay`` keys a timing counts for."""
    if timing is None:
        return []
    scope, since, responded, decided = timing
    return [
        (kind.slug, measure, scope, since, on)
        for measure, on in zip(MEASURES, (responded, decided), strict=True)
        if on is not None
    ]


def _count(keys: list[tuple], change: int) -> None:
    table = connection.ops.quote_name(ReviewDay._meta.db_table)
    with connection.cursor() as cursor:
        for kind, measure, scope, since, on in keys:
            cursor.execute(
                f"INSERT INTO {table} (kind, measure, scope, since, answered_on, requests) "  # noqa: S608 (table names from Meta)
                "VALUES (%s, %s, %s, %s, %s, %s) "
                "ON CONFLICT (kind, measure, scope, since, answered_on) DO UPDATE SET "
                f"requests = {table}.requests + excluded.requests",
                [
                    kind,
                    measure,
                    scope,
                    connection.ops.adapt_datefield_value(since),
                    connection.ops.adapt_datefield_value(on),
                    change,
                ],
            )


def timing_refresh(kind: ReviewKind, request_id: int, *, gone: bool = False) -> None:
    """Bring the request's timing and its day counts in line with its rows (``gone``:
    it is being deleted). Locks the request first, so two writers of one request
    take turns, as the review services already make them."""
    with transaction.atomic():
        values = (
            kind.model._default_manager.select_for_update()
            .filter(pk=request_id)
            .values(*_fields(kind))
            .first()
        )
        new = None
        if values is not None and not gone:
            first = None
            if kind.steps is not None:
                first = kind.steps._default_manager.filter(**{kind.step_fk: request_id}).aggregate(
                    **_first_moments(kind)
                )
            new = _timing(kind, values, first)
        stored = ReviewTiming.objects.filter(kind=kind.slug, request_id=request_id).first()
        old = (
            None
            if stored is None
            else (stored.scope, stored.since, stored.responded_on, stored.decided_on)
        )
        if old == new:
            return
        _count(_days(kind, old), -1)
        _count(_days(kind, new), 1)
        if new is None:
            stored.delete()
            return
        scope, since, responded, decided = new
        ReviewTiming.objects.update_or_create(
            kind=kind.slug,
            request_id=request_id,
            defaults={
                "scope": scope,
                "since": since,
                "responded_on": responded,
                "decided_on": decided,
            },
        )


# --- Following the rows ----------------------------------------------------------------------


def _connect(kind: ReviewKind) -> None:
    fields = _fields(kind)
    key = f"insight_review_{kind.slug}"

    def loaded(sender, instance, **kwargs):
        # What the timing read when loaded; a deferred field reads as "unknown".
        instance._insight_review_loaded = (
            tuple(instance.__dict__.get(name, _UNKNOWN) for name in fields) if instance.pk else None
        )

    def saved(sender, instance, created, raw=False, update_fields=None, **kwargs):
        if raw or (update_fields is not None and not set(update_fields) & set(fields)):
            return
        now = tuple(instance.__dict__.get(name) for name in fields)
        if created:
            # A new request has no history yet; only a row created decided is answered.
            if kind.steps is None and instance.state in kind.decisions:
                timing_refresh(kind, instance.pk)
        elif getattr(instance, "_insight_review_loaded", None) != now:
            timing_refresh(kind, instance.pk)
        instance._insight_review_loaded = now

    def deleted(sender, instance, **kwargs):
        timing_refresh(kind, instance.pk, gone=True)

    post_init.connect(loaded, sender=kind.model, weak=False, dispatch_uid=f"{key}_loaded")
    post_save.connect(saved, sender=kind.model, weak=False, dispatch_uid=f"{key}_saved")
    pre_delete.connect(deleted, sender=kind.model, weak=False, dispatch_uid=f"{key}_deleted")
    if kind.steps is None:
        return
    answering = set(kind.answers) | set(kind.decisions)

    def step_saved(sender, instance, created, raw=False, **kwargs):
        if created and not raw and instance.to_state in answering:
            timing_refresh(kind, getattr(instance, f"{kind.step_fk}_id"))

    post_save.connect(step_saved, sender=kind.steps, weak=False, dispatch_uid=f"{key}_step")


for _kind in REVIEW_KINDS:
    _connect(_kind)


# --- Rebuilt and checked ---------------------------------------------------------------------


def expected_timings(apps=global_apps) -> dict[tuple[str, int], Timing]:
    """Every answered request's timing, from the requests and their histories."""
    found = {}
    for kind in REVIEW_KINDS:
        model = apps.get_model(kind.model._meta.label)
        firsts = {}
        if kind.steps is not None:
            steps = apps.get_model(kind.steps._meta.label)
            firsts = {
                row[kind.step_fk]: row
                for row in steps._default_manager.filter(
                    to_state__in=set(kind.answers) | set(kind.decisions)
                )
                .values(kind.step_fk)
                .annotate(**_first_moments(kind))
                .order_by()
                .iterator()
            }
        rows = model._default_manager.filter(**{f"{kind.started}__isnull": False})
        if kind.steps is None:
            rows = rows.filter(state__in=kind.decisions, **{f"{kind.decided}__isnull": False})
        else:
            rows = rows.filter(pk__in=list(firsts))
        for values in rows.values("pk", *_fields(kind)).iterator():
            timing = _timing(kind, values, firsts.get(values["pk"]))
            if timing is not None:
                found[kind.slug, values["pk"]] = timing
    return found


def _expected_days(timings: dict) -> Counter:
    kinds = {kind.slug: kind for kind in REVIEW_KINDS}
    days = Counter()
    for (slug, _pk), timing in timings.items():
        days.update(_days(kinds[slug], timing))
    return days


def rebuild(apps=global_apps) -> None:
    """Replace both tables by what the requests and histories say (in the caller's
    transaction, which locks them on PostgreSQL)."""
    timing_model = apps.get_model("insight", "ReviewTiming")
    day_model = apps.get_model("insight", "ReviewDay")
    timings = expected_timings(apps)
    timing_model.objects.all().delete()
    day_model.objects.all().delete()
    timing_model.objects.bulk_create(
        (
            timing_model(
                kind=slug,
                request_id=pk,
                scope=scope,
                since=since,
                responded_on=responded,
                decided_on=decided,
            )
            for (slug, pk), (scope, since, responded, decided) in timings.items()
        ),
        batch_size=2000,
    )
    day_model.objects.bulk_create(
        (
            day_model(
                kind=kind, measure=measure, scope=scope, since=since, answered_on=on, requests=n
            )
            for (kind, measure, scope, since, on), n in _expected_days(timings).items()
        ),
        batch_size=2000,
    )


def differences() -> list[str]:
    """Every way the review summary differs from the requests, in words."""
    timings = expected_timings()
    stored = {
        (row.kind, row.request_id): (row.scope, row.since, row.responded_on, row.decided_on)
        for row in ReviewTiming.objects.iterator()
    }
    found = []
    for key in sorted(timings.keys() | stored.keys()):
        want, have = timings.get(key), stored.get(key)
        if want != have:
            found.append(f"{key[0]} {key[1]}: timing {want}, stored {have}")
    days = _expected_days(timings)
    stored_days = Counter(
        {
            (row.kind, row.measure, row.scope, row.since, row.answered_on): row.requests
            for row in ReviewDay.objects.exclude(requests=0).iterator()
        }
    )
    for key in sorted(days.keys() | stored_days.keys()):
        if days.get(key, 0) != stored_days.get(key, 0):
            kind, measure, _scope, since, on = key
            found.append(
                f"{kind} {measure} {since} → {on}: {days.get(key, 0)} requests, "
                f"stored {stored_days.get(key, 0)}"
            )
    return found
