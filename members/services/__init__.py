"""Writes of the members app: each function is the one way to make its change.

One module per part of the domain; the account functions are re-exported here
because the foundation imports them from ``members.services``.
"""

from members.errors import MemberError
from members.services.accounts import member_set_language, member_update_profile, member_welcome

__all__ = ["MemberError", "member_set_language", "member_update_profile", "member_welcome"]
