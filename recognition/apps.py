from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class RecognitionConfig(AppConfig):
    """Stars of the month and of the year, and the essay competition's green channel
    (seed 004: 月度之星, 年度之星, 征文大赛绿色通道).

    Above ``submissions``: a selection nominates its author for the month through
    ``submissions.selection``; the submissions app imports nothing from here.
    """

    name = "recognition"
    verbose_name = _("Recognition")

    # Synced to the "Reviewers" group after every migrate (members/roles.py).
    reviewer_permissions = [
        "recognition.view_nomination",
        "recognition.choose_star",
        "recognition.view_nominationtransition",
        "recognition.view_essayrecommendation",
        "recognition.add_essayrecommendation",
        "recognition.recommend_essay",
    ]

    def ready(self):
        from community_portal.core.page_cache import invalidate_on
        from recognition import models, services
        from recognition.judges import sync_judges_group
        from submissions.selection import register_on_selected

        register_on_selected("recognition.nominate", services.nominate_on_selection)
        invalidate_on(models.Nomination, "recognition")
        post_migrate.connect(sync_judges_group, sender=self, dispatch_uid="recognition-judges")
