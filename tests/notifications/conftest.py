import pytest
from django.db import transaction

from community_portal.notifications.services import notify
from tests.workers import worker  # noqa: F401  (a real Celery worker, for tests marked redis)


@pytest.fixture
def send_notification(django_capture_on_commit_callbacks):
    """Create a notification in a transaction and run what happens on commit."""

    def send(recipient, **kwargs):
        kwargs.setdefault("subject", "Your application was approved")
        with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
            notification = notify(recipient=recipient, **kwargs)
        if notification is not None:
            notification.refresh_from_db()
        return notification

    return send
