from community_portal.core.workflow import DomainError


class RecognitionError(DomainError):
    """A choice of star or an essay recommendation the portal refuses."""
