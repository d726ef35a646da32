"""Helpers the members services share: transition look-ups and notifying reviewers."""

from collections.abc import Mapping

from django.utils import translation

from community_portal.notifications.messages import translatable
from community_portal.notifications.services import notify_many
from members.errors import MemberError
from members.models import User


def next_state(
    table: Mapping, state: str, action: str, *, error: type[MemberError], message: str
) -> str:
    """The state ``action`` leads to from ``state``, or ``error(message)`` if none."""
    try:
        return table[(state, action)]
    except KeyError:
        raise error(message) from None


def label(choice) -> dict:
    """A choice's label as a notification parameter, translated for each reader."""
    with translation.override(None):
        return translatable(str(choice.label))


def required_text(text: str | None, *, error: type[MemberError], message: str) -> str:
    text = (text or "").strip()
    if not text:
        raise error(message)
    return text


def notify_reviewers(
    *, subject: str, body: str = "", params: dict, url: str, actor: User | None = None
) -> int:
    """Tell every reviewer (but the one who acted) that something waits for them."""
    reviewers = User.objects.reviewers()
    if actor is not None:
        reviewers = reviewers.exclude(pk=actor.pk)
    return notify_many(
        recipients=list(reviewers), subject=subject, body=body, params=params, url=url, actor=actor
    )
