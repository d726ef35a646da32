from datetime import date, datetime, time
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from insight.periods import Period

# A period of 30 days, March 2026 from the 2nd (a Monday); the previous period is
# 31 January to 1 March.
MARCH = Period(date(2026, 3, 2), date(2026, 3, 31))


def at(day: date, hour: int = 10) -> datetime:
    """A moment of a local day (the community's time zone)."""
    return datetime.combine(day, time(hour), tzinfo=timezone.get_current_timezone())


@pytest.fixture
def march():
    return MARCH


def check() -> tuple[int, str]:
    """``rebuild_insight_summary --check``: (exit status, output)."""
    out = StringIO()
    try:
        call_command("rebuild_insight_summary", "--check", stdout=out, stderr=StringIO())
    except SystemExit as exit_:
        return exit_.code, out.getvalue()
    return 0, out.getvalue()
