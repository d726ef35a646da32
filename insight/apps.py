from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightConfig(AppConfig):
    """The community health dashboard: reads from every domain app; writes only its summary."""

    name = "insight"
    verbose_name = _("Insight")

    def ready(self):
        # The summaries follow the registrations' and requests' saves and deletions
        # (model signals).
        from insight import review_summary, summaries  # noqa: F401
