"""Django's PostgreSQL backend, reading timestamps with psycopg's C loader.

Django registers a ``timestamptz`` loader of its own on every connection: a
subclass of psycopg's pure-Python loader, because the C one (psycopg-binary)
cannot be subclassed (Django ticket #36960, psycopg issue #1273). Reading 50,000
timestamps here took 5.6-7.8 µs a value that way, and 0.9-1.4 µs through
``UtcTimestamptzLoader`` (0.6 µs for the C loader alone). That is about 1.5 ms of
an admin list of 100 rows with three dates each, and more of an export.

Django's loader only labels the parsed value with the backend's time zone. With
``USE_TZ`` and no ``TIME_ZONE`` for the database (the portal's settings), that is
UTC, and Django sets the session's time zone to UTC, so the C loader gives the
same values; only then is it used.
"""

import functools
from datetime import UTC

from django.db.backends.postgresql import base
from psycopg import adapt
from psycopg.types.datetime import TimestamptzLoader


class UtcTimestamptzLoader(adapt.Loader):
    """``timestamptz`` values as aware datetimes in UTC, loaded by psycopg's C loader
    when it is installed. ``timezone`` is what Django's backend checks before it
    registers a loader of its own on a cursor."""

    timezone = UTC

    def __init__(self, oid, context=None):
        super().__init__(oid, context)
        self._loader = _optimised(context)(oid, context)

    def load(self, data):
        return self._loader.load(data)


def _optimised(context):
    adapters = getattr(context, "adapters", None)
    find = getattr(adapters, "_get_optimised", None)  # psycopg's own lookup, not public
    return find(TimestamptzLoader) if find is not None else TimestamptzLoader


@functools.cache
def _adapters(template: adapt.AdaptersMap) -> adapt.AdaptersMap:
    adapters = adapt.AdaptersMap(template)
    adapters.register_loader("timestamptz", UtcTimestamptzLoader)
    return adapters


class DatabaseWrapper(base.DatabaseWrapper):
    def get_connection_params(self):
        params = super().get_connection_params()
        if self.timezone is UTC and "context" in params:
            params["context"] = _adapters(params["context"])
        return params
