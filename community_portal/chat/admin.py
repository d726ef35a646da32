"""Chat channels in the admin: reviewers add the reviewers' and community channels
and any station's; credentials are write-only; each channel can be sent a test."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from community_portal.chat.delivery import chat_requeue
from community_portal.chat.forms import ChatChannelAdminForm
from community_portal.chat.models import ChatChannel, ChatDelivery, ChatMessage
from community_portal.chat.services import chat_channel_save, chat_channel_send_test
from community_portal.core.admin import ListFiltersMixin


@admin.register(ChatChannel)
class ChatChannelAdmin(ListFiltersMixin, admin.ModelAdmin):
    form = ChatChannelAdminForm
    list_display = [
        "name",
        "provider",
        "audience",
        "station",
        "target",
        "is_active",
        "last_delivery_at",
        "last_status",
    ]
    list_filter = ["provider", "audience", "is_active"]
    search_fields = ["name", "station__name"]
    list_select_related = ["station"]
    autocomplete_fields = ["station"]
    actions = ["send_test_message"]
    readonly_fields = ["target", "has_secret", "last_delivery_at", "last_status"]
    fieldsets = [
        (None, {"fields": ["name", "provider", "audience", "station", "language", "is_active"]}),
        (
            _("Credentials (write-only)"),
            {"fields": ["target", "webhook_url", "has_secret", "secret", "clear_secret"]},
        ),
        (_("Delivery"), {"fields": ["last_delivery_at", "last_status"]}),
    ]

    @admin.display(description=_("target"))
    def target(self, channel):
        return channel.target

    @admin.display(description=_("signing secret saved"), boolean=True)
    def has_secret(self, channel):
        return bool(channel.secret)

    def save_model(self, request, obj, form, change):
        chat_channel_save(channel=obj, provider=form.cleaned_data["provider"], **form.credentials)

    @admin.action(description=_("Send a test message"), permissions=["view"])
    def send_test_message(self, request, queryset):
        channels = list(queryset)
        for channel in channels:
            chat_channel_send_test(channel=channel)
        self.message_user(
            request,
            ngettext(
                "A test message is queued for %(count)d channel; its status shows here once sent.",
                "A test message is queued for %(count)d channels; their status shows here once "
                "sent.",
                len(channels),
            )
            % {"count": len(channels)},
            messages.SUCCESS,
        )


@admin.register(ChatDelivery)
class ChatDeliveryAdmin(ListFiltersMixin, admin.ModelAdmin):
    """Read-only: deliveries are written by the services that post messages."""

    list_display = [
        "created_at",
        "channel",
        "message_title",
        "state",
        "attempts",
        "last_status_code",
        "next_attempt_at",
        "sent_at",
    ]
    list_filter = ["state", "channel__provider", "created_at"]
    list_select_related = ["channel", "message"]
    date_hierarchy = "created_at"
    actions = ["retry_now"]
    fields = readonly_fields = [
        "channel",
        "message_title",
        "message_body",
        "state",
        "created_at",
        "attempts",
        "last_attempt_at",
        "next_attempt_at",
        "sent_at",
        "last_status_code",
        "last_error",
    ]

    @admin.display(description=_("message"))
    def message_title(self, delivery):
        return delivery.message.title_text

    @admin.display(description=_("text"))
    def message_body(self, delivery):
        return delivery.message.body_text

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Try again now"), permissions=["view"])
    def retry_now(self, request, queryset):
        count = chat_requeue(ids=queryset.values_list("pk", flat=True))
        self.message_user(
            request,
            ngettext("%(count)d chat delivery queued.", "%(count)d chat deliveries queued.", count)
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(ChatMessage)
class ChatMessageAdmin(ListFiltersMixin, admin.ModelAdmin):
    list_display = ["created_at", "kind", "title_text", "station"]
    list_filter = ["kind", "created_at"]
    list_select_related = ["station"]
    fields = readonly_fields = ["kind", "key", "station", "title_text", "body_text", "url"]

    @admin.display(description=_("title"))
    def title_text(self, message):
        return message.title_text

    @admin.display(description=_("text"))
    def body_text(self, message):
        return message.body_text

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
