from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    """Accounts, profiles, tiers, certifications, volunteer groups, mentorship."""

    name = "members"
    verbose_name = _("Members")

    def ready(self):
        from members.roles import sync_reviewer_permissions

        # Each app lists the permissions reviewers need in ``reviewer_permissions``
        # on its AppConfig; the group is kept in step after every migrate.
        post_migrate.connect(sync_reviewer_permissions, dispatch_uid="members-reviewer-perms")
