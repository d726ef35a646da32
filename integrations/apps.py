from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntegrationsConfig(AppConfig):
    """Webhooks coming in from GitHub and Discourse: pull requests merged on GitHub
    marked on their submissions, and draft submissions for members to confirm."""

    name = "integrations"
    verbose_name = _("Integrations")

    # Synced to the "Reviewers" group after every migrate (members/roles.py).
    reviewer_permissions = [
        "integrations.view_webhookdelivery",
        "integrations.view_githubsource",
        "integrations.add_githubsource",
        "integrations.change_githubsource",
        "integrations.delete_githubsource",
        "integrations.view_forumsource",
        "integrations.add_forumsource",
        "integrations.change_forumsource",
        "integrations.delete_forumsource",
        "integrations.view_pullrequestmerge",
        "integrations.view_submissiondraft",
    ]
