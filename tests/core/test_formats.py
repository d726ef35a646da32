"""Dates, times and numbers as each language writes them, on the pages people read."""

import re
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format

from community_portal.core import formatting
from community_portal.notifications.messages import render_message
from submissions import services
from tests.factories.members import MemberFactory
from tests.factories.stations import EventFactory
from tests.factories.submissions import SubmissionFactory

BASE_DIR = Path(settings.BASE_DIR)
SHANGHAI = ZoneInfo("Asia/Shanghai")
NARROW_NBSP = "\u202f"


@pytest.fixture(autouse=True)
def _with_french(settings):
    # French joins the portal in its own branch; these tests need it already.
    settings.LANGUAGES = [*settings.LANGUAGES, ("fr", "Français")]


def read_in(client, language: str, url: str, **params) -> str:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


# --- Month and year, day and month, date and time ------------------------------------------


@pytest.mark.parametrize(
    ("language", "member_since"),
    [("en", "December 2026"), ("zh-hans", "2026年12月"), ("fr", "décembre 2026")],
)
def test_profile_shows_member_since_as_the_language_writes_it(client, db, language, member_since):
    member = MemberFactory(date_joined=datetime(2026, 12, 3, 10, tzinfo=SHANGHAI))

    page = read_in(client, language, member.get_absolute_url())

    assert member_since in page
    assert "十二月 2026" not in page


@pytest.mark.parametrize(
    ("language", "year_month", "month_day", "day", "moment"),
    [
        ("en", "December 2026", "December 5", "Dec. 5, 2026", "Dec. 5, 2026, 14:00"),
        ("zh-hans", "2026年12月", "12月5日", "2026年12月5日", "2026年12月5日 14:00"),
        ("fr", "décembre 2026", "5 décembre", "5 décembre 2026", "5 décembre 2026, 14:00"),
    ],
)
def test_each_language_names_its_formats(language, year_month, month_day, day, moment):
    when = datetime(2026, 12, 5, 14, 0, tzinfo=SHANGHAI)

    with translation.override(language):
        assert date_format(when, "YEAR_MONTH_FORMAT") == year_month
        assert date_format(when, "MONTH_DAY_FORMAT") == month_day
        assert date_format(when.date(), "DATE_FORMAT") == day
        assert date_format(when, "DATETIME_FORMAT") == moment


@pytest.mark.parametrize(
    ("language", "shown"),
    [
        ("en", "Dec. 5, 2030, 14:00 (UTC+8)"),
        ("zh-hans", "2030年12月5日 14:00（UTC+8）"),  # noqa: RUF001
        ("fr", "5 décembre 2030, 14:00 (UTC+8)"),
    ],
)
def test_event_page_shows_the_time_with_its_zone(client, db, language, shown):
    event = EventFactory(
        starts_at=datetime(2030, 12, 5, 14, tzinfo=SHANGHAI),
        ends_at=datetime(2030, 12, 5, 17, tzinfo=SHANGHAI),
    )

    page = read_in(client, language, reverse("stations:event", args=[event.station.slug, event.pk]))

    assert shown in page


def test_zone_label_covers_half_hours_and_utc():
    assert formatting.utc_offset_label(datetime(2026, 1, 1, tzinfo=ZoneInfo("UTC"))) == "UTC"
    kolkata = datetime(2026, 1, 1, tzinfo=ZoneInfo("Asia/Kolkata"))
    assert formatting.utc_offset_label(kolkata) == "UTC+5:30"
    new_york = datetime(2026, 1, 1, tzinfo=ZoneInfo("America/New_York"))
    assert formatting.utc_offset_label(new_york) == "UTC\u22125"


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "now starts on Dec. 5, 2030, 14:00 (UTC+8)"),
        ("zh-hans", "2030年12月5日 14:00（UTC+8）"),  # noqa: RUF001
    ],
)
def test_a_stored_date_is_written_in_the_readers_language(language, expected):
    params = {
        "event": "Meetup",
        "station": "Shanghai",
        "starts": formatting.moment_param(datetime(2030, 12, 5, 6, tzinfo=ZoneInfo("UTC"))),
    }
    message = (
        "The organizers of %(station)s changed the event. It now starts on %(starts)s. "
        "Check the time and place before you go."
    )

    with translation.override(language):
        assert expected in render_message(message, params)


def test_a_stored_date_keeps_only_the_date_until_it_is_read():
    assert formatting.date_param(date(2026, 12, 5)) == {"__date__": "2026-12-05"}


# --- <time datetime> -----------------------------------------------------------------------

# HTML's valid date string, or a global date and time string (to the second at most).
ISO_8601 = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?(Z|[+-]\d{2}:\d{2}))?$")


def time_values(page: str) -> list[str]:
    return re.findall(r'<time[^>]*\bdatetime="([^"]*)"', page)


def test_machine_time_drops_microseconds_and_keeps_the_offset():
    moment = datetime(2026, 12, 5, 6, 7, 8, 123456, tzinfo=ZoneInfo("UTC"))

    assert formatting.machine_time(moment) == "2026-12-05T14:07:08+08:00"
    assert formatting.machine_time(date(2026, 12, 5)) == "2026-12-05"


def test_time_elements_carry_valid_iso_values(client, member, reviewer, db):
    event = EventFactory()
    submission = SubmissionFactory(author=member, selected=True)
    services.points_award(
        member=member, amount=1500, reason="Angel round", source=submission, awarded_by=reviewer
    )
    client.force_login(member)
    pages = [
        reverse("stations:event", args=[event.station.slug, event.pk]),
        reverse("stations:detail", args=[event.station.slug]),
        reverse("submissions:points"),
        reverse("submissions:mine"),
        reverse("home"),
    ]

    values = [value for url in pages for value in time_values(client.get(url).content.decode())]

    assert len(values) >= 4
    assert [value for value in values if not ISO_8601.match(value)] == []


# --- Thousands separators ------------------------------------------------------------------


@pytest.fixture
def rich_member(member, reviewer):
    submission = SubmissionFactory(author=member, selected=True)
    services.points_award(
        member=member, amount=12345, reason="Angel round", source=submission, awarded_by=reviewer
    )
    return member


@pytest.mark.parametrize(
    ("language", "grouped"),
    [("en", "12,345"), ("zh-hans", "12,345"), ("fr", f"12{NARROW_NBSP}345")],
)
def test_points_and_leaderboard_group_thousands_the_same_way(
    client, rich_member, language, grouped
):
    rich_member.preferred_language = language
    rich_member.save(update_fields=["preferred_language"])
    client.force_login(rich_member)

    points = read_in(client, language, reverse("submissions:points"))
    board = read_in(client, language, reverse("submissions:leaderboard"))

    assert grouped in points
    assert f"+{grouped}" in points  # the entry itself, signed
    assert grouped in board
    assert "12345" not in points
    assert "12345" not in board


@pytest.mark.parametrize(
    ("language", "grouped"),
    [("en", "1,500"), ("zh-hans", "1,500"), ("fr", f"1{NARROW_NBSP}500")],
)
def test_event_capacity_groups_thousands_like_the_points(client, db, language, grouped):
    event = EventFactory(capacity=1500)

    page = read_in(client, language, reverse("stations:event", args=[event.station.slug, event.pk]))

    assert grouped in page
    assert "1500" not in page


@time_machine.travel(datetime(2026, 3, 1, 12, tzinfo=SHANGHAI))
def test_years_are_never_grouped(client, rich_member):
    board = read_in(client, "en", reverse("submissions:leaderboard_year", args=[2026]))

    assert "2026" in board
    assert "2,026" not in board


# --- Punctuation ---------------------------------------------------------------------------


def test_footer_writes_the_colon_as_each_language_does(client, db):
    assert "Contact: <a" in read_in(client, "en", reverse("home"))
    assert "联系方式：<a" in read_in(client, "zh-hans", reverse("home"))  # noqa: RUF001


# --- No format spelled out -----------------------------------------------------------------

NAMED_FORMATS = {
    "DATE_FORMAT",
    "DATETIME_FORMAT",
    "TIME_FORMAT",
    "YEAR_MONTH_FORMAT",
    "MONTH_DAY_FORMAT",
    "SHORT_DATE_FORMAT",
    "SHORT_DATETIME_FORMAT",
}
TEMPLATE_FORMAT = re.compile(
    r"""\|(?:date|time)\s*:\s*["']([^"']*)["']|\{%\s*now\s+["']([^"']*)["']"""
)
PYTHON_FORMAT = re.compile(
    r"""\.strftime\(|date_format\([^)]*,\s*["'](?![A-Z_]+["'])|"""
    r"""time_format\([^)]*,\s*["'](?![A-Z_]+["'])|\{[\w.()]+:%[A-Za-z]"""
)
# Machine formats, never shown to a person as a date.
PYTHON_ALLOWED = {
    "community_portal/core/mail.py",  # the .eml file names
    "community_portal/notifications/management/commands/remind.py",  # operators' console
    "stations/reminders.py",  # the idempotency key of an event reminder
    "community_portal/core/exports.py",  # spreadsheets: a sortable machine format
}


def _sources(pattern: str):
    skipped = {".venv", "var", "node_modules", "tests", "bench", "migrations"}
    for path in sorted(BASE_DIR.glob(pattern)):
        if not skipped.intersection(path.relative_to(BASE_DIR).parts):
            yield path


def test_no_template_spells_out_a_date_format():
    found = []
    for path in _sources("**/templates/**/*.*"):
        for match in TEMPLATE_FORMAT.finditer(path.read_text()):
            spelled = match.group(1) if match.group(1) is not None else match.group(2)
            if spelled not in NAMED_FORMATS:
                found.append(f"{path.relative_to(BASE_DIR)}: {match.group(0)}")

    assert found == []


def test_no_python_spells_out_a_date_format_for_people():
    found = []
    for path in _sources("**/*.py"):
        relative = str(path.relative_to(BASE_DIR))
        if relative in PYTHON_ALLOWED or relative.startswith("community_portal/formats/"):
            continue
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if PYTHON_FORMAT.search(line):
                found.append(f"{relative}:{number}: {line.strip()}")

    assert found == []


def test_the_format_check_catches_what_it_should():
    assert TEMPLATE_FORMAT.search('{{ when|date:"F Y" }}').group(1) == "F Y"
    assert TEMPLATE_FORMAT.search("{{ when|time:'H:i' }}").group(1) == "H:i"
    assert PYTHON_FORMAT.search('moment.strftime("%Y-%m-%d")')
    assert PYTHON_FORMAT.search('date_format(day, "j F Y")')
    assert PYTHON_FORMAT.search('f"{day:%Y-%m-%d}"')
    assert not PYTHON_FORMAT.search('date_format(day, "DATE_FORMAT")')


def test_every_time_element_in_a_template_takes_its_value_from_iso():
    unfiltered = []
    for path in _sources("**/templates/**/*.html"):
        for value in re.findall(r'<time[^>]*\bdatetime="([^"]*)"', path.read_text()):
            if not re.fullmatch(r"\{\{ [\w.]+\|iso \}\}", value):
                unfiltered.append(f"{path.relative_to(BASE_DIR)}: {value}")

    assert unfiltered == []
