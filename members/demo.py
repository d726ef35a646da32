"""Demo accounts: an admin, a reviewer and a member (their logins are in the README)."""

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

from community_portal.core.seeding import DemoLogin
from members.models import User
from members.roles import REVIEWERS_GROUP

# role, username, password, display name, staff, superuser, reviewer
ACCOUNTS = [
    ("admin", "admin", "demo-admin-2026", "Portal Admin", True, True, False),
    ("reviewer", "reviewer", "demo-reviewer-2026", "Rui Reviewer", True, False, True),
    ("member", "member", "demo-member-2026", "Mei Member", False, False, False),
]


def ensure_member(
    *, username, email, password, display_name="", is_staff=False, is_superuser=False, language="en"
) -> User:
    """Create a demo account with a verified address once; later runs leave it alone."""
    user, created = User.objects.get_or_create(
        username=username,
        defaults={
            "email": email,
            "display_name": display_name,
            "is_staff": is_staff,
            "is_superuser": is_superuser,
            "preferred_language": language,
        },
    )
    if created:
        user.set_password(password)
        user.save(update_fields=["password"])
    EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


def seed():
    reviewers, _ = Group.objects.get_or_create(name=REVIEWERS_GROUP)
    logins = []
    for role, username, password, name, staff, superuser, reviewer in ACCOUNTS:
        email = f"{username}@example.org"
        user = ensure_member(
            username=username,
            email=email,
            password=password,
            display_name=name,
            is_staff=staff,
            is_superuser=superuser,
        )
        if reviewer:
            user.groups.add(reviewers)
        logins.append(DemoLogin(role=role, email=email, password=password))
    return logins
