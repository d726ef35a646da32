"""What the members views share: running a service and saying how it went."""

from collections.abc import Callable

from django.contrib import messages

from members.errors import MemberError


def perform(request, change: Callable[[], object], *, success: str) -> bool:
    """Call a service; its domain error becomes an error message, success a confirmation."""
    try:
        change()
    except MemberError as error:
        messages.error(request, str(error))
        return False
    messages.success(request, success)
    return True
