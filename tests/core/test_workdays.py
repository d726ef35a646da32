"""Working days skip weekends and holidays, and count make-up working days."""

from datetime import date, timedelta

import pytest

from community_portal.core.models import CalendarDay, CalendarDayKind
from community_portal.core.workdays import (
    add_working_days,
    is_working_day,
    subtract_working_days,
    working_days_between,
)

pytestmark = pytest.mark.django_db

# 2026-09-25 is a Friday.
FRIDAY = date(2026, 9, 25)


def test_weekends_are_skipped():
    assert add_working_days(FRIDAY, 1) == date(2026, 9, 28)
    assert add_working_days(FRIDAY, 7) == date(2026, 10, 6)


def test_holidays_are_skipped_and_make_up_days_count():
    # National Day week 2026: Oct 1-7 off, Sunday Sep 27 and Saturday Oct 10 worked.
    for day in range(1, 8):
        CalendarDay.objects.create(date=date(2026, 10, day), name="National Day")
    for worked in (date(2026, 9, 27), date(2026, 10, 10)):
        CalendarDay.objects.create(date=worked, kind=CalendarDayKind.WORKING_DAY, name="Make-up")

    # Sun 27, Mon 28, Tue 29, Wed 30, Thu Oct 8, Fri Oct 9, Sat Oct 10
    assert add_working_days(FRIDAY, 7) == date(2026, 10, 10)
    assert is_working_day(date(2026, 10, 10))
    assert not is_working_day(date(2026, 10, 1))


def test_working_days_between_counts_after_start_up_to_end():
    assert working_days_between(FRIDAY, FRIDAY) == 0
    assert working_days_between(FRIDAY, date(2026, 9, 28)) == 1
    assert working_days_between(FRIDAY, date(2026, 10, 6)) == 7
    assert working_days_between(date(2026, 10, 6), FRIDAY) == 0


@pytest.mark.parametrize(("days", "queries"), [(1, 1), (7, 1), (60, 1)])
def test_one_query_whatever_the_span(days, queries, django_assert_num_queries):
    with django_assert_num_queries(queries):
        add_working_days(FRIDAY, days)


def test_database_refuses_two_entries_for_one_date():
    from django.db import IntegrityError

    CalendarDay.objects.create(date=FRIDAY, name="A")
    with pytest.raises(IntegrityError):
        CalendarDay.objects.create(date=FRIDAY, name="B")


def test_reviewers_keep_the_holiday_calendar_in_the_admin(reviewer_client):
    response = reviewer_client.post(
        "/admin/core/calendarday/add/",
        {"date": "2026-10-01", "kind": CalendarDayKind.HOLIDAY, "name": "National Day"},
    )

    assert response.status_code == 302
    assert CalendarDay.objects.get(date=date(2026, 10, 1)).name == "National Day"


@pytest.mark.parametrize("days", [0, 1, 5, 7, 12])
def test_subtract_working_days_undoes_add_working_days(days):
    CalendarDay.objects.create(date=date(2026, 10, 1), name="National Day")
    CalendarDay.objects.create(date=date(2026, 10, 10), kind=CalendarDayKind.WORKING_DAY, name="Up")
    end = date(2026, 10, 12)  # a Monday

    start = subtract_working_days(end, days)

    assert add_working_days(start, days) == end
    assert working_days_between(start, end) == days
    assert working_days_between(start + timedelta(days=1), end) == days - 1 or days == 0


def test_subtract_working_days_reads_the_calendar_once(django_assert_num_queries):
    with django_assert_num_queries(1):
        subtract_working_days(FRIDAY, 30)
