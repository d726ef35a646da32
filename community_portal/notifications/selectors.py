"""Reads for the inbox."""

from django.core.cache import cache
from django.db import transaction

from community_portal.notifications.models import Notification

# The header's unread count is kept this long at most (seconds); every change of a
# member's notifications forgets it at once (forget_unread_counts).
UNREAD_COUNT_TTL = 60


def inbox_notifications(*, user, unread_only: bool = False):
    notifications = Notification.objects.for_recipient(user).select_related("actor")
    if unread_only:
        notifications = notifications.unread()
    return notifications


def _unread_key(user_id) -> str:
    return f"inbox:unread:{user_id}"


def unread_count(*, user) -> int:
    """The count every signed-in page's header shows: from the cache while the
    member's notifications are unchanged, so a page does not count them each time."""
    key = _unread_key(user.pk)
    count = cache.get(key)
    if count is None:
        count = Notification.objects.for_recipient(user).unread().count()
        cache.set(key, count, UNREAD_COUNT_TTL)
    return count


def forget_unread_counts(recipient_ids, *, using: str = "default") -> None:
    """These members' notifications changed: count again, now and after the commit
    (a request may have counted the old rows meanwhile)."""
    keys = [_unread_key(pk) for pk in set(recipient_ids)]
    if not keys:
        return
    cache.delete_many(keys)
    if transaction.get_connection(using).in_atomic_block:
        transaction.on_commit(lambda: cache.delete_many(keys), using=using, robust=True)
