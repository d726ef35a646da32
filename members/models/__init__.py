"""The members app's models, one module per part of the domain."""

from members.models.accounts import MemberManager, MemberQuerySet, User
from members.models.certifications import (
    Certificate,
    CertificateEvent,
    CertificationApplication,
    CertificationApplicationStep,
    CertificationLevel,
)
from members.models.mentorship import Mentor, Mentorship, MentorSlot
from members.models.tiers import Tier, TierChange, TierRequest, TierThreshold
from members.models.volunteering import VolunteerApplication, VolunteerGroup

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
    "Tier",
    "TierChange",
    "TierRequest",
    "TierThreshold",
    "User",
    "VolunteerApplication",
    "VolunteerGroup",
]
