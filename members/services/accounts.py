"""Writes to member accounts and their public profile."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext_noop

from community_portal.notifications.services import notify
from members.errors import MemberError
from members.models import User

# The profile fields a member edits, besides the avatar.
PROFILE_TEXT_FIELDS = (
    "display_name",
    "bio",
    "city",
    "organization",
    "github_handle",
    "forum_username",
    "languages",
)


def member_set_language(*, user: User, language: str) -> User:
    if language not in dict(settings.LANGUAGES):
        raise MemberError(f"Unsupported language: {language!r}")
    user.preferred_language = language
    user.save(update_fields=["preferred_language"])
    return user


@transaction.atomic
def member_update_profile(
    *,
    user: User,
    display_name: str,
    preferred_language: str,
    bio: str | None = None,
    city: str | None = None,
    organization: str | None = None,
    github_handle: str | None = None,
    forum_username: str | None = None,
    languages: str | None = None,
    avatar: File | bool | None = None,
) -> User:
    """Save the member's own profile. A text field left as ``None`` keeps its value;
    ``avatar`` is a new (re-encoded) image, ``False`` to remove it, ``None`` to keep it.

    A GitHub handle typed by hand is unverified: changing it clears the verification
    that signing in with GitHub gave (see ``member_verify_github_handle``)."""
    if preferred_language not in dict(settings.LANGUAGES):
        raise MemberError(f"Unsupported language: {preferred_language!r}")
    values = {
        "display_name": display_name,
        "bio": bio,
        "city": city,
        "organization": organization,
        "github_handle": github_handle,
        "forum_username": forum_username,
        "languages": languages,
    }
    changed = ["preferred_language"]
    user.preferred_language = preferred_language
    if github_handle is not None and not same_github_handle(github_handle, user.github_handle):
        user.github_handle_verified = False
        changed.append("github_handle_verified")
    for field in PROFILE_TEXT_FIELDS:
        if values[field] is not None:
            setattr(user, field, values[field].strip())
            changed.append(field)
    old_avatar = user.avatar.name if user.avatar else ""
    if avatar is False and old_avatar:
        user.avatar = None
        changed.append("avatar")
    elif isinstance(avatar, File):
        user.avatar.save(avatar.name, avatar, save=False)
        changed.append("avatar")
    user.save(update_fields=changed)
    if "avatar" in changed and old_avatar:
        storage = User._meta.get_field("avatar").storage
        transaction.on_commit(lambda: storage.delete(old_avatar))
    return user


def same_github_handle(one: str, other: str) -> bool:
    """GitHub logins are case-insensitive: ``Octocat`` is ``octocat``."""
    return one.strip().casefold() == other.strip().casefold()


def member_verify_github_handle(*, user: User, login: str) -> User:
    """The member proved they hold GitHub account ``login`` (they signed in with it or
    linked it): it becomes their handle, verified. A login GitHub would not give (the
    provider's data is checked, not trusted) changes nothing."""
    login = (login or "").strip()
    try:
        User._meta.get_field("github_handle").run_validators(login)
    except ValidationError:
        return user
    if not login:
        return user
    user.github_handle = login
    user.github_handle_verified = True
    user.save(update_fields=["github_handle", "github_handle_verified"])
    return user


@transaction.atomic
def member_welcome(*, user: User) -> None:
    """Once their first address is verified, place a member at the first tier and
    greet them in their inbox."""
    from members.services.tiers import member_place_in_entry_tier

    member_place_in_entry_tier(member=user)
    notify(
        recipient=user,
        key=f"members.welcome:{user.pk}",
        subject=gettext_noop("Welcome to %(community)s"),
        body=gettext_noop(
            "Your e-mail address is verified and your account is ready. Complete your "
            "profile, then look around: programs, stations and campaigns are waiting."
        ),
        params={"community": settings.COMMUNITY_NAME},
        url=reverse("members:profile_edit"),
    )
