from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    """Accounts, profiles, tiers, certifications, volunteer groups, mentorship."""

    name = "members"
    verbose_name = _("Members")

    # What the "Reviewers" group (maintainers) may do in the admin for this app.
    reviewer_permissions = [
        "members.view_user",
        "members.change_member_tier",
        "members.view_tier",
        "members.change_tier",
        "members.view_tierthreshold",
        "members.add_tierthreshold",
        "members.change_tierthreshold",
        "members.delete_tierthreshold",
        "members.view_tierrequest",
        "members.change_tierrequest",
        "members.view_tierchange",
        "members.view_certificationlevel",
        "members.add_certificationlevel",
        "members.change_certificationlevel",
        "members.view_certificationapplication",
        "members.change_certificationapplication",
        "members.view_certificationapplicationstep",
        "members.view_certificate",
        "members.change_certificate",
        "members.view_certificateevent",
        "members.view_volunteergroup",
        "members.add_volunteergroup",
        "members.change_volunteergroup",
        "members.view_volunteerapplication",
        "members.change_volunteerapplication",
        "members.view_mentor",
        "members.add_mentor",
        "members.change_mentor",
        "members.view_mentorslot",
        "members.add_mentorslot",
        "members.change_mentorslot",
        "members.view_mentorship",
    ]

    def ready(self):
        from members.roles import sync_reviewer_permissions

        # Each app lists the permissions reviewers need in ``reviewer_permissions``
        # on its AppConfig; the group is kept in step after every migrate.
        post_migrate.connect(sync_reviewer_permissions, dispatch_uid="members-reviewer-perms")
