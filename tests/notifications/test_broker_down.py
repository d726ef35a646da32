"""The broker down: a change that notifies still commits at once, and the sweep
delivers later. The test runs its own redis-server on a free port and stops it."""

import base64
import json
import shutil
import socket
import subprocess
import time
from datetime import timedelta

import pytest
import redis
import time_machine
from django.db import transaction
from django.utils import timezone

from community_portal.celery import app as celery_app
from community_portal.notifications import delivery
from community_portal.notifications.enums import EmailState
from community_portal.notifications.models import Notification
from members.services import member_welcome
from tests.factories.members import MemberFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(shutil.which("redis-server") is None, reason="needs redis-server"),
]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RedisServer:
    """A throw-away redis-server that keeps nothing on disk."""

    def __init__(self, folder):
        self.port = _free_port()
        self.folder = folder
        self.process = None
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        options = {"port": self.port, "bind": "127.0.0.1", "appendonly": "no", "dir": self.folder}
        arguments = [item for name, value in options.items() for item in (f"--{name}", str(value))]
        self.process = subprocess.Popen(  # noqa: S603
            [shutil.which("redis-server"), *arguments, "--save", ""], stdout=subprocess.DEVNULL
        )
        client = redis.Redis(port=self.port)
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                return
            except redis.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)

    def queued_tasks(self, queue: str) -> list[tuple[str, list]]:
        """Take every task message off ``queue``: (task name, arguments)."""
        client = redis.Redis(port=self.port)
        tasks = []
        while raw := client.lpop(queue):
            envelope = json.loads(raw)
            args, _kwargs, _embed = json.loads(base64.b64decode(envelope["body"]))
            tasks.append((envelope["headers"]["task"], args))
        return tasks


@pytest.fixture
def broker(tmp_path):
    """Celery publishing to a Redis of the test's own (the app's pools reset around it)."""
    server = RedisServer(tmp_path)
    server.start()
    previous = celery_app.conf.broker_url, celery_app.conf.task_always_eager
    celery_app.conf.broker_url = server.url
    celery_app.conf.task_always_eager = False
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    try:
        yield server
    finally:
        celery_app.pool.force_close_all()
        celery_app.conf.broker_url, celery_app.conf.task_always_eager = previous
        celery_app._pool = None
        celery_app.amqp._producer_pool = None
        if server.process.poll() is None:
            server.stop()


def test_change_commits_at_once_with_the_broker_down_and_the_sweep_delivers_later(
    broker, mailoutbox
):
    queue = celery_app.conf.task_default_queue
    first, second = MemberFactory.create_batch(2)
    with transaction.atomic():
        member_welcome(user=first)  # publishes: the process holds a broker connection
    assert [name for name, _args in broker.queued_tasks(queue)] == [
        "community_portal.notifications.tasks.deliver_notification"
    ]
    Notification.objects.update(email_state=EmailState.SENT)

    broker.stop()
    started = time.monotonic()
    with transaction.atomic():
        member_welcome(user=second)
    elapsed = time.monotonic() - started

    assert elapsed < 0.5, f"the commit waited {elapsed:.2f} s for the broker"
    notification = Notification.objects.get(recipient=second)
    assert notification.email_state == EmailState.PENDING
    assert mailoutbox == []

    broker.start()
    with time_machine.travel(timezone.now() + delivery.SWEEP_GRACE + timedelta(seconds=1)):
        assert delivery.notifications_requeue_undelivered() == 1
        for name, args in broker.queued_tasks(queue):
            celery_app.tasks[name].apply(args=args)  # what a worker does with each message
        assert delivery.notifications_requeue_undelivered() == 0

    notification.refresh_from_db()
    assert notification.email_state == EmailState.SENT
    assert [message.to for message in mailoutbox] == [[second.email]]
