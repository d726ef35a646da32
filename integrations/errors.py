"""The integrations app's domain errors."""

from community_portal.core.workflow import DomainError


class IntegrationsError(DomainError):
    """A change this app refuses (confirming a draft twice, someone else's draft)."""


class PayloadError(ValueError):
    """A signed webhook whose body is not what the provider documents."""
