from contextvars import ContextVar

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from community_portal.core.admin import ListFiltersMixin
from community_portal.core.workflow import is_reviewer
from community_portal.notifications.delivery import notifications_requeue
from community_portal.notifications.emails import render_email
from community_portal.notifications.kinds import KINDS, KINDS_BY_ID
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
        "kind",
        "subject_text",
        "body_text",
        "url",
        "created_at",
        "read_at",
        "in_inbox",
        "email_state",
        "email_attempts",
        "email_last_attempt_at",
        "emailed_at",
        "email_next_attempt_at",
        "email_last_error",
    ]
    fields = readonly_fields

    def get_urls(self):
        return [
            path(
                "preview/",
                self.admin_site.admin_view(self.preview_view),
                name="notifications_notification_preview",
            ),
            path(
                "preview/<str:kind>/<str:language>/",
                self.admin_site.admin_view(self.preview_html_view),
                name="notifications_notification_preview_html",
            ),
            *super().get_urls(),
        ]

    # --- The e-mails' preview -----------------------------------------------------------

    def preview_view(self, request):
        """Every notification kind in every language, HTML and text, with sample
        parameters: a wording change can be checked without sending anything."""
        if not is_reviewer(request.user):
            raise PermissionDenied
        rows = [
            {
                "kind": kind,
                "emails": [
                    _sample_email(kind, code, request.user) for code, _name in settings.LANGUAGES
                ],
            }
            for kind in KINDS
        ]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Preview of the notification e-mails"),
            "rows": rows,
            "languages": settings.LANGUAGES,
        }
        return TemplateResponse(request, "admin/notifications/notification/preview.html", context)

    def preview_html_view(self, request, kind, language):
        """One kind's HTML e-mail, as a mail program shows it."""
        if not is_reviewer(request.user):
            raise PermissionDenied
        if kind not in KINDS_BY_ID or language not in dict(settings.LANGUAGES):
            raise Http404
        email = _sample_email(KINDS_BY_ID[kind], language, request.user)
        response = HttpResponse(email.html)
        response["Content-Language"] = email.language
        # The e-mail's own inline styles and its logo from the site's address; shown
        # in a frame of the preview page (a sandboxed one: no script runs).
        response._csp_update = {"style-src": ["'unsafe-inline'"], "img-src": [settings.SITE_URL]}
        response._csp_replace = {"frame-ancestors": ["'self'"]}
        response["X-Frame-Options"] = "SAMEORIGIN"
        return response

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


def _sample_email(kind, language: str, user):
    return render_email(
        language=language,
        recipient_name=user.public_name,
        subject=kind.subject,
        body=kind.body,
        params=kind.sample_params(),
        url="/",
    )


# The escalation moment of the list page being drawn.
_escalated_before: ContextVar = ContextVar("escalated_before", default=None)


class EscalatedFilter(admin.SimpleListFilter):
    """Reviews waiting twice their deadline (the model admin's ``escalation``)."""

    title = _("escalation")
    parameter_name = "escalated"

    def __init__(self, request, params, model, model_admin):
        super().__init__(request, params, model, model_admin)
        self.escalation = model_admin.escalation

    def lookups(self, request, model_admin):
        return [("yes", _("escalated (waiting 14 working days)"))]

    def queryset(self, request, queryset):
        from django.utils import timezone

        if self.value() == "yes":
            return queryset.filter(self.escalation.condition(timezone.localdate()))
        return queryset


class EscalationAdminMixin:
    """An "escalated" column and filter for a reviewed model's admin list.

    The model admin sets ``escalation`` (a ``notifications.escalation.Escalation``).
    The moment before which a review is escalated is computed once per list page
    (one calendar query), not once per row.
    """

    escalation = None

    def changelist_view(self, request, extra_context=None):
        from django.utils import timezone

        from community_portal.notifications.escalation import escalated_since

        token = _escalated_before.set(escalated_since(timezone.localdate()))
        try:
            response = super().changelist_view(request, extra_context)
            # Drawn here, while the moment is set (a TemplateResponse renders later).
            if hasattr(response, "render"):
                response.render()
            return response
        finally:
            _escalated_before.reset(token)

    @admin.display(description=_("escalated"), boolean=True)
    def escalated(self, obj):
        from django.utils import timezone

        from community_portal.notifications.escalation import escalated_since

        before = _escalated_before.get() or escalated_since(timezone.localdate())
        return self.escalation.is_escalated(obj, before)
