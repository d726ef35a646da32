"""A real Celery worker process against a real Redis (runs when REDIS_URL is set)."""

import pytest
from django.db import transaction

from community_portal.notifications import tasks
from community_portal.notifications.enums import EmailState
from community_portal.notifications.models import Notification
from community_portal.notifications.services import notify
from tests.factories.members import MemberFactory
from tests.workers import wait_for

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]


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

    assert wait_for(delivered), "the worker did not deliver the notification"

    # The same task arriving again (a redelivery, or the sweep) sends nothing more.
    tasks.deliver_notification.delay(notification.pk)
    tasks.deliver_notifications.delay([notification.pk])
    marker = notify(recipient=member, subject="Hello")
    assert wait_for(lambda: Notification.objects.get(pk=marker.pk).email_state == EmailState.SENT)

    messages = [path.read_bytes().decode() for path in mail_dir.glob("*.eml")]
    assert len(messages) == 2
    welcome = [text for text in messages if f"<notification-{notification.pk}@" in text]
    assert len(welcome) == 1
    assert "=?utf-8?" in welcome[0].lower()  # the subject went out in Chinese
