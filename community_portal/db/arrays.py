"""Many integer ids in one statement parameter, on PostgreSQL."""

from collections.abc import Iterable

from django.db import connections
from django.db.models.expressions import RawSQL


def uses_arrays(using: str = "default") -> bool:
    return connections[using].vendor == "postgresql"


def any_of(ids: Iterable[int]) -> RawSQL:
    """For ``field__in=``: the ids as one array parameter, not one placeholder each.

    PostgreSQL only (``uses_arrays``). Django's cursors compose a statement on the
    client, and one with 100,000 placeholders (a reminder's recipients) costs
    seconds of CPU to compose; an array is one value.
    """
    return RawSQL("SELECT unnest(%s::bigint[])", (list(ids),))
