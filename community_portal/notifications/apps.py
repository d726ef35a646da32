from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    """Notifications: stored with the change that causes them, delivered by Celery."""

    name = "community_portal.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    # Reviewers can see whether a member was told (read-only admin).
    reviewer_permissions = ["notifications.view_notification"]
