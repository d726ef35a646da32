from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebhooksConfig(AppConfig):
    """Outgoing webhooks: signed messages to the community's own systems, from an outbox."""

    name = "community_portal.webhooks"
    label = "webhooks"
    verbose_name = _("Webhooks")
