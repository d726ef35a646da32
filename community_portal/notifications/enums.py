from django.db import models
from django.utils.translation import gettext_lazy as _


class EmailState(models.TextChoices):
    PENDING = "pending", _("waiting to be sent")
    SENT = "sent", _("sent")
    SKIPPED = "skipped", _("not sent (no verified address)")
    # The member's preferences decided at creation (see ``preferences``).
    OPTED_OUT = "opted_out", _("not sent (switched off by the member)")
    HELD = "held", _("held for the daily digest")
    DIGESTED = "digested", _("sent in a daily digest")


class DeliveryOutcome(models.TextChoices):
    """What one delivery attempt did; tasks decide on retries from it."""

    SENT = "sent"
    SKIPPED = "skipped"
    ALREADY_DONE = "already_done"
    BUSY = "busy"  # another worker holds the claim right now
    FAILED = "failed"
