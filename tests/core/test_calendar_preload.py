"""Holidays and make-up working days preloaded from the calendar libraries."""

from datetime import date

import pytest
from django.core.management import call_command

from community_portal.core.calendar_preload import calendar_preload
from community_portal.core.models import CalendarDay, CalendarDayKind, CalendarDaySource
from community_portal.core.tasks import preload_calendar
from community_portal.core.workdays import add_working_days, is_working_day

pytestmark = pytest.mark.django_db


def test_seven_working_days_across_the_2026_spring_festival_count_make_up_saturdays():
    calendar_preload(years=[2026], country="CN")

    # Spring Festival 2026: Feb 15-23 off; Saturdays Feb 14 and Feb 28 worked.
    # From Wed Feb 11: Thu 12, Fri 13, Sat 14 (make-up), Tue 24, Wed 25, Thu 26, Fri 27.
    assert add_working_days(date(2026, 2, 11), 7) == date(2026, 2, 27)
    assert is_working_day(date(2026, 2, 14))
    assert is_working_day(date(2026, 2, 28))
    assert not is_working_day(date(2026, 2, 16))
    assert add_working_days(date(2026, 2, 26), 2) == date(2026, 2, 28)


def test_preloaded_days_are_marked_as_from_the_library():
    calendar_preload(years=[2026], country="CN")

    new_year = CalendarDay.objects.get(date=date(2026, 1, 1))
    make_up = CalendarDay.objects.get(date=date(2026, 2, 14))
    assert (new_year.kind, new_year.source) == (CalendarDayKind.HOLIDAY, CalendarDaySource.LIBRARY)
    assert make_up.kind == CalendarDayKind.WORKING_DAY
    assert make_up.name == "Spring Festival"


def test_a_day_edited_in_the_admin_survives_a_reload(reviewer_client):
    calendar_preload(years=[2026], country="CN")
    row = CalendarDay.objects.get(date=date(2026, 2, 14))

    response = reviewer_client.post(
        f"/admin/core/calendarday/{row.pk}/change/",
        {"date": "2026-02-14", "kind": CalendarDayKind.HOLIDAY, "name": "Office closed"},
    )
    result = calendar_preload(years=[2026], country="CN")

    assert response.status_code == 302
    row.refresh_from_db()
    assert (row.kind, row.name, row.source) == (
        CalendarDayKind.HOLIDAY,
        "Office closed",
        CalendarDaySource.MANUAL,
    )
    assert result.kept == 1
    assert not is_working_day(date(2026, 2, 14))


def test_a_reload_changes_nothing_and_corrects_library_rows():
    first = calendar_preload(years=[2026], country="CN")
    CalendarDay.objects.filter(date=date(2026, 1, 1)).update(name="Wrong")
    CalendarDay.objects.create(date=date(2026, 3, 3), name="Gone", source=CalendarDaySource.LIBRARY)

    again = calendar_preload(years=[2026], country="CN")

    assert first.created > 0
    assert (again.created, again.updated, again.removed) == (0, 1, 1)
    assert CalendarDay.objects.get(date=date(2026, 1, 1)).name == "New Year's Day"
    assert not CalendarDay.objects.filter(date=date(2026, 3, 3)).exists()


def test_another_country_reads_the_holidays_package(settings):
    settings.WORKDAY_CALENDAR = "FR"

    calendar_preload(years=[2026])

    assert CalendarDay.objects.get(date=date(2026, 7, 14)).kind == CalendarDayKind.HOLIDAY
    assert not CalendarDay.objects.filter(kind=CalendarDayKind.WORKING_DAY).exists()
    assert not CalendarDay.objects.filter(date=date(2026, 2, 16)).exists()


def test_an_empty_setting_preloads_nothing(settings):
    settings.WORKDAY_CALENDAR = ""

    calendar_preload(years=[2026])

    assert not CalendarDay.objects.exists()


def test_the_command_loads_the_years_asked_and_rejects_an_unknown_country(capsys):
    from django.core.management.base import CommandError

    call_command("load_calendar", "2026", "--country", "CN")

    assert "2026-2026" in capsys.readouterr().out
    assert CalendarDay.objects.filter(date__year=2026).exists()
    with pytest.raises(CommandError):
        call_command("load_calendar", "2026", "--country", "XX")


def test_the_scheduled_task_fills_the_coming_years(time_machine):
    time_machine.move_to("2025-12-01 10:00 +08:00")

    preload_calendar.delay()

    assert CalendarDay.objects.filter(date__year=2025).exists()
    assert CalendarDay.objects.filter(date__year=2026).exists()
