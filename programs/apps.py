from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgramsConfig(AppConfig):
    """Co-construction programs: applications, review, showcase, thank-you letters."""

    name = "programs"
    verbose_name = _("Programs")
