"""Chat channels (a group's robot or webhook), the messages posted to them, and one
delivery row per message and channel: the outbox of chat, like notifications' e-mail.

A channel's webhook URL and signing secret are credentials: they are stored, used
to send, and never shown again (see ``admin.py`` and ``delivery.scrub``).
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from community_portal.chat.enums import Audience, DeliveryState, MessageKind, Provider
from community_portal.notifications.messages import render_message


class ChatChannelQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class ChatChannel(models.Model):
    name = models.CharField(_("name"), max_length=100)
    provider = models.CharField(_("provider"), max_length=20, choices=Provider.choices)
    audience = models.CharField(_("audience"), max_length=20, choices=Audience.choices)
    station = models.ForeignKey(
        "stations.Station",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="chat_channels",
        verbose_name=_("station"),
    )
    # Credentials: write-only in every form, never rendered, scrubbed from errors.
    webhook_url = models.URLField(_("webhook URL"), max_length=500)
    secret = models.CharField(_("signing secret"), max_length=200, blank=True)
    language = models.CharField(
        _("language of the messages"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    is_active = models.BooleanField(pgettext_lazy("chat channel", "active"), default=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    # The token bucket of the channel's rate limit (see delivery.take_token).
    tokens = models.FloatField(default=0, editable=False)
    tokens_at = models.DateTimeField(null=True, blank=True, editable=False)

    last_delivery_at = models.DateTimeField(_("last delivery"), null=True, blank=True)
    last_status = models.CharField(_("last delivery status"), max_length=200, blank=True)

    objects = ChatChannelQuerySet.as_manager()

    class Meta:
        verbose_name = _("chat channel")
        verbose_name_plural = _("chat channels")
        ordering = ["audience", "name", "id"]
        constraints = [
            models.CheckConstraint(
                name="chatchannel_station_iff_station_audience",
                condition=(
                    models.Q(audience=Audience.STATION, station__isnull=False)
                    | (~models.Q(audience=Audience.STATION) & models.Q(station__isnull=True))
                ),
                violation_error_message=_("A station's channel names its station; others none."),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def target(self) -> str:
        """Where the channel posts, without its credentials: the provider's host."""
        host = urlsplit(self.webhook_url).hostname or ""
        return f"{host} (…)" if host else ""


class ChatMessage(models.Model):
    """One message for the channels of an audience, stored untranslated like a
    notification and rendered in each channel's language when it is sent."""

    kind = models.CharField(_("kind"), max_length=30, choices=MessageKind.choices)
    # Once per occasion: a message with a key is created at most once.
    key = models.CharField(_("occasion key"), max_length=200, null=True, blank=True, unique=True)
    station = models.ForeignKey(
        "stations.Station",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("station"),
    )
    title = models.CharField(_("title"), max_length=255)
    body = models.TextField(_("text"), blank=True)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("chat message")
        verbose_name_plural = _("chat messages")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.title_text

    @property
    def title_text(self) -> str:
        return render_message(self.title, self.params)

    @property
    def body_text(self) -> str:
        return render_message(self.body, self.params)


class ChatDelivery(models.Model):
    """One message to one channel: claimed, sent once, retried until it is."""

    message = models.ForeignKey(
        ChatMessage, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("message")
    )
    channel = models.ForeignKey(
        ChatChannel,
        on_delete=models.CASCADE,
        related_name="deliveries",
        verbose_name=pgettext_lazy("chat", "channel"),
    )
    state = models.CharField(
        _("state"), max_length=10, choices=DeliveryState.choices, default=DeliveryState.PENDING
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    # Failed sends (a postponement for the rate limit is not one).
    attempts = models.PositiveIntegerField(_("failed attempts"), default=0)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    claimed_until = models.DateTimeField(null=True, blank=True, editable=False)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    last_status_code = models.PositiveIntegerField(_("last HTTP status"), null=True, blank=True)
    # Scrubbed of the channel's URL and secret before it is stored.
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("chat delivery")
        verbose_name_plural = _("chat deliveries")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["message", "channel"], name="chatdelivery_once_per_channel"
            ),
        ]
        indexes = [
            models.Index(
                fields=["created_at", "id"],
                name="chatdelivery_outbox_idx",
                condition=models.Q(state="pending"),
            ),
        ]

    def __str__(self):
        return f"{self.message} → {self.channel}"
