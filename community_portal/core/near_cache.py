"""A copy of the page cache's entries in each process, kept true by Redis.

A page-cache hit reads the page and its tag versions from Redis (one ``MGET``);
under load that round trip was the largest cost of an anonymous page after
gunicorn's own (issue 10). Redis can tell a client when keys it holds change
(``CLIENT TRACKING``, broadcast mode since Redis 6): this module keeps, per
process, the entries it read under the page cache's prefix, and drops each one
as soon as Redis says it changed. A repeated read is then answered without a
round trip: one ``poll`` of the invalidation socket, then a dictionary.

How it stays true:

- Two connections per process: one subscribed to ``__redis__:invalidate``, one
  holding ``CLIENT TRACKING ON REDIRECT <subscriber> BCAST PREFIX <prefix>``.
  Every write to a key under the prefix, by any process, sends its name to the
  subscriber; a ``FLUSHDB`` sends "everything".
- Every read first drains the subscriber and drops what it names. Redis queues
  the message while it executes the write, and sends it in the same pass as the
  writer's reply: a change is seen by every other process as soon as the writer
  itself knows it happened, give or take the microseconds between two socket
  writes. This process's own writes drop its copies at once (``forget``).
- A value read from Redis is kept only if no invalidation of it was drained
  while it was being read (another thread may have drained one meanwhile).
- A copy expires when the key does in Redis (its ``PTTL`` is read with it), and
  after ``MAX_AGE`` seconds in any case.
- If either connection drops or the server cannot track, every copy is dropped
  and reads go to Redis until the connections are set up again.
"""

import contextlib
import logging
import os
import threading
import time
from collections import OrderedDict

from redis import ConnectionPool
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

CHANNEL = "__redis__:invalidate"
MAX_AGE = 300.0
MAX_ENTRIES = 2_000
MAX_VALUE_BYTES = 2 * 1024 * 1024
RETRY_AFTER = 5.0
# Invalidations remembered for reads in flight; past this, any such read is refused.
RECENT_LIMIT = 10_000


class NearCache:
    """The copies of one Redis server's keys under ``prefix``, for this process."""

    def __init__(self, url: str, prefix: str, pool_options: dict):
        self.url = url
        self.prefix = prefix
        self.pool_options = pool_options
        self.lock = threading.Lock()
        self.store: OrderedDict[str, tuple[bytes, float]] = OrderedDict()
        self.pid = None
        self.subscriber = self.tracker = None
        self.retry_at = 0.0
        # Counts drained invalidations; ``recent`` holds each key's last one.
        self.sequence = 0
        self.recent: dict[str, int] = {}
        self.flushed_at = 0
        self.hits = self.misses = 0

    # --- Connections ----------------------------------------------------------------------

    def _ready(self) -> bool:
        """Whether copies can be trusted now (setting the connections up if need be)."""
        if self.pid == os.getpid() and self.subscriber is not None:
            return True
        if self.pid != os.getpid():  # a forked child: its parent's sockets are not its own
            self.subscriber = self.tracker = None
            self.pid = os.getpid()
        if time.monotonic() < self.retry_at:
            return False
        try:
            self._connect()
        except (RedisError, OSError) as error:
            self._broken(error)
            return False
        return True

    def _connect(self) -> None:
        pool = ConnectionPool.from_url(self.url, **self.pool_options)
        subscriber, tracker = pool.make_connection(), pool.make_connection()
        subscriber.send_command("CLIENT", "ID")
        subscriber_id = subscriber.read_response()
        subscriber.send_command("SUBSCRIBE", CHANNEL)
        subscriber.read_response()
        tracker.send_command(
            "CLIENT", "TRACKING", "ON", "REDIRECT", subscriber_id, "BCAST", "PREFIX", self.prefix
        )
        if tracker.read_response() not in (b"OK", "OK"):
            raise RedisError("CLIENT TRACKING refused")
        self._drop_all()
        self.subscriber, self.tracker = subscriber, tracker

    def _broken(self, error) -> None:
        if self.subscriber is not None or not self.retry_at:
            logger.warning("Page cache copies off until Redis tracks again (%s)", error)
        for connection in (self.subscriber, self.tracker):
            if connection is not None:
                with contextlib.suppress(Exception):  # already broken
                    connection.disconnect()
        self.subscriber = self.tracker = None
        self.retry_at = time.monotonic() + RETRY_AFTER
        self._drop_all()

    def _drop_all(self) -> None:
        self.store.clear()
        self.recent.clear()
        self.sequence += 1
        self.flushed_at = self.sequence

    def _drain(self) -> bool:
        """Drop whatever Redis said changed; False when the copies cannot be trusted."""
        try:
            if self.tracker.can_read(timeout=0):
                # The tracking connection says nothing unless it is closing.
                self.tracker.read_response()
                raise RedisError("tracking connection closed")
            while self.subscriber.can_read(timeout=0):
                message = self.subscriber.read_response()
                if not isinstance(message, list) or len(message) != 3:
                    continue
                keys = message[2]
                self.sequence += 1
                if keys is None:  # FLUSHDB, FLUSHALL: everything
                    self._drop_all()
                    continue
                for key in keys:
                    key = key.decode() if isinstance(key, bytes) else key
                    self.store.pop(key, None)
                    self.recent[key] = self.sequence
                if len(self.recent) > RECENT_LIMIT:
                    self.recent.clear()
                    self.flushed_at = self.sequence
        except (RedisError, OSError) as error:
            self._broken(error)
            return False
        return True

    # --- Reads and writes -----------------------------------------------------------------

    def get_many(self, client, keys: list[str]) -> dict[str, bytes]:
        """The raw values of ``keys`` (full Redis keys) there are, from copies or Redis."""
        found, missing = {}, []
        with self.lock:
            trusted = self._ready() and self._drain()
            now = time.monotonic()
            for key in keys:
                item = self.store.get(key) if trusted else None
                if item is not None and item[1] > now:
                    found[key] = item[0]
                    self.store.move_to_end(key)
                else:
                    missing.append(key)
            started = self.sequence
        if not missing:
            self.hits += 1
            return found
        self.misses += 1
        if not trusted:
            values = client.mget(missing)
            found.update((k, v) for k, v in zip(missing, values, strict=True) if v is not None)
            return found
        pipe = client.pipeline(transaction=False)
        pipe.mget(missing)
        for key in missing:
            pipe.pttl(key)
        values, *ttls = pipe.execute()
        with self.lock:
            keep = self.subscriber is not None and self._drain() and self.flushed_at <= started
            now = time.monotonic()
            for key, value, ttl in zip(missing, values, ttls, strict=True):
                if value is None:
                    continue
                found[key] = value
                if not keep or self.recent.get(key, 0) > started or ttl == -2:
                    continue
                if len(value) > MAX_VALUE_BYTES:
                    continue
                life = MAX_AGE if ttl < 0 else min(MAX_AGE, ttl / 1000)
                self.store[key] = (value, now + life)
                self.store.move_to_end(key)
            while len(self.store) > MAX_ENTRIES:
                self.store.popitem(last=False)
        return found

    def forget(self, keys=None) -> None:
        """This process wrote ``keys`` (None: everything): its copies go now."""
        if keys is not None and not keys:
            return
        with self.lock:
            self.sequence += 1
            if keys is None:
                self._drop_all()
                return
            for key in keys:
                self.store.pop(key, None)
                self.recent[key] = self.sequence


_caches: dict[tuple[str, str], NearCache] = {}
_caches_lock = threading.Lock()


def near_cache(url: str, prefix: str, pool_options: dict) -> NearCache:
    """The process's copies of ``url``'s keys under ``prefix`` (one for all threads)."""
    with _caches_lock:
        found = _caches.get((url, prefix))
        if found is None:
            found = _caches[url, prefix] = NearCache(url, prefix, pool_options)
        return found
