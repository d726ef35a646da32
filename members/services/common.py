"""Helpers the members services share: choice labels and required texts.

Moving a request and notifying the reviewers are the shared workflow's
(``community_portal.core.workflow``).
"""

from django.utils import translation

from community_portal.notifications.messages import translatable
from members.errors import MemberError


def label(choice) -> dict:
    """A choice's label as a notification parameter, translated for each reader."""
    with translation.override(None):
        return translatable(str(choice.label))


def required_text(text: str | None, *, error: type[MemberError], message: str) -> str:
    text = (text or "").strip()
    if not text:
        raise error(message)
    return text
