from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    """The open-data read API (/api/v1/) and the members' personal access tokens."""

    name = "api"
    verbose_name = _("Open data API")
