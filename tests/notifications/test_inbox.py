"""The inbox pages: who sees what, reading, and the header count."""

import pytest
from django.urls import reverse
from django.utils import timezone

from community_portal.notifications.models import Notification
from tests.factories.members import MemberFactory, ReviewerFactory

pytestmark = pytest.mark.django_db

INBOX = reverse("notifications:inbox")


def make_notifications(recipient, count, **kwargs):
    return Notification.objects.bulk_create(
        Notification(
            recipient=recipient,
            subject="Welcome to %(community)s",
            params={"community": f"Portal {i}"},
            **kwargs,
        )
        for i in range(count)
    )


def test_inbox_sends_anonymous_visitors_to_sign_in(client):
    response = client.get(INBOX)

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_inbox_lists_only_my_notifications(member_client, member, other_member):
    make_notifications(member, 1)
    make_notifications(other_member, 1, url="/secret/")

    response = member_client.get(INBOX)

    assert response.status_code == 200
    assert list(response.context["page"].object_list) == list(
        Notification.objects.filter(recipient=member)
    )
    assert "Welcome to Portal 0" in response.content.decode()


def test_reviewer_does_not_see_members_inbox(client, member):
    make_notifications(member, 1)
    client.force_login(ReviewerFactory())

    response = client.get(INBOX)

    assert list(response.context["page"].object_list) == []


def test_header_shows_unread_count(member_client, member):
    make_notifications(member, 3)
    make_notifications(member, 1, read_at=timezone.now())

    response = member_client.get(reverse("home"))

    assert response.context["inbox_unread_count"] == 3
    assert 'data-testid="unread-count">3<' in response.content.decode()


def test_empty_inbox_says_so(member_client):
    response = member_client.get(INBOX)

    assert "Your inbox is empty" in response.content.decode()


def test_mark_one_read(member_client, member):
    first, second = make_notifications(member, 2)

    response = member_client.post(reverse("notifications:mark_read", args=[first.pk]))

    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.read_at is not None
    assert second.read_at is None


def test_another_member_cannot_mark_my_notification(client, member):
    (notification,) = make_notifications(member, 1)
    client.force_login(MemberFactory())

    response = client.post(reverse("notifications:mark_read", args=[notification.pk]))

    assert response.status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_mark_read_needs_post(member_client, member):
    (notification,) = make_notifications(member, 1)

    response = member_client.get(reverse("notifications:mark_read", args=[notification.pk]))

    assert response.status_code == 405


def test_mark_all_read(member_client, member, other_member):
    make_notifications(member, 3)
    (others,) = make_notifications(other_member, 1)

    response = member_client.post(reverse("notifications:mark_all_read"), follow=True)

    assert Notification.objects.filter(recipient=member, read_at__isnull=True).count() == 0
    others.refresh_from_db()
    assert others.read_at is None
    assert "All notifications are marked as read." in response.content.decode()


def test_unread_filter(member_client, member):
    make_notifications(member, 2)
    make_notifications(member, 1, read_at=timezone.now())

    response = member_client.get(INBOX, {"show": "unread"})

    assert len(response.context["page"].object_list) == 2


def test_opening_a_notification_marks_it_read_and_follows_its_link(member_client, member):
    (notification,) = make_notifications(member, 1, url="/programs/")

    response = member_client.post(reverse("notifications:open", args=[notification.pk]))

    assert response.status_code == 302
    assert response.url == "/programs/"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_opening_never_redirects_to_another_site(member_client, member):
    (notification,) = make_notifications(member, 1, url="https://evil.example.com/")

    response = member_client.post(reverse("notifications:open", args=[notification.pk]))

    assert response.url == INBOX


def test_inbox_is_shown_in_the_readers_language(client):
    reader = MemberFactory(preferred_language="zh-hans")
    make_notifications(reader, 1)
    client.force_login(reader)

    response = client.get(INBOX, HTTP_ACCEPT_LANGUAGE="en")

    page = response.content.decode()
    assert "收件箱" in page
    assert "欢迎加入 Portal 0" in page


def test_inbox_is_paginated(member_client, member):
    make_notifications(member, 25)

    first = member_client.get(INBOX)
    second = member_client.get(INBOX, {"page": 2})

    assert len(first.context["page"].object_list) == 20
    assert len(second.context["page"].object_list) == 5
    assert "Page 1 of 2" in first.content.decode()


@pytest.mark.parametrize("count", [1, 50])
def test_inbox_query_count_does_not_grow_with_rows(
    count, member_client, member, django_assert_num_queries
):
    make_notifications(member, count, actor=MemberFactory())

    # session, user, count for the pager, the page, the header's unread count
    with django_assert_num_queries(5):
        member_client.get(INBOX)
