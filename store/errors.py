from community_portal.core.workflow import DomainError


class StoreError(DomainError):
    """An order the store refuses: no stock, not enough points, over the limit..."""
