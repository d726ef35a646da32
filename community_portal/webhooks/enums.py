from django.db import models
from django.utils.translation import gettext_lazy as _


class EventType(models.TextChoices):
    """What an endpoint may subscribe to: the ``type`` of each message."""

    APPLICATION_APPROVED = "application.approved", _("Application approved")
    SUBMISSION_SELECTED = "submission.selected", _("Submission selected")
    POINTS_AWARDED = "points.awarded", _("Points awarded")
    POINTS_REVERSED = "points.reversed", _("Points reversed")
    STATION_FOUNDED = "station.founded", _("Station founded")
    EVENT_CREATED = "event.created", _("Event created")
    EVENT_CHANGED = "event.changed", _("Event changed")
    EVENT_CANCELLED = "event.cancelled", _("Event cancelled")
    CERTIFICATE_ISSUED = "certificate.issued", _("Certificate issued")
    CERTIFICATE_REVOKED = "certificate.revoked", _("Certificate revoked")
    CERTIFICATE_RENEWED = "certificate.renewed", _("Certificate renewed")
    TIER_CHANGED = "member.tier_changed", _("Tier changed")


# Sent only by the admin's "send a test message", to one endpoint, whatever it subscribes to.
TEST_EVENT_TYPE = "webhook.test"


class DeliveryState(models.TextChoices):
    PENDING = "pending", _("waiting to be delivered")
    DELIVERED = "delivered", _("delivered")
