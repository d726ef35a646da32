"""Endpoints, and the outbox of messages to them: one delivery per message and endpoint."""

from urllib.parse import urlsplit

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from community_portal.core.formatting import zoned
from community_portal.webhooks.enums import DeliveryState, EventType

# What the log keeps of an answer: enough to see what went wrong, never a whole page.
RESPONSE_EXCERPT_LENGTH = 500


class Endpoint(models.Model):
    """A URL of one of the community's own systems, and the events it subscribes to.

    The secret signs every message (Standard Webhooks, ``whsec_`` + base64). It is
    written in the admin and never shown again: no page, log line or error
    message prints it (``__str__`` and ``repr`` leave it out).
    """

    url = models.URLField(_("URL"), max_length=500, help_text=_("Where the messages are POSTed."))
    description = models.CharField(_("description"), max_length=200, blank=True)
    secret = models.CharField(_("signing secret"), max_length=200)
    event_types = models.JSONField(_("event types"), default=list, blank=True)
    is_active = models.BooleanField(
        _("enabled"),
        default=True,
        help_text=_("Inactive endpoints receive nothing; their messages wait until reactivated."),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="webhook_endpoints",
        verbose_name=_("owner"),
        help_text=_("Told when the endpoint is disabled after failing."),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    # The first failed attempt since the last success; None while it answers.
    failing_since = models.DateTimeField(_("failing since"), null=True, blank=True, editable=False)
    disabled_at = models.DateTimeField(_("disabled"), null=True, blank=True, editable=False)
    disabled_reason = models.CharField(
        _("why disabled"), max_length=300, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")
        ordering = ["description", "id"]

    def __str__(self):
        return self.description or self.host

    def __repr__(self):
        return f"<Endpoint {self.pk}: {self.host}>"

    @property
    def host(self) -> str:
        return urlsplit(self.url).hostname or self.url

    def subscribes_to(self, event_type: str) -> bool:
        return event_type in (self.event_types or [])

    @property
    def event_type_labels(self) -> list[str]:
        labels = dict(EventType.choices)
        return [str(labels.get(value, value)) for value in self.event_types or []]


class Message(models.Model):
    """One event, as sent: its id (the ``webhook-id`` of every attempt) and exact body."""

    public_id = models.CharField(_("message id"), max_length=40, unique=True, editable=False)
    type = models.CharField(_("event type"), max_length=50)
    body = models.TextField(_("body"))
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("webhook message")
        verbose_name_plural = _("webhook messages")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.type} {self.public_id}"


class Delivery(models.Model):
    """A message to one endpoint, retried until the endpoint answers 2xx."""

    message = models.ForeignKey(
        Message, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("message")
    )
    endpoint = models.ForeignKey(
        Endpoint, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("endpoint")
    )
    state = models.CharField(
        _("state"), max_length=10, choices=DeliveryState.choices, default=DeliveryState.PENDING
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    # Held by one worker while it sends; another leaves the row alone until then.
    claimed_until = models.DateTimeField(null=True, blank=True, editable=False)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(_("last status"), null=True, blank=True)
    last_response = models.TextField(_("last response (excerpt)"), blank=True)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["message", "endpoint"], name="webhook_delivery_once_per_endpoint"
            ),
        ]
        indexes = [
            models.Index(
                fields=["created_at", "id"],
                name="webhook_delivery_outbox_idx",
                condition=models.Q(state="pending"),
            ),
        ]

    def __str__(self):
        return f"{self.message} → {self.endpoint}"


class DeliveryAttempt(models.Model):
    """One POST of a delivery: what the endpoint answered, or why it could not."""

    delivery = models.ForeignKey(
        Delivery, on_delete=models.CASCADE, related_name="log", verbose_name=_("delivery")
    )
    attempted_at = models.DateTimeField(_("attempted"), default=timezone.now)
    status_code = models.PositiveSmallIntegerField(_("status"), null=True, blank=True)
    response_excerpt = models.TextField(_("response (excerpt)"), blank=True)
    error = models.CharField(_("error"), max_length=500, blank=True)
    duration_ms = models.PositiveIntegerField(_("duration (ms)"), default=0)

    class Meta:
        verbose_name = _("delivery attempt")
        verbose_name_plural = _("delivery attempts")
        ordering = ["-attempted_at", "-id"]

    def __str__(self):
        return f"{zoned(self.attempted_at)} {self.status_code or self.error}"
