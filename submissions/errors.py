"""The submissions app's domain errors: views and the admin show their message.

They live in their own module because the models refuse ledger edits with them
and the services raise them, and models may not import services.
"""


class SubmissionsError(Exception):
    """A change this app refuses. ``field`` names the form field it concerns, if any."""

    def __init__(self, message, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self):
        return str(self.message)


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
