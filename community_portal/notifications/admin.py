from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from community_portal.core.admin import ListFiltersMixin
from community_portal.notifications.delivery import notifications_requeue
from community_portal.notifications.models import Notification


@admin.register(Notification)
class NotificationAdmin(ListFiltersMixin, admin.ModelAdmin):
    """Read-only: notifications are written by the services that cause them."""

    list_display = [
        "created_at",
        "recipient",
        "subject_text",
        "email_state",
        "email_attempts",
        "read_at",
    ]
    list_filter = ["email_state", ("read_at", admin.EmptyFieldListFilter), "created_at"]
    search_fields = ["recipient__username", "recipient__email", "subject", "key"]
    list_select_related = ["recipient"]
    date_hierarchy = "created_at"
    actions = ["retry_email"]
    readonly_fields = [
        "recipient",
        "actor",
        "key",
        "subject_text",
        "body_text",
        "url",
        "created_at",
        "read_at",
        "email_state",
        "email_attempts",
        "email_last_attempt_at",
        "emailed_at",
        "email_next_attempt_at",
        "email_last_error",
    ]
    fields = readonly_fields

    @admin.display(description=_("subject"))
    def subject_text(self, notification):
        return notification.subject_text

    @admin.display(description=_("text"))
    def body_text(self, notification):
        return notification.body_text

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Send the e-mail again now"), permissions=["view"])
    def retry_email(self, request, queryset):
        count = notifications_requeue(ids=queryset.values_list("pk", flat=True))
        self.message_user(
            request,
            ngettext(
                "%(count)d notification queued for delivery.",
                "%(count)d notifications queued for delivery.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )
