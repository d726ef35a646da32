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
        "submissions.view_rewardrule",
        "submissions.add_rewardrule",
        "submissions.change_rewardrule",
        "submissions.delete_rewardrule",
        "submissions.view_submission",
        "submissions.review_submission",
        "submissions.view_submissiontransition",
        "submissions.view_pointentry",
        "submissions.reverse_pointentry",
    ]
