"""The submissions app's domain errors: views and the admin show their message.

They live in their own module because the models refuse ledger edits with them
and the services raise them, and models may not import services.
"""

from community_portal.core.workflow import DomainError


class SubmissionsError(DomainError):
    """A change this app refuses. ``field`` names the form field it concerns, if any."""


class SubmissionError(SubmissionsError):
    """A submission or review step that is not allowed."""


class CampaignError(SubmissionsError):
    """A campaign action that is not allowed (following a campaign that has ended)."""


class LedgerError(SubmissionsError):
    """A points ledger operation that is not allowed."""


class DuplicateAwardError(LedgerError):
    """The source already has an award: the same event is never awarded twice."""


class AlreadyReversedError(LedgerError):
    """The entry was reversed already: an entry is reversed at most once."""
