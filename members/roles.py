"""Who may review: the "Reviewers" group and the permissions each app grants it."""

from django.contrib.auth.models import Group, Permission

REVIEWERS_GROUP = "Reviewers"


def sync_reviewer_permissions(sender, **kwargs):
    """post_migrate handler: give the Reviewers group the permissions ``sender`` lists."""
    codenames = getattr(sender, "reviewer_permissions", None)
    if codenames is None:
        return
    group, _ = Group.objects.get_or_create(name=REVIEWERS_GROUP)
    wanted = [name.split(".", 1) for name in codenames]
    permissions = Permission.objects.filter(
        content_type__app_label=sender.label,
        codename__in=[codename for app_label, codename in wanted if app_label == sender.label],
    )
    group.permissions.add(*permissions)
