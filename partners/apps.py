from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    """The partner program (seed 001, 合作伙伴生态): levels, applications, agreements,
    yearly evaluations and renewals.

    An app of its own over ``programs``: an organization that takes part in a program
    applies with that participation (its name, website and logo come from it), the
    logo goes through the same checks (``community_portal.core.images``), and review
    uses the shared workflow (``community_portal.core.workflow``) and admin actions.
    """

    name = "partners"
    verbose_name = _("Partner program")

    # Synced to the "Reviewers" group after every migrate (members/roles.py).
    reviewer_permissions = [
        "partners.view_partnershiplevel",
        "partners.change_partnershiplevel",
        "partners.view_partnership",
        "partners.change_partnership",
        "partners.view_partnershipstep",
        "partners.view_partnerevaluation",
    ]

    def ready(self):
        from community_portal.core.page_cache import invalidate_on
        from community_portal.notifications.reminders import register_reminder
        from community_portal.notifications.review_digest import register_review_queue
        from partners import models, reminders

        register_reminder(
            "partner-evaluations",
            description=_(
                "Reviewers: a partner's term ends within 30 days and its yearly "
                "evaluation is not recorded."
            ),
            run=reminders.remind_partner_evaluations,
            task="partners.tasks.remind_partner_evaluations",
        )
        register_review_queue("partners.applications", reminders.overdue_partner_applications)
        for model in (models.PartnershipLevel, models.Partnership):
            invalidate_on(model, "partners")
