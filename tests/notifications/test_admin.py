"""Operators' tools for delivery: the admin list and action, the sweep command."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from community_portal.notifications.enums import EmailState
from community_portal.notifications.models import Notification
from tests.factories.members import MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def waiting(member):
    """A notification whose e-mail failed and waits out its backoff."""
    return Notification.objects.create(
        recipient=member,
        subject="Welcome to %(community)s",
        params={"community": "Portal"},
        created_at=timezone.now() - timedelta(hours=1),
        email_attempts=3,
        email_next_attempt_at=timezone.now() + timedelta(minutes=30),
        email_last_error="SMTPServerDisconnected('down')",
    )


def test_admin_sends_a_waiting_notification_now(
    admin_client, waiting, mailoutbox, django_capture_on_commit_callbacks
):
    url = reverse("admin:notifications_notification_changelist")

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            url, {"action": "retry_email", "_selected_action": [waiting.pk]}, follow=True
        )

    waiting.refresh_from_db()
    assert waiting.email_state == EmailState.SENT
    assert len(mailoutbox) == 1
    assert "1 notification queued for delivery." in response.content.decode()


def test_admin_list_shows_the_rendered_subject_and_the_delivery_state(admin_client, waiting):
    page = admin_client.get(reverse("admin:notifications_notification_changelist")).content.decode()

    assert "Welcome to Portal" in page
    assert "waiting to be sent" in page


def test_reviewers_may_look_but_not_change(client, waiting):
    from tests.factories.members import ReviewerFactory

    client.force_login(ReviewerFactory())
    detail = reverse("admin:notifications_notification_change", args=[waiting.pk])

    assert client.get(detail).status_code == 200
    assert client.post(detail, {"subject": "Changed"}).status_code == 403
    waiting.refresh_from_db()
    assert waiting.subject == "Welcome to %(community)s"


def test_members_cannot_open_the_notifications_admin(client, waiting):
    client.force_login(MemberFactory())

    response = client.get(reverse("admin:notifications_notification_changelist"), follow=True)

    assert response.status_code == 403
    assert "Welcome to Portal" not in response.content.decode()


def test_sweep_command_delivers_what_is_due(member, mailoutbox, capsys):
    Notification.objects.create(
        recipient=member, subject="Hello", created_at=timezone.now() - timedelta(minutes=10)
    )

    call_command("deliver_notifications")

    assert len(mailoutbox) == 1
    assert "1 notification(s) queued for delivery." in capsys.readouterr().out
