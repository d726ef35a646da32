from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgramsConfig(AppConfig):
    """Co-construction programs: applications, review, showcase, thank-you letters."""

    name = "programs"
    verbose_name = _("Programs")

    # Synced to the "Reviewers" group after every migrate (members/roles.py):
    # reviewers configure programs, decide applications and record milestones.
    reviewer_permissions = [
        "programs.view_program",
        "programs.add_program",
        "programs.change_program",
        "programs.view_programstatechange",
        "programs.view_application",
        "programs.change_application",
        "programs.view_applicationtransition",
        "programs.view_namedmember",
        "programs.view_milestone",
        "programs.add_milestone",
        "programs.change_milestone",
        "programs.delete_milestone",
        "programs.view_thankyouletter",
    ]

    def ready(self):
        from community_portal.notifications.reminders import register_reminder
        from community_portal.notifications.review_digest import register_review_queue
        from members.progress import register_measure
        from programs import reminders

        # Tier progress and the stations' "active in the last six months" rule.
        register_measure(
            "programs.participations",
            label=_("program participations"),
            count=_participations,
            counts_as_activity=True,
            tally=_participations_tally,
        )
        register_reminder(
            "program-deadlines",
            description=_("Members holding a draft: the program closes in 7 days, then in 1 day."),
            run=reminders.remind_program_deadlines,
            task="programs.tasks.remind_program_deadlines",
        )
        register_review_queue("programs.applications", reminders.overdue_applications)
        _invalidate_public_pages()


def _invalidate_public_pages():
    """Program pages and the showcase show programs, participations and milestones."""
    from community_portal.core.page_cache import invalidate_on
    from programs import models

    for model in (
        models.Program,
        models.Application,
        models.NamedMember,
        models.Milestone,
        models.ThankYouLetter,
    ):
        invalidate_on(model, "programs")


def _participations(member, since=None) -> int:
    """Approved or completed participations; since a date, those active from then on."""
    from programs import selectors

    if since is None:
        return selectors.participations_for_member(member=member).count()
    return selectors.participations_active_since(member=member, since=since).count()


def _participations_tally():
    from programs import selectors

    return selectors.participations_tally()
