"""The PostgreSQL backend reads timestamps with psycopg's C loader, and reads them the
same as Django's own backend does."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.db.backends.postgresql.base import TIMESTAMPTZ_OID
from django.db.backends.postgresql.psycopg_any import BaseTzLoader
from psycopg.pq import Format
from psycopg.types.datetime import TimestamptzLoader

from community_portal.db.postgresql.base import UtcTimestamptzLoader, _optimised
from stations.models import Event
from tests.factories.stations import EventFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

TIMESTAMPS = [
    datetime(2026, 12, 4, 18, 55, 11, 670609, tzinfo=UTC),
    datetime(2026, 3, 29, 1, 30, tzinfo=UTC),  # a clock change in Europe
    datetime(1970, 1, 1, tzinfo=UTC),
    datetime(9999, 12, 31, 23, 59, 59, 999999, tzinfo=UTC),
    datetime(1, 1, 1, tzinfo=UTC),
]


def _loaded(cursor, value):
    cursor.execute("SELECT %s::timestamptz", [value])
    return cursor.fetchone()[0]


def test_the_portal_reads_timestamps_with_the_c_loader_where_it_is_installed():
    with connection.cursor() as cursor:
        _loaded(cursor, TIMESTAMPS[0])
        loader = cursor.cursor._tx.get_loader(TIMESTAMPTZ_OID, Format.TEXT)

    assert type(loader) is UtcTimestamptzLoader
    # psycopg-binary is among the requirements: its loader, not the pure-Python one.
    assert type(loader._loader) is not TimestamptzLoader
    assert type(loader._loader).__name__ == "TimestamptzLoader"


@pytest.mark.parametrize("value", TIMESTAMPS, ids=str)
def test_timestamps_read_the_same_as_with_djangos_own_loader(value):
    with connection.cursor() as cursor:
        fast = _loaded(cursor, value)
        django_loader = type("DjangoTzLoader", (BaseTzLoader,), {"timezone": UTC})
        cursor.cursor.adapters.register_loader("timestamptz", django_loader)
        expected = _loaded(cursor, value)

    assert fast == expected == value
    assert fast.tzinfo is expected.tzinfo is UTC


def test_an_event_comes_back_at_the_moment_it_was_saved_for():
    starts = datetime(2026, 12, 24, 10, 30, 15, 250000, tzinfo=ZoneInfo("Asia/Shanghai"))
    saved = EventFactory(starts_at=starts)

    loaded = Event.objects.get(pk=saved.pk)

    assert loaded.starts_at == starts
    assert loaded.starts_at.tzinfo is UTC
    assert loaded.starts_at.hour == 2


def test_without_an_optimised_loader_the_pure_python_one_is_used():
    class Context:  # a psycopg without its lookup of C loaders
        adapters = object()

    assert _optimised(Context()) is TimestamptzLoader
