from django.db import models
from django.utils.translation import gettext_lazy as _


class EmailState(models.TextChoices):
    PENDING = "pending", _("waiting to be sent")
    SENT = "sent", _("sent")
    SKIPPED = "skipped", _("not sent (no verified address)")


class DeliveryOutcome(models.TextChoices):
    """What one delivery attempt did; tasks decide on retries from it."""

    SENT = "sent"
    SKIPPED = "skipped"
    ALREADY_DONE = "already_done"
    BUSY = "busy"  # another worker holds the claim right now
    FAILED = "failed"
