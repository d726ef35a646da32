from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubmissionsConfig(AppConfig):
    """Campaigns, content submissions, reward rules and the points ledger."""

    name = "submissions"
    verbose_name = _("Submissions")

    # Synced to the "Reviewers" group after every migrate (members/roles.py).
    reviewer_permissions = [
        "submissions.view_campaign",
        "submissions.add_campaign",
        "submissions.change_campaign",
        "submissions.view_campaignsubscription",
        "submissions.view_rewardrule",
        "submissions.add_rewardrule",
        "submissions.change_rewardrule",
        "submissions.delete_rewardrule",
        "submissions.view_submission",
        "submissions.review_submission",
        "submissions.view_submissiontransition",
        "submissions.view_pointentry",
        "submissions.view_pointstotal",
        "submissions.reverse_pointentry",
    ]

    def ready(self):
        from community_portal.notifications.reminders import register_reminder
        from community_portal.notifications.review_digest import register_review_queue
        from members.progress import register_measure
        from submissions import reminders, selectors

        # Tier progress and the stations' "active in the last six months" rule.
        register_measure(
            "submissions.points",
            label=_("points"),
            count=_points,
            counts_as_activity=True,
            tally=lambda: selectors.points_balance_tally(),
        )
        register_measure(
            "submissions.selected",
            label=_("selected submissions"),
            count=lambda member, since=None: selectors.selected_submissions_count(
                member=member, since=since
            ),
            counts_as_activity=True,
            tally=lambda: selectors.selected_submissions_tally(),
        )
        register_reminder(
            "campaign-ends",
            description=_(
                "Followers and members whose changes are awaited: the campaign ends in 7 days."
            ),
            run=reminders.remind_campaign_ends,
            task="submissions.tasks.remind_campaign_ends",
        )
        register_review_queue("submissions.submissions", reminders.overdue_submissions)
        _invalidate_public_pages()


def _invalidate_public_pages():
    """Campaigns, leaderboards and acknowledgments show campaigns, their rules,
    selected submissions and the points ledger."""
    from community_portal.core.page_cache import invalidate_on
    from submissions import models

    for model in (models.Campaign, models.RewardRule, models.Submission, models.PointEntry):
        invalidate_on(model, "submissions")


def _points(member, since=None) -> int:
    """The balance in all; since a date, the points earned from then on."""
    from submissions import selectors

    if since is None:
        return selectors.points_balance(member=member)
    return selectors.points_earned_since(member=member, since=since)
