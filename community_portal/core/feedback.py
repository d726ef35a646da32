"""How views tell the user that a service refused: one way for every app.

A service raises a ``DomainError`` (see ``community_portal.core.workflow``);
a view shows its messages, either as a message on the next page or as the
errors of the form the user filled in.
"""

from collections.abc import Callable

from django.contrib import messages

from community_portal.core.workflow import DomainError, error_message


def show_error(request, error: DomainError, *, level=messages.ERROR) -> None:
    """Show a refusal as a message on the next page."""
    messages.add_message(request, level, error_message(error))


def form_error(form, error: DomainError) -> None:
    """Show a refusal on ``form``: beside the field it names, else above the form."""
    field = error.field if error.field in form.fields else None
    for message in error.messages:
        form.add_error(field, message)


def perform(request, change: Callable[[], object], success: str) -> bool:
    """Call a service; a refusal becomes an error message, success a confirmation."""
    try:
        change()
    except DomainError as error:
        show_error(request, error)
        return False
    messages.success(request, success)
    return True
