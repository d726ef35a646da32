"""What the members views share: running a service and saying how it went.

The one way every app's views show a refusal lives in ``community_portal.core.feedback``.
"""

from community_portal.core.feedback import perform

__all__ = ["perform"]
