"""Reads about mentors, their slots and mentorships."""

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from members.enums import SEAT_HOLDING_STATES
from members.models import Mentor, Mentorship, MentorSlot, User


def _slots_with_seats():
    return MentorSlot.objects.annotate(
        taken=Count("mentorships", filter=Q(mentorships__state__in=SEAT_HOLDING_STATES))
    ).order_by("starts_on", "id")


def mentors(*, kind: str = "") -> QuerySet[Mentor]:
    """Active mentors with their upcoming open slots (``slot.taken`` seats taken)."""
    today = timezone.localdate()
    queryset = (
        Mentor.objects.filter(is_active=True, member__is_active=True)
        .select_related("member")
        .prefetch_related(
            Prefetch(
                "slots",
                queryset=_slots_with_seats().filter(is_open=True, ends_on__gte=today),
                to_attr="open_slots",
            )
        )
        .order_by("kind", "member__display_name", "member__username")
    )
    if kind:
        queryset = queryset.filter(kind=kind)
    return queryset


def mentor_for(member: User) -> Mentor | None:
    if not member.is_authenticated:
        return None
    return Mentor.objects.filter(member=member).first()


def mentor_slots(mentor: Mentor) -> QuerySet[MentorSlot]:
    return _slots_with_seats().filter(mentor=mentor).order_by("-starts_on", "-id")


def mentorships_as_mentee(member: User) -> QuerySet[Mentorship]:
    return Mentorship.objects.filter(mentee=member).select_related(
        "slot", "slot__mentor", "slot__mentor__member"
    )


def mentorships_as_mentor(mentor: Mentor) -> QuerySet[Mentorship]:
    return Mentorship.objects.filter(slot__mentor=mentor).select_related("slot", "mentee")
