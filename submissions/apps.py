from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubmissionsConfig(AppConfig):
    """Campaigns, content submissions, reward rules and the points ledger."""

    name = "submissions"
    verbose_name = _("Submissions")
