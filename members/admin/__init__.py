"""The members app in the admin: one module per part of the domain."""

from members.admin import accounts, certifications, mentorship, social, tiers, volunteering

__all__ = ["accounts", "certifications", "mentorship", "social", "tiers", "volunteering"]
