"""The titles app's domain error: views and the admin show its text as a message."""

from community_portal.core.workflow import DomainError


class ServiceError(DomainError):
    """A change to a term or a certificate of service request that is refused."""
