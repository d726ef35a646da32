"""The domain errors of the programs app and the limits its services share."""

from community_portal.core.workflow import DomainError

# Above this, an application names a crowd rather than its community members.

MAX_NAMED_MEMBERS = 20


class ProgramError(DomainError):
    """A program change that is not allowed; the message is shown to the user."""


class ApplicationError(DomainError):
    """An application change that is not allowed; each message is shown to the user."""
