"""Choices of the members app and the tables of allowed state transitions.

Each table (``community_portal.core.workflow.TransitionTable``) lists the moves
of one kind of request: from, to, who makes it and whether it needs a comment.
A service moves a request with ``change_state``, which refuses anything the
table does not list and anyone involved in the request deciding it, so the
rules live in one place that a reader (and a test) can check at a glance.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from community_portal.core.workflow import REVIEWER, Move, TransitionTable


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


# The member who asked withdraws; a reviewer (not the member) decides, saying why.
TIER_REQUEST_TABLE = TransitionTable(
    [
        Move(TierRequestState.PENDING, TierRequestState.APPROVED, REVIEWER, needs_comment=True),
        Move(TierRequestState.PENDING, TierRequestState.DECLINED, REVIEWER, needs_comment=True),
        Move(TierRequestState.PENDING, TierRequestState.WITHDRAWN, "member"),
    ],
    parties=["member"],
)


class CertificationTrack(models.TextChoices):
    """Seed 001 has two ladders: certifications (§2.1) and member badges (§1.2)."""

    CERTIFICATION = "certification", _("Certification")
    MEMBER_BADGE = "member_badge", _("Member badge")
    # Certificates of service (the titles app): issued for a term, never applied for.
    SERVICE = "service", _("Certificate of service")


# The tracks members apply to; service levels are issued for a term of service.
APPLIED_TRACKS = (CertificationTrack.CERTIFICATION, CertificationTrack.MEMBER_BADGE)


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


# The applicant withdraws an open application; reviewers (not the applicant) take
# the steps. A failed test rejects with the score as its reason; any other
# rejection needs a comment.
APPLICATION_TABLE = TransitionTable(
    [
        Move(ApplicationState.ELIGIBILITY_REVIEW, ApplicationState.TEST, REVIEWER),
        Move(ApplicationState.TEST, ApplicationState.PROJECT_EVALUATION, REVIEWER),
        Move(ApplicationState.TEST, ApplicationState.REJECTED, REVIEWER),
        Move(
            ApplicationState.PROJECT_EVALUATION,
            ApplicationState.DECISION,
            REVIEWER,
            needs_comment=True,
        ),
        Move(ApplicationState.DECISION, ApplicationState.ISSUED, REVIEWER),
        *(
            Move(state, ApplicationState.REJECTED, REVIEWER, needs_comment=True)
            for state in OPEN_APPLICATION_STATES
            if state != ApplicationState.TEST
        ),
        *(
            Move(state, ApplicationState.WITHDRAWN, "applicant")
            for state in OPEN_APPLICATION_STATES
        ),
    ],
    parties=["applicant"],
)


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


# The group's owner (or a reviewer) answers; the applicant withdraws and never answers.
VOLUNTEER_OWNER = "owner"
VOLUNTEER_TABLE = TransitionTable(
    [
        Move(
            VolunteerApplicationState.PENDING, VolunteerApplicationState.ACCEPTED, VOLUNTEER_OWNER
        ),
        Move(
            VolunteerApplicationState.PENDING, VolunteerApplicationState.DECLINED, VOLUNTEER_OWNER
        ),
        Move(VolunteerApplicationState.PENDING, VolunteerApplicationState.WITHDRAWN, "applicant"),
    ],
    parties=["applicant"],
)

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


# The slot's mentor (or a reviewer) answers an ask, never the mentee; the mentee
# cancels it; either side of the match ends it.
MENTORSHIP_MENTOR = "mentor"
MENTORSHIP_TABLE = TransitionTable(
    [
        Move(MentorshipState.REQUESTED, MentorshipState.ACTIVE, MENTORSHIP_MENTOR),
        Move(MentorshipState.REQUESTED, MentorshipState.DECLINED, MENTORSHIP_MENTOR),
        Move(MentorshipState.REQUESTED, MentorshipState.CANCELLED, "mentee"),
        Move(MentorshipState.ACTIVE, MentorshipState.ENDED, "participant"),
    ],
    parties=["mentee", "participant"],
)
