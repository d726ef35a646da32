from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpenDataConfig(AppConfig):
    """What the portal gives to others: feeds, the sitemap and link previews, the
    static-site export and the organizers' spreadsheets. It reads the domain apps'
    selectors; no domain app imports from it."""

    name = "opendata"
    verbose_name = _("Open data")
