"""Domain errors of the members app: views and the admin show their text as a message."""

from community_portal.core.workflow import DomainError


class MemberError(DomainError):
    """A member change that is not allowed; the message is shown to the user."""


class TierError(MemberError):
    pass


class CertificationError(MemberError):
    pass


class VolunteerError(MemberError):
    pass


class MentorshipError(MemberError):
    pass
