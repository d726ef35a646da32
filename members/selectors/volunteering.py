"""Reads about volunteer groups and their applications."""

from django.db.models import Case, Count, Q, QuerySet, Value, When
from django.utils import timezone

from community_portal.core.translated import localized
from members.enums import VolunteerApplicationState
from members.models import User, VolunteerApplication, VolunteerGroup


def can_answer(group: VolunteerGroup, user: User) -> bool:
    """The group's owner answers; maintainers (reviewers) may stand in."""
    return user.is_authenticated and (group.owner_id == user.pk or user.is_reviewer)


def volunteer_groups(*, today=None) -> QuerySet[VolunteerGroup]:
    """Every group with its owner, member count and overdue count (one query)."""
    today = today or timezone.localdate()
    groups = VolunteerGroup.objects.select_related("owner").order_by("position", localized("name"))
    return groups.annotate(
        member_count=Count(
            "applications", filter=Q(applications__state=VolunteerApplicationState.ACCEPTED)
        ),
        overdue_count=Count(
            "applications",
            filter=Q(
                applications__state=VolunteerApplicationState.PENDING,
                applications__answer_due_on__lt=today,
            ),
        ),
    )


def group_members(group: VolunteerGroup) -> QuerySet[User]:
    return User.objects.filter(
        is_active=True,
        volunteer_applications__group=group,
        volunteer_applications__state=VolunteerApplicationState.ACCEPTED,
    ).order_by("display_name", "username")


def group_applications(group: VolunteerGroup) -> QuerySet[VolunteerApplication]:
    """Pending first (oldest due date first), then the answered ones, newest first."""
    return (
        VolunteerApplication.objects.filter(group=group)
        .select_related("applicant", "answered_by")
        .order_by(
            Case(When(state=VolunteerApplicationState.PENDING, then=Value(0)), default=Value(1)),
            "answer_due_on",
            "-created_at",
        )
    )


def overdue_applications(*, today=None) -> QuerySet[VolunteerApplication]:
    today = today or timezone.localdate()
    return (
        VolunteerApplication.objects.overdue_on(today)
        .select_related("group", "group__owner", "applicant")
        .order_by("answer_due_on", "created_at")
    )


def member_volunteer_applications(member: User) -> QuerySet[VolunteerApplication]:
    return VolunteerApplication.objects.filter(applicant=member).select_related("group")


def member_group_memberships(member: User) -> QuerySet[VolunteerGroup]:
    return VolunteerGroup.objects.filter(
        applications__applicant=member,
        applications__state=VolunteerApplicationState.ACCEPTED,
    ).order_by("position", localized("name"))
