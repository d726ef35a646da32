"""Writes to member accounts. Each function is the one way to make its change."""

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext_noop

from community_portal.notifications.services import notify
from members.models import User


class MemberError(Exception):
    """A member change that is not allowed; the message is shown to the user."""


def member_set_language(*, user: User, language: str) -> User:
    if language not in dict(settings.LANGUAGES):
        raise MemberError(f"Unsupported language: {language!r}")
    user.preferred_language = language
    user.save(update_fields=["preferred_language"])
    return user


def member_update_profile(*, user: User, display_name: str, preferred_language: str) -> User:
    if preferred_language not in dict(settings.LANGUAGES):
        raise MemberError(f"Unsupported language: {preferred_language!r}")
    user.display_name = display_name.strip()
    user.preferred_language = preferred_language
    user.save(update_fields=["display_name", "preferred_language"])
    return user


@transaction.atomic
def member_welcome(*, user: User) -> None:
    """Greet a member in their inbox once their first address is verified."""
    notify(
        recipient=user,
        key=f"members.welcome:{user.pk}",
        subject=gettext_noop("Welcome to %(community)s"),
        body=gettext_noop(
            "Your e-mail address is verified and your account is ready. Complete your "
            "profile, then look around: programs, stations and campaigns are waiting."
        ),
        params={"community": settings.COMMUNITY_NAME},
        url="/members/profile/",
    )
