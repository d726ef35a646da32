"""The page cache's copies in each process: read once from Redis, dropped the moment
Redis says the key changed (``community_portal/core/near_cache.py``)."""

import time

import pytest
from django.core.cache.backends.base import InvalidCacheBackendError

from community_portal.core import near_cache as near_module
from community_portal.core.cache import ResilientRedisCache

PAGE = "pagecache:page:one"
TAG = "pagecache:tag:stations"


def backend(url, *, near=True) -> ResilientRedisCache:
    options = {"NEAR_CACHE_PREFIX": "pagecache:"} if near else {}
    cache = ResilientRedisCache(url, {"KEY_PREFIX": "portal", "OPTIONS": options})
    if cache.near is None and near:
        raise InvalidCacheBackendError("no near cache")
    return cache


@pytest.fixture
def caches(own_redis):
    """(this process's cache, another process's, a raw client, the server)."""
    server, connection, url = own_redis
    near_module._caches.clear()
    yield backend(url), backend(url, near=False), connection, server
    near_module._caches.clear()


def mgets(connection) -> int:
    return connection.info("commandstats").get("cmdstat_mget", {}).get("calls", 0)


def changed_elsewhere(other, connection, key, value, **kwargs):
    """Another process writes; it has its reply, and Redis has answered once more since."""
    other.set(key, value, **kwargs)
    connection.ping()


def test_a_repeated_read_is_answered_without_a_round_trip(caches):
    mine, _other, connection, _server = caches
    stored = {PAGE: {"body": b"<p>hello</p>"}, TAG: "v1", "pagecache:count": 7}
    mine.set_many(stored)

    first = mine.get_many(list(stored))
    reads = mgets(connection)
    again = mine.get_many(list(stored))

    assert first == again == stored
    assert mgets(connection) == reads
    assert mine.near.hits == 1
    # Keys outside the prefix (sessions, rate limits) are always read from Redis.
    mine.set("session:abc", 1)
    mine.get_many(["session:abc"])
    mine.get_many(["session:abc"])
    assert mgets(connection) == reads + 2


def test_a_change_made_by_another_process_is_read_at_once(caches):
    mine, other, connection, _server = caches
    other.set(TAG, "v1")
    assert mine.get_many([TAG]) == {TAG: "v1"}
    assert mine.get_many([TAG]) == {TAG: "v1"}

    changed_elsewhere(other, connection, TAG, "v2")

    assert mine.get_many([TAG]) == {TAG: "v2"}
    other.delete(TAG)
    connection.ping()
    assert mine.get_many([TAG]) == {}


def test_this_processs_own_write_drops_its_copy_without_waiting_for_redis(caches):
    mine, _other, _connection, _server = caches
    mine.set(TAG, "v1")
    mine.get_many([TAG])

    mine.set(TAG, "v2")

    assert mine.get_many([TAG]) == {TAG: "v2"}


def test_a_flush_drops_every_copy(caches):
    mine, other, connection, _server = caches
    other.set_many({PAGE: "page", TAG: "v1"})
    mine.get_many([PAGE, TAG])

    other.clear()
    connection.ping()

    assert mine.get_many([PAGE, TAG]) == {}


def test_a_copy_lives_no_longer_than_the_key(caches):
    mine, other, _connection, _server = caches
    other.set(PAGE, "page", timeout=1)
    assert mine.get_many([PAGE]) == {PAGE: "page"}

    time.sleep(1.1)

    assert mine.get_many([PAGE]) == {}


def test_a_value_invalidated_while_it_was_read_is_not_kept(caches, monkeypatch):
    """Another thread drained the invalidation of a key this read was fetching."""
    mine, other, connection, _server = caches
    other.set(TAG, "old")
    client = mine._cache.get_client()
    real_pipeline = client.pipeline

    class Racing:
        def __init__(self, *args, **kwargs):
            self.pipe = real_pipeline(*args, **kwargs)

        def __getattr__(self, name):
            return getattr(self.pipe, name)

        def execute(self):
            result = self.pipe.execute()  # reads "old"
            changed_elsewhere(other, connection, TAG, "new")
            with mine.near.lock:
                mine.near._drain()  # as another thread's read would
            return result

    monkeypatch.setattr(client, "pipeline", Racing)
    assert mine.get_many([TAG]) == {TAG: "old"}
    monkeypatch.undo()

    assert mine.get_many([TAG]) == {TAG: "new"}


def test_a_lost_invalidation_connection_turns_the_copies_off(caches, monkeypatch):
    mine, other, connection, _server = caches
    monkeypatch.setattr(near_module, "RETRY_AFTER", 60)
    other.set(TAG, "v1")
    mine.get_many([TAG])

    connection.client_kill_filter(_type="pubsub")
    changed_elsewhere(other, connection, TAG, "v2")  # nobody is told now

    assert mine.get_many([TAG]) == {TAG: "v2"}
    assert mine.near.subscriber is None
    changed_elsewhere(other, connection, TAG, "v3")
    assert mine.get_many([TAG]) == {TAG: "v3"}  # read from Redis while off

    monkeypatch.setattr(near_module, "RETRY_AFTER", 0)
    mine.near.retry_at = 0
    mine.get_many([TAG])
    assert mine.near.subscriber is not None  # set up again
    changed_elsewhere(other, connection, TAG, "v4")
    assert mine.get_many([TAG]) == {TAG: "v4"}


def test_redis_going_down_falls_back_and_coming_back_starts_afresh(caches):
    mine, _other, _connection, server = caches
    mine.set(TAG, "v1")
    mine.get_many([TAG])
    server.terminate()
    server.wait(timeout=10)

    assert mine.get_many([TAG]) == {}  # the local-memory fallback, empty
    assert mine.redis_is_down


def test_an_idle_process_cut_off_by_redis_for_unread_invalidations_reads_afresh(caches):
    """A process that reads nothing for a while lets invalidations pile up on its
    subscription; past Redis's output limit for subscribers, Redis disconnects it
    (by default past 32 MB, or 8 MB for a minute). Its next read must not trust
    what it kept."""
    mine, other, connection, _server = caches
    connection.config_set("client-output-buffer-limit", "pubsub 16kb 8kb 60")
    other.set(TAG, "v1")
    mine.get_many([TAG])
    assert mine.get_many([TAG]) == {TAG: "v1"}
    assert mine.near.hits == 1  # kept
    subscribers = connection.client_list(_type="pubsub")

    # Far more invalidations than 16 KB and the sockets' buffers hold, while this
    # process reads nothing.
    long_name = mine.near.prefix + "page:" + "x" * 200
    for batch in range(20):
        with connection.pipeline(transaction=False) as pipe:
            for number in range(1_000):
                pipe.set(f"{long_name}{batch}:{number}", 1)
            pipe.execute()
    changed_elsewhere(other, connection, TAG, "v2")
    assert not {client["id"] for client in connection.client_list(_type="pubsub")} & {
        client["id"] for client in subscribers
    }

    assert mine.get_many([TAG]) == {TAG: "v2"}
    assert mine.near.subscriber is None
