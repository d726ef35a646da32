from django.utils.functional import SimpleLazyObject

from community_portal.notifications.selectors import unread_count


def inbox(request):
    """The header's unread count, counted only if a template shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"inbox_unread_count": SimpleLazyObject(lambda: unread_count(user=user))}
