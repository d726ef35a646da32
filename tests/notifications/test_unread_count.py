"""The header's unread count is kept between pages, and every change of the member's
notifications shows in it on the next page."""

import pytest
from django.urls import reverse

from community_portal.notifications.models import Notification
from community_portal.notifications.selectors import FORGET_ONE_BY_ONE
from community_portal.notifications.services import (
    PlannedNotification,
    notification_mark_read,
    notifications_mark_all_read,
    notify,
    notify_each,
)
from tests.factories.members import MemberFactory

pytestmark = pytest.mark.django_db

PAGE = reverse("members:certificate_verify")  # a plain page: the header is all it reads


def header_count(client) -> int:
    return client.get(PAGE).context["inbox_unread_count"]


def test_unread_count_is_counted_once_for_many_pages(
    member_client, member, django_assert_num_queries
):
    notify(recipient=member, subject="Welcome")
    member_client.get(PAGE)

    with django_assert_num_queries(2):  # the session and the member; not the count
        assert header_count(member_client) == 1


def test_new_notification_shows_on_the_next_page(member_client, member):
    assert header_count(member_client) == 0

    notify(recipient=member, subject="Welcome")

    assert header_count(member_client) == 1


def test_reminder_to_many_shows_on_the_next_page(member_client, member, other_member):
    assert header_count(member_client) == 0

    notify_each(
        [
            PlannedNotification(
                recipient_id=recipient.pk, subject="Reminder", key=f"r-{recipient.pk}"
            )
            for recipient in (member, other_member)
        ]
    )

    assert header_count(member_client) == 1


def test_reminder_to_more_members_than_one_by_one_outdates_every_count(member_client, member):
    others = MemberFactory.create_batch(FORGET_ONE_BY_ONE)
    assert header_count(member_client) == 0

    notify_each(
        [
            PlannedNotification(
                recipient_id=recipient.pk, subject="Reminder", key=f"r-{recipient.pk}"
            )
            for recipient in [member, *others]
        ]
    )

    assert header_count(member_client) == 1


def test_marking_read_shows_on_the_next_page(member_client, member):
    notify(recipient=member, subject="First")
    notify(recipient=member, subject="Second")
    assert header_count(member_client) == 2

    notification_mark_read(notification=Notification.objects.first(), user=member)
    assert header_count(member_client) == 1

    notifications_mark_all_read(user=member)
    assert header_count(member_client) == 0


def test_deleted_notification_leaves_the_count(member_client, member):
    notify(recipient=member, subject="Welcome")
    assert header_count(member_client) == 1

    Notification.objects.get().delete()  # the admin

    assert header_count(member_client) == 0


def test_counts_are_each_members_own(member_client, member, other_member):
    notify(recipient=other_member, subject="Not yours")

    assert header_count(member_client) == 0
