from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """Cross-cutting pieces: the home page, layout context, mail backend, demo data."""

    name = "community_portal.core"
    label = "core"
    verbose_name = _("Portal")

    # Maintainers keep the holiday calendar that working-day rules count with.
    reviewer_permissions = [
        "core.view_calendarday",
        "core.add_calendarday",
        "core.change_calendarday",
        "core.delete_calendarday",
    ]

    def ready(self):
        # Counts deliveries and reminder runs from Celery's signals, in web and worker.
        import community_portal.notifications.metrics  # noqa: F401
        from community_portal.core.page_cache import invalidate_members_on_every_model
        from community_portal.core.sites import sync_site

        # A member's own cached pages change with every row that names them.
        invalidate_members_on_every_model()

        # After django.contrib.sites created Site 1 (it comes first in INSTALLED_APPS).
        post_migrate.connect(sync_site, sender=self, dispatch_uid="core.sync_site")
