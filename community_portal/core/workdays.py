"""Working days: Monday to Friday, minus holidays, plus make-up working days.

"Answer within 7 working days" and "waiting longer than 7 working days" are
counted with these functions; the exceptions come from ``CalendarDay`` rows that
maintainers keep in the admin. Each function reads the exceptions it needs in
one query.
"""

from datetime import date, timedelta

from community_portal.core.models import CalendarDay, CalendarDayKind


def _exceptions(start: date, end: date) -> tuple[set[date], set[date]]:
    rows = CalendarDay.objects.filter(date__range=(min(start, end), max(start, end)))
    holidays, working = set(), set()
    for day, kind in rows.values_list("date", "kind"):
        (holidays if kind == CalendarDayKind.HOLIDAY else working).add(day)
    return holidays, working


def _is_working(day: date, holidays: set[date], working: set[date]) -> bool:
    if day in working:
        return True
    return day.weekday() < 5 and day not in holidays


def is_working_day(day: date) -> bool:
    return _is_working(day, *_exceptions(day, day))


def add_working_days(start: date, days: int) -> date:
    """The date ``days`` working days after ``start`` (``start`` itself not counted)."""
    if days < 0:
        raise ValueError("days must not be negative")
    # Generous window: even a long holiday season fits in it.
    holidays, working = _exceptions(start, start + timedelta(days=days * 3 + 30))
    current, counted = start, 0
    while counted < days:
        current += timedelta(days=1)
        if _is_working(current, holidays, working):
            counted += 1
    return current


def subtract_working_days(end: date, days: int) -> date:
    """The latest date that ``days`` working days after it reach ``end``.

    The inverse of :func:`add_working_days`: for a working day ``end``,
    ``add_working_days(subtract_working_days(end, n), n) == end``. Whatever
    started on this date or earlier has waited ``days`` working days by ``end``.
    """
    if days < 0:
        raise ValueError("days must not be negative")
    holidays, working = _exceptions(end - timedelta(days=days * 3 + 30), end)
    current, counted = end, 0
    while counted < days:
        if _is_working(current, holidays, working):
            counted += 1
        current -= timedelta(days=1)
    return current


def working_days_between(start: date, end: date) -> int:
    """How many working days fall after ``start``, up to and including ``end``."""
    if end <= start:
        return 0
    holidays, working = _exceptions(start, end)
    return sum(
        _is_working(start + timedelta(days=offset), holidays, working)
        for offset in range(1, (end - start).days + 1)
    )


class WorkingCalendar:
    """Working days between many pairs of dates in ``[start, end]``, from one query.

    For figures over many requests (the dashboard's times to decision):
    ``between(a, b)`` equals ``working_days_between(a, b)`` for dates in the range.
    """

    def __init__(self, start: date, end: date):
        self.start = start
        holidays, working = _exceptions(start, end)
        # counted[i]: working days in (start, start + i].
        self.counted = [0]
        for offset in range(1, (end - start).days + 1):
            day = start + timedelta(days=offset)
            self.counted.append(self.counted[-1] + _is_working(day, holidays, working))

    def _index(self, day: date) -> int:
        index = (day - self.start).days
        if not 0 <= index < len(self.counted):
            raise ValueError(f"{day} is outside the calendar's range")
        return index

    def between(self, start: date, end: date) -> int:
        if end <= start:
            return 0
        return self.counted[self._index(end)] - self.counted[self._index(start)]


def working_days_counter(start: date, end: date):
    """``count(a, b)``: :func:`working_days_between` for any ``a <= b`` in ``[start, end]``,
    with the calendar read once (one query) for many pairs."""
    return WorkingCalendar(start, end).between
