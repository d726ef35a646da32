"""The members app's models, one module per part of the domain."""

from members.models.accounts import MemberManager, MemberQuerySet, User
from members.models.certifications import (
    Certificate,
    CertificateEvent,
    CertificationApplication,
    CertificationApplicationStep,
    CertificationLevel,
)
from members.models.mentorship import Mentor, Mentorship, MentorshipStep, MentorSlot
from members.models.tiers import Tier, TierChange, TierRequest, TierRequestStep, TierThreshold
from members.models.volunteering import (
    VolunteerApplication,
    VolunteerApplicationStep,
    VolunteerGroup,
)

__all__ = [
    "Certificate",
    "CertificateEvent",
    "CertificationApplication",
    "CertificationApplicationStep",
    "CertificationLevel",
    "MemberManager",
    "MemberQuerySet",
    "Mentor",
    "MentorSlot",
    "Mentorship",
    "MentorshipStep",
    "Tier",
    "TierChange",
    "TierRequest",
    "TierRequestStep",
    "TierThreshold",
    "User",
    "VolunteerApplication",
    "VolunteerApplicationStep",
    "VolunteerGroup",
]
