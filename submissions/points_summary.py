"""The leaderboards' summary rows: kept exact by the ledger services, rebuilt and
checked from the ledger.

``PointsTotal`` holds a member's points earned in each local month, local year
(``settings.TIME_ZONE``) and all time; ``PointsTally`` how many members have
each total, so a board's size and a member's rank are sums over a few rows.
Points *earned* are what the leaderboards always counted: positive awards that
are not corrections and were not corrected. A corrected award leaves the
period it was made in; an award given again counts where it was given.

``summary_add_award`` and ``summary_remove_award`` run in the transaction of
the award or correction (``points_award``, ``points_reverse``), so the summary
is never behind the ledger. Each takes the member's rows in one order (all
time, year, month) and the tally rows in one global order, so concurrent
awards wait for each other instead of deadlocking. ``summary_rebuild`` and
``summary_differences`` back ``manage.py rebuild_points_summary [--check]``.
"""

from collections import Counter
from datetime import date, datetime

from django.db import connection, transaction
from django.db.models import DateField, Max, Sum, Value
from django.db.models.functions import TruncMonth, TruncYear
from django.utils import timezone

from submissions.enums import PointsPeriod
from submissions.models import (
    ALL_TIME_START,
    POINTS_EARNED,
    PointEntry,
    PointsTally,
    PointsTotal,
)


def periods_of(moment: datetime) -> list[tuple[str, date]]:
    """The periods an entry made at ``moment`` counts in, in the order they are locked."""
    day = timezone.localtime(moment, timezone.get_default_timezone()).date()
    return [
        (PointsPeriod.ALL_TIME, ALL_TIME_START),
        (PointsPeriod.YEAR, day.replace(month=1, day=1)),
        (PointsPeriod.MONTH, day.replace(day=1)),
    ]


def period_bounds(period: str, start: date) -> tuple[datetime | None, datetime | None]:
    """The period as [since, until) in local time; all time: (None, None)."""
    if period == PointsPeriod.ALL_TIME:
        return None, None
    if period == PointsPeriod.YEAR:
        end = date(start.year + 1, 1, 1)
    else:
        end = (
            date(start.year + 1, 1, 1)
            if start.month == 12
            else start.replace(month=start.month + 1)
        )
    zone = timezone.get_default_timezone()
    return (
        timezone.make_aware(datetime(start.year, start.month, start.day), zone),
        timezone.make_aware(datetime(end.year, end.month, end.day), zone),
    )


def _counts(entry: PointEntry) -> bool:
    return entry.amount > 0 and entry.reverses_id is None


# --- Kept in the ledger's transaction ------------------------------------------------------


def summary_add_award(entry: PointEntry) -> None:
    """Count a new award in its member's month, year and all-time rows."""
    if not _counts(entry):
        return
    moves = []
    for period, start in periods_of(entry.created_at):
        total = _add_to_total(entry.member_id, period, start, entry.amount, entry.created_at)
        moves.append((period, start, total - entry.amount, total))
    _move_tallies(moves)


def summary_remove_award(entry: PointEntry) -> None:
    """Take a corrected award out of its periods; call after saving the correction."""
    if not _counts(entry):
        return
    moves = []
    for period, start in periods_of(entry.created_at):
        total = _subtract_from_total(entry.member_id, period, start, entry.amount)
        if total is None:  # the summary was never built: the check reports it
            continue
        _refresh_reached_at(entry.member_id, period, start)
        moves.append((period, start, total + entry.amount, total))
    _move_tallies(moves)


def _table(model) -> str:
    """The quoted table name: the only text put into the SQL below, never user input."""
    return connection.ops.quote_name(model._meta.db_table)


def _add_to_total(member_id, period, start, amount, at) -> int:
    """Upsert the member's row; the row lock is held until commit. Returns the new total."""
    table = _table(PointsTotal)
    greatest = "GREATEST" if connection.vendor == "postgresql" else "MAX"
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (member_id, period, period_start, points, reached_at) "  # noqa: S608 (table names from Meta)
            "VALUES (%s, %s, %s, %s, %s) "
            "ON CONFLICT (member_id, period, period_start) DO UPDATE SET "
            f"points = {table}.points + excluded.points, "
            f"reached_at = {greatest}(COALESCE({table}.reached_at, excluded.reached_at), "
            "excluded.reached_at) "
            "RETURNING points",
            [
                member_id,
                str(period),
                connection.ops.adapt_datefield_value(start),
                amount,
                connection.ops.adapt_datetimefield_value(at),
            ],
        )
        return cursor.fetchone()[0]


def _subtract_from_total(member_id, period, start, amount) -> int | None:
    table = _table(PointsTotal)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET points = points - %s "  # noqa: S608 (table names from Meta)
            "WHERE member_id = %s AND period = %s AND period_start = %s RETURNING points",
            [amount, member_id, str(period), connection.ops.adapt_datefield_value(start)],
        )
        row = cursor.fetchone()
    return None if row is None else row[0]


def _refresh_reached_at(member_id, period, start) -> None:
    """When the member's latest award still counted in the period was made.

    Runs after this transaction locked the row: every award or correction of the
    member that locked it before has committed and is seen; later ones take the
    row after this one commits and bring it up to date themselves.
    """
    since, until = period_bounds(period, start)
    entries = PointEntry.objects.filter(POINTS_EARNED, member_id=member_id)
    if since is not None:
        entries = entries.filter(created_at__gte=since, created_at__lt=until)
    latest = entries.order_by("-created_at").values_list("created_at", flat=True).first()
    PointsTotal.objects.filter(member_id=member_id, period=period, period_start=start).update(
        reached_at=latest
    )


def _move_tallies(moves) -> None:
    """A member's total went from ``old`` to ``new``: one member fewer at old, one more at new."""
    changes = []
    for period, start, old, new in moves:
        if old > 0:
            changes.append(((str(period), start, old), -1))
        if new > 0:
            changes.append(((str(period), start, new), 1))
    table = _table(PointsTally)
    with connection.cursor() as cursor:
        for (period, start, points), change in sorted(changes):
            start = connection.ops.adapt_datefield_value(start)
            if change > 0:
                cursor.execute(
                    f"INSERT INTO {table} (period, period_start, points, members) "  # noqa: S608 (table names from Meta)
                    "VALUES (%s, %s, %s, 1) "
                    "ON CONFLICT (period, period_start, points) DO UPDATE SET "
                    f"members = {table}.members + 1",
                    [period, start, points],
                )
            else:
                cursor.execute(
                    f"UPDATE {table} SET members = members - 1 "  # noqa: S608 (table names from Meta)
                    "WHERE period = %s AND period_start = %s AND points = %s AND members > 0",
                    [period, start, points],
                )


# --- Rebuilt and checked from the ledger ---------------------------------------------------


def _ledger_totals(period: str, *, entries=None):
    """Per member and period start: points earned and when the last counted award was made.

    Columns in the order of ``PointsTotal``'s: member, period, start, points, reached.
    """
    zone = timezone.get_default_timezone()
    start = {
        PointsPeriod.ALL_TIME: Value(ALL_TIME_START, output_field=DateField()),
        PointsPeriod.YEAR: TruncYear("created_at", output_field=DateField(), tzinfo=zone),
        PointsPeriod.MONTH: TruncMonth("created_at", output_field=DateField(), tzinfo=zone),
    }[period]
    entries = PointEntry.objects.all() if entries is None else entries
    return (
        entries.filter(POINTS_EARNED)
        .annotate(summary_period=Value(str(period)), summary_start=start)
        .values("member_id", "summary_period", "summary_start")
        .annotate(summary_points=Sum("amount"), summary_reached=Max("created_at"))
        .order_by()
    )


def summary_rebuild(*, models=None) -> None:
    """Replace every summary row by what the ledger says, in one transaction.

    ``models`` (PointEntry, PointsTotal, PointsTally) lets the data migration pass
    its historical models. On PostgreSQL the summary tables are locked against
    writes (reads go on) while they are rebuilt: an award waiting for the lock
    adds itself afterwards.
    """
    entry_model, total_model, tally_model = models or (PointEntry, PointsTotal, PointsTally)
    totals, tallies = _table(total_model), _table(tally_model)
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"LOCK TABLE {totals}, {tallies} IN EXCLUSIVE MODE")
            # Group a million ledger rows in memory rather than in sort files.
            cursor.execute("SET LOCAL work_mem = '256MB'")
        cursor.execute(f"DELETE FROM {tallies}")  # noqa: S608 (table names from Meta)
        cursor.execute(f"DELETE FROM {totals}")  # noqa: S608 (table names from Meta)
        for period in PointsPeriod.values:
            sql, params = _ledger_totals(
                period, entries=entry_model.objects.all()
            ).query.sql_with_params()
            cursor.execute(
                f"INSERT INTO {totals} (member_id, period, period_start, points, reached_at) {sql}",
                params,
            )
        cursor.execute(
            f"INSERT INTO {tallies} (period, period_start, points, members) "  # noqa: S608 (table names from Meta)
            f"SELECT period, period_start, points, COUNT(*) FROM {totals} "
            "WHERE points > 0 GROUP BY period, period_start, points"
        )


def summary_differences() -> list[str]:
    """Every way the summary differs from the ledger, in words; empty when they agree."""
    differences = []
    expected_tallies = Counter()
    for period in PointsPeriod.values:
        expected = {
            (row["member_id"], row["summary_start"]): (
                row["summary_points"],
                row["summary_reached"],
            )
            for row in _ledger_totals(period).iterator()
        }
        stored = {
            (member_id, start): (points, reached_at)
            for member_id, start, points, reached_at in PointsTotal.objects.filter(period=period)
            .exclude(points=0, reached_at__isnull=True)
            .values_list("member_id", "period_start", "points", "reached_at")
            .iterator()
        }
        for key in sorted(expected.keys() | stored.keys()):
            if expected.get(key) != stored.get(key):
                member_id, start = key
                differences.append(
                    f"member {member_id}, {period} from {start}: summary "
                    f"{_describe(stored.get(key))}, ledger {_describe(expected.get(key))}"
                )
        expected_tallies.update(
            (period, start, points) for (_m, start), (points, _r) in expected.items()
        )
    stored_tallies = Counter(
        {
            (period, start, points): members
            for period, start, points, members in PointsTally.objects.filter(members__gt=0)
            .values_list("period", "period_start", "points", "members")
            .iterator()
        }
    )
    for key in sorted(expected_tallies.keys() | stored_tallies.keys()):
        if expected_tallies[key] != stored_tallies[key]:
            period, start, points = key
            differences.append(
                f"{period} from {start}, {points} points: summary counts "
                f"{stored_tallies[key]} member(s), ledger {expected_tallies[key]}"
            )
    return differences


def _describe(value) -> str:
    if value is None:
        return "nothing"
    points, reached_at = value
    return f"{points} points (last at {reached_at.isoformat() if reached_at else '-'})"
