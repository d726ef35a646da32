from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    """Notifications: stored with the change that causes them, delivered by Celery."""

    name = "community_portal.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    # Reviewers can see whether a member was told (read-only admin).
    reviewer_permissions = ["notifications.view_notification"]

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from community_portal.notifications.digest import send_daily_digests
        from community_portal.notifications.escalation import escalate_stalled_reviews
        from community_portal.notifications.models import Notification
        from community_portal.notifications.reminders import register_reminder
        from community_portal.notifications.review_digest import remind_overdue_reviews

        register_reminder(
            "overdue-reviews",
            description=_(
                "Each reviewer: one digest of everything waiting longer than 7 working days."
            ),
            run=remind_overdue_reviews,
            task="community_portal.notifications.tasks.remind_overdue_reviews",
        )
        register_reminder(
            "daily-digest",
            description=_(
                "Each member who takes the daily digest: one e-mail of what was not urgent."
            ),
            run=send_daily_digests,
            task="community_portal.notifications.tasks.send_daily_digests",
        )
        register_reminder(
            "escalated-reviews",
            description=_("Maintainers: each review waiting longer than 14 working days."),
            run=escalate_stalled_reviews,
            task="community_portal.notifications.tasks.escalate_stalled_reviews",
        )
        # One notification saved or deleted (notify, marking read, the admin): its
        # recipient's unread count is counted again. Bulk writes call it themselves.
        post_save.connect(_forget_count, sender=Notification, dispatch_uid="inbox-unread")
        post_delete.connect(_forget_count, sender=Notification, dispatch_uid="inbox-unread")


def _forget_count(sender, instance, using, **kwargs):
    from community_portal.notifications.selectors import forget_unread_counts

    forget_unread_counts([instance.recipient_id], using=using)
