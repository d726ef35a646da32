"""What other apps do when a submission is selected, in the selection's transaction.

An app higher up (``recognition``: the month's nominations) registers a callback
in its ``AppConfig.ready()``; ``submission_select`` calls each one after the
selection and its points, inside the same transaction, so the selection and what
follows from it commit together or not at all. The submissions app imports
nothing from the apps that register.
"""

from collections.abc import Callable

_on_selected: dict[str, Callable] = {}


def register_on_selected(name: str, callback: Callable) -> None:
    """``callback(submission=..., reviewer=...)`` runs after each selection."""
    _on_selected[name] = callback


def selected(*, submission, reviewer) -> None:
    for callback in _on_selected.values():
        callback(submission=submission, reviewer=reviewer)
