"""Who judges the essay competition: the members of the "Essay competition judges" group.

Seed 004 names one judge (the head of the open-source ecosystem team); the
portal keeps them in a group holding ``recognition.judge_essays``, which
maintainers fill in the admin. Reviewers recommend; judges read the list.
"""

from django.contrib.auth.models import Group, Permission

JUDGES_GROUP = "Essay competition judges"


def is_judge(user) -> bool:
    return bool(
        user is not None and user.is_authenticated and user.has_perm("recognition.judge_essays")
    )


def judges():
    from members.models import User

    permission = Permission.objects.get(
        content_type__app_label="recognition", codename="judge_essays"
    )
    return User.objects.filter(is_active=True).filter(groups__permissions=permission).distinct()


def sync_judges_group(sender, **kwargs):
    """post_migrate: the judges' group exists and holds the permission."""
    group, _created = Group.objects.get_or_create(name=JUDGES_GROUP)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="recognition", codename="judge_essays")
    )
