"""Choices of the members app and the tables of allowed state transitions.

A transition table maps ``(state, action)`` to the next state. A service looks
its step up here and refuses anything the table does not list, so the rules
live in one place that a reader (and a test) can check at a glance.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class TierLevel(models.TextChoices):
    """The four tiers of seed 001 §1.1, lowest first."""

    USER = "user", _("User")
    CONTRIBUTOR = "contributor", _("Contributor")
    CORE_CONTRIBUTOR = "core_contributor", _("Core contributor")
    MAINTAINER = "maintainer", _("Maintainer")


# Tiers whose holders get the reviewer access in the admin (staff + "Reviewers").
REVIEWER_TIERS = frozenset({TierLevel.MAINTAINER})


class TierRequestState(models.TextChoices):
    PENDING = "pending", _("waiting for a decision")
    APPROVED = "approved", _("approved")
    DECLINED = "declined", _("declined")
    WITHDRAWN = "withdrawn", _("withdrawn")


class TierRequestAction(models.TextChoices):
    APPROVE = "approve", _("approve")
    DECLINE = "decline", _("decline")
    WITHDRAW = "withdraw", _("withdraw")


TIER_REQUEST_TRANSITIONS = {
    (TierRequestState.PENDING, TierRequestAction.APPROVE): TierRequestState.APPROVED,
    (TierRequestState.PENDING, TierRequestAction.DECLINE): TierRequestState.DECLINED,
    (TierRequestState.PENDING, TierRequestAction.WITHDRAW): TierRequestState.WITHDRAWN,
}


class CertificationTrack(models.TextChoices):
    """Seed 001 has two ladders: certifications (§2.1) and member badges (§1.2)."""

    CERTIFICATION = "certification", _("Certification")
    MEMBER_BADGE = "member_badge", _("Member badge")


class ApplicationState(models.TextChoices):
    """A certification application, one state per step of seed 001 §1.2's process."""

    ELIGIBILITY_REVIEW = "eligibility_review", _("eligibility review")
    TEST = "test", _("test")
    PROJECT_EVALUATION = "project_evaluation", _("project evaluation")
    DECISION = "decision", _("waiting for the decision")
    ISSUED = "issued", _("certificate issued")
    REJECTED = "rejected", _("rejected")
    WITHDRAWN = "withdrawn", _("withdrawn")


OPEN_APPLICATION_STATES = (
    ApplicationState.ELIGIBILITY_REVIEW,
    ApplicationState.TEST,
    ApplicationState.PROJECT_EVALUATION,
    ApplicationState.DECISION,
)


class ApplicationAction(models.TextChoices):
    APPLY = "apply", _("applied")
    CONFIRM_ELIGIBILITY = "confirm_eligibility", _("eligibility confirmed")
    PASS_TEST = "pass_test", _("test passed")
    FAIL_TEST = "fail_test", _("test failed")
    EVALUATE_PROJECT = "evaluate_project", _("project evaluated")
    ISSUE = "issue", _("certificate issued")
    REJECT = "reject", _("rejected")
    WITHDRAW = "withdraw", _("withdrawn")


APPLICATION_TRANSITIONS = {
    (ApplicationState.ELIGIBILITY_REVIEW, ApplicationAction.CONFIRM_ELIGIBILITY): (
        ApplicationState.TEST
    ),
    (ApplicationState.TEST, ApplicationAction.PASS_TEST): ApplicationState.PROJECT_EVALUATION,
    (ApplicationState.TEST, ApplicationAction.FAIL_TEST): ApplicationState.REJECTED,
    (ApplicationState.PROJECT_EVALUATION, ApplicationAction.EVALUATE_PROJECT): (
        ApplicationState.DECISION
    ),
    (ApplicationState.DECISION, ApplicationAction.ISSUE): ApplicationState.ISSUED,
    **{
        (state, ApplicationAction.REJECT): ApplicationState.REJECTED
        for state in OPEN_APPLICATION_STATES
    },
    **{
        (state, ApplicationAction.WITHDRAW): ApplicationState.WITHDRAWN
        for state in OPEN_APPLICATION_STATES
    },
}


class CertificateState(models.TextChoices):
    """Derived from the dates and the revocation, never stored (see Certificate.state_on)."""

    VALID = "valid", _("valid")
    EXPIRED = "expired", _("expired")
    REVOKED = "revoked", _("revoked")


class CertificateEventKind(models.TextChoices):
    ISSUED = "issued", _("issued")
    RENEWAL_REQUESTED = "renewal_requested", _("renewal requested")
    RENEWED = "renewed", _("renewed")
    REVOKED = "revoked", _("revoked")


class VolunteerApplicationState(models.TextChoices):
    PENDING = "pending", _("waiting for an answer")
    ACCEPTED = "accepted", _("accepted")
    DECLINED = "declined", _("declined")
    WITHDRAWN = "withdrawn", _("withdrawn")


class VolunteerAction(models.TextChoices):
    ACCEPT = "accept", _("accept")
    DECLINE = "decline", _("decline")
    WITHDRAW = "withdraw", _("withdraw")


VOLUNTEER_TRANSITIONS = {
    (VolunteerApplicationState.PENDING, VolunteerAction.ACCEPT): VolunteerApplicationState.ACCEPTED,
    (VolunteerApplicationState.PENDING, VolunteerAction.DECLINE): (
        VolunteerApplicationState.DECLINED
    ),
    (VolunteerApplicationState.PENDING, VolunteerAction.WITHDRAW): (
        VolunteerApplicationState.WITHDRAWN
    ),
}

# Seed 002: "the lead will contact you and answer within 7 working days".
VOLUNTEER_ANSWER_WORKING_DAYS = 7


class MentorKind(models.TextChoices):
    """Seed 001 §2.2's three kinds of mentor."""

    TECHNICAL = "technical", _("Technical mentor")
    COMMUNITY = "community", _("Community mentor")
    PROJECT = "project", _("Project mentor")


class MentorshipState(models.TextChoices):
    REQUESTED = "requested", _("asked")
    ACTIVE = "active", pgettext_lazy("mentorship", "active")
    DECLINED = "declined", _("declined")
    CANCELLED = "cancelled", _("cancelled")
    ENDED = "ended", _("ended")


# A requested or active mentorship holds a seat of its slot.
SEAT_HOLDING_STATES = (MentorshipState.REQUESTED, MentorshipState.ACTIVE)


class MentorshipAction(models.TextChoices):
    ACCEPT = "accept", _("accept")
    DECLINE = "decline", _("decline")
    CANCEL = "cancel", _("cancel")
    END = "end", _("end")


MENTORSHIP_TRANSITIONS = {
    (MentorshipState.REQUESTED, MentorshipAction.ACCEPT): MentorshipState.ACTIVE,
    (MentorshipState.REQUESTED, MentorshipAction.DECLINE): MentorshipState.DECLINED,
    (MentorshipState.REQUESTED, MentorshipAction.CANCEL): MentorshipState.CANCELLED,
    (MentorshipState.ACTIVE, MentorshipAction.END): MentorshipState.ENDED,
}
