"""Choices of the integrations app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Provider(models.TextChoices):
    """Who sends us webhooks."""

    GITHUB = "github", _("GitHub")
    DISCOURSE = "discourse", _("Discourse forum")


class DraftState(models.TextChoices):
    PENDING = "pending", _("waiting for the member")
    CONFIRMED = "confirmed", _("confirmed and submitted")
    DISCARDED = "discarded", _("discarded")
