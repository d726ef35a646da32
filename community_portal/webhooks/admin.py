"""Endpoints (with their write-only secret), and the delivery log with "send again".

The secret is written once: the add form offers a freshly generated one to copy
into the receiving system, and after saving no page shows it again (the change
form's field is empty and replaces the secret only when filled in). The views
mark it a sensitive POST parameter, so an error report leaves it out too.
"""

import json

from django import forms
from django.contrib import admin, messages
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.debug import sensitive_post_parameters

from community_portal.core.admin import ListFiltersMixin, ReadOnlyAdminMixin, ReadOnlyInline
from community_portal.webhooks.enums import EventType
from community_portal.webhooks.models import Delivery, DeliveryAttempt, Endpoint
from community_portal.webhooks.services import (
    WebhookError,
    check_secret,
    deliveries_send_again,
    endpoint_activate,
    endpoint_send_test,
    new_secret,
)


class EndpointForm(forms.ModelForm):
    url = forms.URLField(
        label=_("URL"),
        max_length=500,
        assume_scheme="https",
        help_text=_("Where the messages are POSTed."),
    )
    event_types = forms.MultipleChoiceField(
        label=_("event types"),
        choices=EventType.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("The events this endpoint receives."),
    )
    secret = forms.CharField(
        label=_("signing secret"),
        max_length=200,
        help_text=_(
            "Copy it now into the receiving system: once saved, it is never shown again. "
            "Or paste a whsec_ secret of your own."
        ),
        widget=forms.TextInput(attrs={"size": 60, "autocomplete": "off"}),
    )

    class Meta:
        model = Endpoint
        fields = ["url", "description", "owner", "event_types", "is_active", "secret"]

    def clean_secret(self):
        secret = self.cleaned_data["secret"].strip()
        if not secret and self.instance.pk:
            return self.instance.secret  # left empty: the secret stays
        try:
            check_secret(secret)
        except WebhookError as error:
            raise forms.ValidationError(str(error)) from None
        return secret


class EndpointChangeForm(EndpointForm):
    secret = forms.CharField(
        label=_("new signing secret"),
        max_length=200,
        required=False,
        help_text=_("Leave empty to keep the current secret, which is never shown."),
        widget=forms.PasswordInput(render_value=False, attrs={"size": 60}),
    )


@admin.register(Endpoint)
class EndpointAdmin(ListFiltersMixin, admin.ModelAdmin):
    list_display = [
        "__str__",
        "host",
        "is_active",
        "subscriptions",
        "failing_since",
        "disabled_at",
        "owner",
    ]
    list_filter = ["is_active"]
    search_fields = ["description", "url"]
    list_select_related = ["owner"]
    raw_id_fields = ["owner"]
    readonly_fields = ["created_at", "failing_since", "disabled_at", "disabled_reason", "log"]
    actions = ["send_test_message", "activate"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["form"] = EndpointChangeForm if obj is not None else EndpointForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request, obj=None):
        fields = ["url", "description", "owner", "event_types", "is_active", "secret"]
        return fields if obj is None else [*fields, *self.readonly_fields]

    def get_changeform_initial_data(self, request):
        return {"owner": request.user.pk, "secret": new_secret(), "is_active": True}

    @method_decorator(sensitive_post_parameters("secret"))
    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        return super().changeform_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        reactivated = change and "is_active" in form.changed_data and obj.is_active
        super().save_model(request, obj, form, change)
        if reactivated:
            endpoint_activate(endpoint=obj)

    @admin.display(description=_("event types"))
    def subscriptions(self, endpoint):
        return ", ".join(endpoint.event_type_labels) or "—"

    @admin.display(description=_("delivery log"))
    def log(self, endpoint):
        url = reverse("admin:webhooks_delivery_changelist") + f"?endpoint__id__exact={endpoint.pk}"
        return format_html('<a href="{}">{}</a>', url, _("Deliveries to this endpoint"))

    @admin.action(description=_("Send a test message"), permissions=["change"])
    def send_test_message(self, request, queryset):
        for endpoint in queryset:
            endpoint_send_test(endpoint=endpoint)
        count = len(queryset)
        self.message_user(
            request,
            ngettext(
                "A test message was queued for %(count)d endpoint; see the delivery log.",
                "A test message was queued for %(count)d endpoints; see the delivery log.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Activate, and send what waited"), permissions=["change"])
    def activate(self, request, queryset):
        for endpoint in queryset:
            endpoint_activate(endpoint=endpoint)
        self.message_user(
            request,
            ngettext(
                "%(count)d endpoint is active.", "%(count)d endpoints are active.", len(queryset)
            )
            % {"count": len(queryset)},
            messages.SUCCESS,
        )


class DeliveryAttemptInline(ReadOnlyInline):
    model = DeliveryAttempt
    fields = ["attempted_at", "status_code", "response_excerpt", "error", "duration_ms"]
    readonly_fields = fields
    verbose_name_plural = _("attempts")


@admin.register(Delivery)
class DeliveryAdmin(ListFiltersMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    """The delivery log: written by the delivery, changed only by "send again"."""

    list_display = [
        "created_at",
        "event_type",
        "message_id",
        "endpoint",
        "state",
        "attempts",
        "last_status_code",
        "next_attempt_at",
        "delivered_at",
    ]
    list_filter = ["state", "message__type", "endpoint", "created_at"]
    search_fields = ["message__public_id"]
    list_select_related = ["message", "endpoint"]
    date_hierarchy = "created_at"
    actions = ["send_again"]
    fields = [
        "endpoint",
        "event_type",
        "message_id",
        "state",
        "created_at",
        "attempts",
        "last_attempt_at",
        "next_attempt_at",
        "delivered_at",
        "last_status_code",
        "last_response",
        "last_error",
        "body",
    ]
    readonly_fields = fields
    inlines = [DeliveryAttemptInline]

    @admin.display(description=_("event type"), ordering="message__type")
    def event_type(self, delivery):
        return delivery.message.type

    @admin.display(description=_("message id (webhook-id)"))
    def message_id(self, delivery):
        return delivery.message.public_id

    @admin.display(description=_("body"))
    def body(self, delivery):
        text = json.dumps(json.loads(delivery.message.body), indent=2, ensure_ascii=False)
        return format_html("<pre>{}</pre>", text)

    @admin.action(description=_("Send again now"), permissions=["view"])
    def send_again(self, request, queryset):
        count = deliveries_send_again(ids=queryset.values_list("pk", flat=True))
        self.message_user(
            request,
            ngettext(
                "%(count)d delivery queued; it keeps its webhook-id.",
                "%(count)d deliveries queued; they keep their webhook-id.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )
        skipped = len(queryset) - count
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(count)d delivery waits for its endpoint to be active again.",
                    "%(count)d deliveries wait for their endpoint to be active again.",
                    skipped,
                )
                % {"count": skipped},
                messages.WARNING,
            )
