import shutil
import socket
import subprocess
import time

import pytest
import redis

REDIS_SERVER = shutil.which("redis-server")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def own_redis(tmp_path):
    """A redis-server of this test's own, on a free port: (process, client, url)."""
    if not REDIS_SERVER:
        pytest.skip("needs redis-server")
    port = free_port()
    command = [REDIS_SERVER, "--port", str(port), "--bind", "127.0.0.1", "--save", ""]
    server = subprocess.Popen(  # noqa: S603
        [*command, "--appendonly", "no", "--dir", str(tmp_path)], stdout=subprocess.DEVNULL
    )
    connection = redis.Redis(host="127.0.0.1", port=port)
    for _ in range(200):
        try:
            connection.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.05)
    yield server, connection, f"redis://127.0.0.1:{port}/0"
    server.terminate()
    server.wait(timeout=10)
