"""Reads that may go to a replica (``DATABASE_REPLICA_URL``), and only those.

A read goes to the replica only while *replica reads* are switched on for the
current request or block (a context variable), the replica is configured, and
no transaction is open on the primary. Everything else (every write, every read
inside ``transaction.atomic``, every request not marked) stays on the primary,
so a signed-in member always reads their own writes.

Switched on by:

- :class:`ReplicaReadsMiddleware` for anonymous GET/HEAD requests to a view
  marked :func:`replica_safe`, or named in ``REPLICA_SAFE_VIEWS`` (the public
  pages, listed here in one place);
- ``with replica_reads():`` around exports and reports that may lag by a few
  seconds.
"""

from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps

from django.conf import settings
from django.db import connections

REPLICA = "replica"

_replica_reads: ContextVar[bool] = ContextVar("replica_reads", default=False)

# Public pages: what an anonymous visitor sees is the same for everyone and may
# lag the primary by the replication delay.
REPLICA_SAFE_VIEWS = frozenset(
    {
        "home",
        "members:directory",
        "members:profile",
        "members:certification_levels",
        "members:certification_level",
        "members:certificate",
        "members:certificate_print",
        "members:certificate_qr",
        "members:certificate_credential",
        "members:volunteer_groups",
        "members:volunteer_group",
        "members:mentors",
        "programs:list",
        "programs:showcase",
        "programs:detail",
        "stations:directory",
        "stations:detail",
        "stations:feed",
        "stations:past_events",
        "stations:event",
        "stations:event_feed",
        "submissions:campaign_list",
        "submissions:campaign_detail",
        "submissions:leaderboard",
        "submissions:leaderboard_year",
        "submissions:leaderboard_month",
        "submissions:acknowledgments",
        "submissions:acknowledgments_markdown",
    }
)


def replica_configured() -> bool:
    return settings.REPLICA_READS and REPLICA in settings.DATABASES


@contextmanager
def replica_reads():
    """Reads in this block may go to the replica (outside transactions)."""
    token = _replica_reads.set(True)
    try:
        yield
    finally:
        _replica_reads.reset(token)


def replica_safe(view):
    """Mark a view whose anonymous GET may read from the replica."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        return view(*args, **kwargs)

    wrapped.replica_safe = True
    return wrapped


class ReplicaRouter:
    """Writes and transactions on the primary; marked reads on the replica."""

    def db_for_read(self, model, **hints):
        if (
            _replica_reads.get()
            and replica_configured()
            and not connections["default"].in_atomic_block
        ):
            return REPLICA
        return "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # one database, two copies

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"


class ReplicaReadsMiddleware:
    """Switches replica reads on for anonymous GET/HEAD requests to replica-safe views."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request._replica_token = None
        try:
            return self.get_response(request)
        finally:
            if request._replica_token is not None:
                _replica_reads.reset(request._replica_token)
                request._replica_token = None

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method not in ("GET", "HEAD") or not replica_configured():
            return None
        safe = getattr(view_func, "replica_safe", False) or (
            request.resolver_match is not None
            and request.resolver_match.view_name in REPLICA_SAFE_VIEWS
        )
        # A signed-in member reads their own writes: only visitors go to the replica.
        if safe and not request.user.is_authenticated:
            request._replica_token = _replica_reads.set(True)
        return None
