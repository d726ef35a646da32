"""Reads for the inbox."""

from community_portal.notifications.models import Notification


def inbox_notifications(*, user, unread_only: bool = False):
    notifications = Notification.objects.for_recipient(user).in_inbox().select_related("actor")
    if unread_only:
        notifications = notifications.unread()
    return notifications


def unread_count(*, user) -> int:
    return Notification.objects.for_recipient(user).in_inbox().unread().count()
