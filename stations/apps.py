from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StationsConfig(AppConfig):
    """City and university stations: pages, roles, events, calendar feeds."""

    name = "stations"
    verbose_name = _("Stations")
