"""A Redis cache that keeps the site up while Redis is down.

Sessions (``cached_db``), the page cache and allauth's rate limits all live in
the default cache. With Django's plain ``RedisCache`` an unreachable Redis turns
every one of those reads into a 500 (sign-in first of all). This backend is
Django's ``RedisCache`` with short socket timeouts; when Redis cannot be reached
it answers from a per-process local-memory cache instead, says so once in the
log, and tries Redis again a few seconds later. While Redis is down, rate limits
count per process and cached pages are per process: degraded, never failing.
Sessions stay valid, since ``cached_db`` falls back to the database on a miss.

With ``NEAR_CACHE_PREFIX`` in its options, reads of many keys under that prefix
(the page cache's) are answered from this process's copies while Redis says
they have not changed (``near_cache``).
"""

import logging
import pickle
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.utils.functional import cached_property
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from community_portal.core.near_cache import near_cache

logger = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError)


class KeptRedisCacheClient(RedisCacheClient):
    """Django's client, keeping one ``redis.Redis`` per connection pool.

    Django builds a new ``redis.Redis`` for every command, and redis-py 5+ fills a
    table of some 170 response callbacks in each: about a tenth of a millisecond,
    as much as the round trip, on every cache read. A client is safe to share
    between threads (each command takes a connection from the pool).
    """

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        clients = self.__dict__.setdefault("_clients", {})
        client = clients.get(id(pool))
        if client is None:
            client = clients[id(pool)] = self._client(connection_pool=pool)
        return client


def _loads(value: bytes):
    """What Django's ``RedisSerializer.loads`` gives, without trying ``int()`` on a
    pickle first (it stores integers as digits, everything else pickled, which
    always starts with the protocol byte)."""
    if value[:1] == b"\x80":
        return pickle.loads(value)  # noqa: S301 (our own cache, as Django's serializer)
    return int(value)


class ResilientRedisCache(RedisCache):
    # After a failure Redis is left alone this long: a request then costs no
    # connection attempt, only a local-memory lookup.
    retry_after = 5.0

    def __init__(self, server, params):
        params = {**params, "OPTIONS": dict(params.get("OPTIONS") or {})}
        options = params["OPTIONS"]
        # Redis on the same network answers in well under a millisecond.
        options.setdefault("socket_connect_timeout", 0.25)
        options.setdefault("socket_timeout", 0.5)
        self.retry_after = float(options.pop("RETRY_AFTER", self.retry_after))
        self.near_prefix = options.pop("NEAR_CACHE_PREFIX", None)
        super().__init__(server, params)
        self._class = KeptRedisCacheClient
        # Django makes one cache object per thread; named by the server, their
        # fallbacks share one store in the process (as LocMemCache does by name).
        self.fallback = LocMemCache(
            f"resilient-fallback-{server}",
            {
                "TIMEOUT": params.get("TIMEOUT", DEFAULT_TIMEOUT),
                "KEY_PREFIX": params.get("KEY_PREFIX", ""),
                "VERSION": params.get("VERSION", 1),
                "OPTIONS": {"MAX_ENTRIES": 10_000},
            },
        )
        self._down_until = 0.0
        self._lock = threading.Lock()

    def validate_key(self, key):
        # Redis takes any key; the base class's check (a loop over every character,
        # for memcached's rules) cost more than decoding a cached page.
        pass

    @property
    def redis_is_down(self) -> bool:
        return time.monotonic() < self._down_until

    def _mark_down(self, error: Exception) -> None:
        with self._lock:
            was_up = self._down_until == 0.0
            self._down_until = time.monotonic() + self.retry_after
        if was_up:
            logger.warning(
                "Redis cache unreachable (%s); using a local-memory cache until it answers", error
            )

    def _mark_up(self) -> None:
        if self._down_until:
            with self._lock:
                self._down_until = 0.0
            logger.warning("Redis cache answers again")

    def _call(self, name, *args, **kwargs):
        if self.redis_is_down:
            return getattr(self.fallback, name)(*args, **kwargs)
        try:
            result = getattr(super(), name)(*args, **kwargs)
        except UNREACHABLE as error:
            self._mark_down(error)
            return getattr(self.fallback, name)(*args, **kwargs)
        self._mark_up()
        return result

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._write("add", [key], version, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._call("get", key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._write("set", [key], version, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._write("touch", [key], version, key, timeout, version)

    def delete(self, key, version=None):
        return self._write("delete", [key], version, key, version)

    @cached_property
    def near(self):
        """This process's copies of the keys under ``NEAR_CACHE_PREFIX``, or None."""
        if not self.near_prefix:
            return None
        prefix = self.make_key(self.near_prefix)
        timeouts = {k: v for k, v in self._options.items() if k.startswith("socket_")}
        return near_cache(self._servers[0], prefix, timeouts)

    def get_many(self, keys, version=None):
        near = self.near
        if near is None or self.redis_is_down:
            return self._call("get_many", keys, version)
        full = {self.make_key(key, version=version): key for key in keys}
        if not all(key.startswith(near.prefix) for key in full):
            return self._call("get_many", keys, version)
        try:
            found = near.get_many(self._cache.get_client(), list(full))
        except UNREACHABLE as error:
            self._mark_down(error)
            return self.fallback.get_many(keys, version)
        self._mark_up()
        return {full[key]: _loads(value) for key, value in found.items()}

    def _write(self, name, keys, version, *args):
        """``_call``, then this process's copies of ``keys`` (None: all) are dropped."""
        try:
            return self._call(name, *args)
        finally:
            near = self.near
            if near is not None and keys is None:
                near.forget()
            elif near is not None:
                full = (self.make_key(key, version=version) for key in keys)
                near.forget([key for key in full if key.startswith(near.prefix)])

    def has_key(self, key, version=None):
        return self._call("has_key", key, version)

    def incr(self, key, delta=1, version=None):
        return self._write("incr", [key], version, key, delta, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._write("set_many", data, version, data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._write("delete_many", keys, version, keys, version)

    def clear(self):
        self.fallback.clear()
        return self._write("clear", None, None)
