from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """Cross-cutting pieces: the home page, layout context, mail backend, demo data."""

    name = "community_portal.core"
    label = "core"
    verbose_name = _("Portal")
