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
        "members.view_tierrequeststep",
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
        "members.view_volunteerapplicationstep",
        "members.view_mentor",
        "members.add_mentor",
        "members.change_mentor",
        "members.view_mentorslot",
        "members.add_mentorslot",
        "members.change_mentorslot",
        "members.view_mentorship",
        "members.change_mentorship",
        "members.view_mentorshipstep",
    ]

    def ready(self):
        from community_portal.notifications.reminders import register_reminder
        from community_portal.notifications.review_digest import register_review_queue
        from members import reminders, signals
        from members.roles import sync_reviewer_permissions

        # Each app lists the permissions reviewers need in ``reviewer_permissions``
        # on its AppConfig; the group is kept in step after every migrate.
        post_migrate.connect(sync_reviewer_permissions, dispatch_uid="members-reviewer-perms")
        # Signing in with GitHub, or linking it, verifies the member's GitHub handle.
        signals.connect()

        register_reminder(
            "certificate-expiry",
            description=_("Holders: the certificate's last valid day is 30 days away."),
            run=reminders.remind_certificate_expiry,
            task="members.tasks.remind_certificate_expiry",
        )
        register_reminder(
            "volunteer-answers",
            description=_("Group owners: an application is unanswered after 7 working days."),
            run=reminders.remind_volunteer_answers,
            task="members.tasks.remind_volunteer_answers",
        )
        register_reminder(
            "newly-qualified",
            description=_("Members: their progress meets every threshold of the next tier."),
            run=reminders.remind_newly_qualified,
            task="members.tasks.remind_newly_qualified",
        )
        register_review_queue("members.tier_requests", reminders.overdue_tier_requests)
        register_review_queue(
            "members.certification_applications", reminders.overdue_certification_applications
        )
        register_review_queue(
            "members.certificate_renewals", reminders.overdue_certificate_renewals
        )
        _invalidate_public_pages()


def _invalidate_public_pages():
    """Public pages showing members (names, profiles, tiers, groups, mentors) and
    certificates change with these rows; signing in (``last_login``) shows nowhere."""
    from community_portal.core.page_cache import invalidate_on
    from members import models

    invalidate_on(models.User, "members", ignore_fields=frozenset({"last_login"}))
    for model in (
        models.Tier,
        models.TierThreshold,
        models.TierChange,
        models.VolunteerGroup,
        models.VolunteerApplication,
        models.Mentor,
        models.MentorSlot,
        models.Mentorship,
    ):
        invalidate_on(model, "members")
    # The tier ladder every member's tier page shows (members.selectors.tiers).
    for model in (models.Tier, models.TierThreshold):
        invalidate_on(model, "tiers")
    for model in (models.CertificationLevel, models.Certificate, models.CertificateEvent):
        invalidate_on(model, "certificates")
