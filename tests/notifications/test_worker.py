"""A real Celery worker process against a real Redis (runs when REDIS_URL is set)."""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection, transaction

from community_portal.celery import app as celery_app
from community_portal.notifications import tasks
from community_portal.notifications.enums import EmailState
from community_portal.notifications.models import Notification
from community_portal.notifications.services import notify
from tests.factories.members import MemberFactory

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]

BASE_DIR = Path(settings.BASE_DIR)


def _test_database_url() -> str:
    """The URL of the test database this process uses, for the worker to share."""
    db = connection.settings_dict
    user = db.get("USER") or ""
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    credentials = f"{user}{password}@" if user else ""
    host = f"{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}"
    return f"postgres://{credentials}{host}/{db['NAME']}"


@pytest.fixture
def worker(tmp_path):
    queue = f"test-{uuid.uuid4().hex[:8]}"
    mail_dir = tmp_path / "mail"
    env = {
        **os.environ,
        "DATABASE_URL": _test_database_url(),
        "EMAIL_FILE_PATH": str(mail_dir),
        "VAR_DIR": str(tmp_path / "var"),
    }
    env.pop("EMAIL_URL", None)
    process = subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "community_portal",
            "worker",
            "--pool=solo",
            "--queues",
            queue,
            "--without-heartbeat",
            "--without-mingle",
            "--without-gossip",
            "--loglevel=INFO",
        ],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    previous_queue = celery_app.conf.task_default_queue
    celery_app.conf.task_default_queue = queue
    try:
        yield mail_dir
    finally:
        celery_app.conf.task_default_queue = previous_queue
        process.terminate()
        try:
            output, _ = process.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            output, _ = process.communicate()
        print(output)  # shown by pytest when the test fails


def _wait_for(condition, timeout=40.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.25)
    return False


def test_real_worker_delivers_once_even_when_the_task_is_queued_twice(worker):
    mail_dir = worker
    member = MemberFactory(preferred_language="zh-hans")
    with transaction.atomic():
        notification = notify(
            recipient=member, subject="Welcome to %(community)s", params={"community": "Portal"}
        )

    def delivered():
        notification.refresh_from_db()
        return notification.email_state == EmailState.SENT

    assert _wait_for(delivered), "the worker did not deliver the notification"

    # The same task arriving again (a redelivery, or the sweep) sends nothing more.
    tasks.deliver_notification.delay(notification.pk)
    tasks.deliver_notifications.delay([notification.pk])
    marker = notify(recipient=member, subject="Hello")
    assert _wait_for(lambda: Notification.objects.get(pk=marker.pk).email_state == EmailState.SENT)

    messages = [path.read_bytes().decode() for path in mail_dir.glob("*.eml")]
    assert len(messages) == 2
    welcome = [text for text in messages if f"<notification-{notification.pk}@" in text]
    assert len(welcome) == 1
    assert "=?utf-8?" in welcome[0].lower()  # the subject went out in Chinese
