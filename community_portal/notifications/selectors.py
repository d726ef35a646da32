"""Reads for the inbox."""

from django.core.cache import cache
from django.db import transaction

from community_portal.core import page_cache
from community_portal.notifications.models import Notification

# The header's unread count is kept this long at most (seconds); every change of a
# member's notifications forgets it at once (forget_unread_counts).
UNREAD_COUNT_TTL = 60
# A write touching more members than this (a reminder) makes every kept count out of
# date with one cache write, rather than one per member.
FORGET_ONE_BY_ONE = 50
_GENERATION_KEY = "inbox:unread:generation"


def inbox_notifications(*, user, unread_only: bool = False):
    notifications = Notification.objects.for_recipient(user).in_inbox().select_related("actor")
    if unread_only:
        notifications = notifications.unread()
    return notifications


def _unread_key(user_id) -> str:
    return f"inbox:unread:{user_id}"


def unread_count(*, user) -> int:
    """The count every signed-in page's header shows: from the cache while the
    member's notifications are unchanged, so a page does not count them each time.

    A kept count carries the generation it was counted in (read before counting), so
    a reminder to many members outdates them all by moving the generation on.
    """
    key = _unread_key(user.pk)
    found = cache.get_many([key, _GENERATION_KEY])
    generation = found.get(_GENERATION_KEY, 0)
    kept = found.get(key)
    if kept is not None and kept[1] == generation:
        return kept[0]
    count = Notification.objects.for_recipient(user).in_inbox().unread().count()
    cache.set(key, (count, generation), UNREAD_COUNT_TTL)
    return count


def forget_unread_counts(recipient_ids, *, using: str = "default") -> None:
    """These members' notifications changed: count again, now and after the commit
    (a request may have counted the old rows meanwhile)."""
    ids = set(recipient_ids)
    if not ids:
        return
    if len(ids) > FORGET_ONE_BY_ONE:
        forget = _next_generation
    else:
        keys = [_unread_key(pk) for pk in ids]

        def forget():
            cache.delete_many(keys)

    forget()
    if transaction.get_connection(using).in_atomic_block:
        transaction.on_commit(forget, using=using, robust=True)
    # The members' own pages show the inbox and its unread count too.
    if len(ids) > FORGET_ONE_BY_ONE:
        page_cache.bump("inbox", using=using)
    else:
        page_cache.bump_members(ids, using=using)


def _next_generation() -> None:
    cache.add(_GENERATION_KEY, 0, timeout=None)
    try:
        cache.incr(_GENERATION_KEY)
    except ValueError:  # evicted between the two calls
        cache.set(_GENERATION_KEY, 1, timeout=None)
