"""Preloading the holidays and make-up working days from a well-kept library.

``settings.WORKDAY_CALENDAR`` names the calendar: ``"CN"`` (the default) reads
``chinese_calendar``, which knows the State Council's holidays *and* the
weekends worked in exchange; any other ISO 3166 country code reads the
``holidays`` package (holidays only; weekends are never worked there); an empty
value preloads nothing.

Preloaded rows are marked ``source=library``. A row a maintainer typed or
changed in the admin is ``source=manual`` and a reload leaves it alone; a
library row the library no longer lists (a corrected year) is removed.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db import transaction

from community_portal.core.models import CalendarDay, CalendarDayKind, CalendarDaySource

# How many years from the current one the scheduled preload keeps filled.
YEARS_AHEAD = 2


class CalendarUnavailable(Exception):
    """The configured calendar is not one the libraries know."""


@dataclass(frozen=True)
class PreloadResult:
    created: int = 0
    updated: int = 0
    removed: int = 0
    # Dates the library lists that a maintainer set by hand.
    kept: int = 0


def library_days(country: str, years: Iterable[int]) -> dict[date, tuple[str, str]]:
    """``{date: (kind, name)}`` of the holidays and make-up working days in ``years``."""
    years = sorted(set(years))
    if not country:
        return {}
    if country.upper() == "CN":
        import chinese_calendar

        days = {}
        for source, kind in (
            (chinese_calendar.holidays, CalendarDayKind.HOLIDAY),
            (chinese_calendar.workdays, CalendarDayKind.WORKING_DAY),
        ):
            for day, name in source.items():
                if day.year in years:
                    days[day] = (kind, str(name)[:100])
        return days
    import holidays

    try:
        calendar = holidays.country_holidays(country.upper(), years=years)
    except NotImplementedError as error:
        raise CalendarUnavailable(country) from error
    return {day: (CalendarDayKind.HOLIDAY, str(name)[:100]) for day, name in calendar.items()}


def calendar_preload(*, years: Iterable[int], country: str | None = None) -> PreloadResult:
    """Bring the library rows of ``years`` in line with the library; never touch manual rows."""
    years = sorted(set(years))
    country = settings.WORKDAY_CALENDAR if country is None else country
    wanted = library_days(country, years)
    if not years:
        return PreloadResult()
    with transaction.atomic():
        existing = {
            row.date: row
            for row in CalendarDay.objects.select_for_update().filter(
                date__gte=date(years[0], 1, 1), date__lte=date(years[-1], 12, 31)
            )
            if row.date.year in years
        }
        to_create, to_update, kept = [], [], 0
        for day, (kind, name) in sorted(wanted.items()):
            row = existing.get(day)
            if row is None:
                to_create.append(
                    CalendarDay(date=day, kind=kind, name=name, source=CalendarDaySource.LIBRARY)
                )
            elif row.source == CalendarDaySource.MANUAL:
                kept += 1
            elif (row.kind, row.name) != (kind, name):
                row.kind, row.name = kind, name
                to_update.append(row)
        stale = [
            row.pk
            for day, row in existing.items()
            if row.source == CalendarDaySource.LIBRARY and day not in wanted
        ]
        CalendarDay.objects.bulk_create(to_create)
        CalendarDay.objects.bulk_update(to_update, ["kind", "name"])
        CalendarDay.objects.filter(pk__in=stale).delete()
    return PreloadResult(
        created=len(to_create), updated=len(to_update), removed=len(stale), kept=kept
    )


def calendar_preload_coming_years(*, today: date) -> PreloadResult:
    """The scheduled preload: this year and the next ``YEARS_AHEAD``."""
    return calendar_preload(years=range(today.year, today.year + YEARS_AHEAD + 1))
