"""Mentors publish areas and free slots; members ask; mentors accept or decline.

A slot holds at most ``capacity`` mentees: an ask takes a seat until the mentor
declines it or the member cancels it. Asks lock the slot's row, so two members
asking for the last seat at the same moment cannot both get it.
"""

from datetime import date

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from community_portal.core.formatting import date_param
from community_portal.core.workflow import change_state, is_reviewer
from community_portal.notifications.services import notify
from members.enums import (
    MENTORSHIP_MENTOR,
    MENTORSHIP_TABLE,
    SEAT_HOLDING_STATES,
    MentorshipState,
)
from members.errors import MentorshipError
from members.models import Mentor, Mentorship, MentorshipStep, MentorSlot, User
from members.services.common import required_text

MAX_SLOT_CAPACITY = 20


@transaction.atomic
def mentor_update(*, mentor: Mentor, areas: str, is_active: bool) -> Mentor:
    mentor.areas = required_text(
        areas, error=MentorshipError, message=_("Say what you can help with.")
    )
    mentor.is_active = is_active
    mentor.save(update_fields=["areas", "is_active"])
    return mentor


@transaction.atomic
def mentor_slot_add(
    *, mentor: Mentor, starts_on: date, ends_on: date, capacity: int = 1, note: str = ""
) -> MentorSlot:
    if starts_on < timezone.localdate():
        raise MentorshipError(_("A slot cannot start in the past."))
    if ends_on < starts_on:
        raise MentorshipError(_("A slot ends on or after the day it starts."))
    if not 1 <= capacity <= MAX_SLOT_CAPACITY:
        raise MentorshipError(
            _("A slot takes between 1 and %(max)d mentees.") % {"max": MAX_SLOT_CAPACITY}
        )
    return MentorSlot.objects.create(
        mentor=mentor, starts_on=starts_on, ends_on=ends_on, capacity=capacity, note=note.strip()
    )


@transaction.atomic
def mentor_slot_close(*, slot: MentorSlot, mentor: Mentor) -> MentorSlot:
    """No new asks; answers to the asks already made still go through."""
    if slot.mentor_id != mentor.pk:
        raise MentorshipError(_("Only the slot's mentor can close it."))
    if not slot.is_open:
        raise MentorshipError(_("This slot is already closed."))
    slot.is_open = False
    slot.save(update_fields=["is_open"])
    return slot


@transaction.atomic
def mentorship_ask(*, slot: MentorSlot, mentee: User, goals: str) -> Mentorship:
    goals = required_text(
        goals, error=MentorshipError, message=_("Tell the mentor what you want to learn.")
    )
    locked = (
        MentorSlot.objects.select_for_update(of=("self",))
        .select_related("mentor", "mentor__member")
        .get(pk=slot.pk)
    )
    today = timezone.localdate()
    if locked.mentor.member_id == mentee.pk:
        raise MentorshipError(_("You cannot be your own mentee."))
    if not (locked.is_open and locked.mentor.is_active) or locked.ends_on < today:
        raise MentorshipError(_("This slot does not take asks any more."))
    taken = locked.mentorships.filter(state__in=SEAT_HOLDING_STATES).count()
    if taken >= locked.capacity:
        raise MentorshipError(_("This slot is already taken."))
    try:
        with transaction.atomic():
            mentorship = Mentorship.objects.create(
                slot=locked,
                mentee=mentee,
                goals=goals,
                starts_on=max(locked.starts_on, today),
                ends_on=locked.ends_on,
            )
    except IntegrityError:
        raise MentorshipError(_("You already asked for this slot.")) from None
    notify(
        recipient=locked.mentor.member,
        actor=mentee,
        subject=gettext_noop("%(member)s asks you to be their mentor"),
        body=gettext_noop("From %(start)s to %(end)s. Please accept or decline."),
        params={
            "member": mentee.public_name,
            "start": date_param(mentorship.starts_on),
            "end": date_param(mentorship.ends_on),
        },
        url=reverse("members:mentorship"),
    )
    return mentorship


def _answers(user: User, row: Mentorship) -> bool:
    """The slot's mentor answers an ask; maintainers (reviewers) may stand in."""
    return row.slot.mentor.member_id == user.pk or is_reviewer(user)


def _in_match(user: User, row: Mentorship) -> bool:
    return user.pk in (row.mentee_id, row.slot.mentor.member_id)


_MAY_ACT = {
    MENTORSHIP_MENTOR: (_answers, gettext_lazy("Only the mentor can answer this ask.")),
    "mentee": (
        lambda user, row: row.mentee_id == user.pk,
        gettext_lazy("Only the member who asked can cancel."),
    ),
    "participant": (
        _in_match,
        gettext_lazy("Only the mentor or the mentee can end a mentorship."),
    ),
}


def _move(
    mentorship: Mentorship, *, target: str, actor: User, role: str, changes, message: str = ""
) -> Mentorship:
    """One workflow step (lock, table, actor, involved, save); the mentee never answers."""
    may_act, not_allowed = _MAY_ACT[role]
    locked, _source = change_state(
        mentorship,
        table=MENTORSHIP_TABLE,
        target=target,
        actor=actor,
        role=role,
        error=MentorshipError,
        queryset=Mentorship.objects.select_related(
            "slot", "slot__mentor", "slot__mentor__member", "mentee"
        ),
        may_act=may_act,
        not_allowed=str(not_allowed),
        involved=lambda row: [row.mentee_id],
        refused_move=lambda row, source: (
            _("This is no longer possible: the mentorship is “%(state)s”.")
            % {"state": MentorshipState(source).label}
        ),
        changes=changes,
        comment=message,
        history=MentorshipStep,
        history_fields=lambda row: {"mentorship": row},
    )
    mentorship.state = locked.state
    return locked


@transaction.atomic
def mentorship_accept(*, mentorship: Mentorship, mentor: User, message: str = "") -> Mentorship:
    """The slot's mentor (or a maintainer standing in) takes the mentee on."""

    def accepted(row: Mentorship) -> dict:
        starts_on = max(row.starts_on, timezone.localdate())
        return {
            "answered_at": timezone.now(),
            "starts_on": starts_on,
            "ends_on": max(row.ends_on, starts_on),
            "message": message.strip(),
        }

    locked = _move(
        mentorship,
        target=MentorshipState.ACTIVE,
        actor=mentor,
        role=MENTORSHIP_MENTOR,
        changes=accepted,
        message=message.strip(),
    )
    notify(
        recipient=locked.mentee,
        actor=mentor,
        subject=gettext_noop("%(mentor)s is your mentor"),
        body=gettext_noop("Your mentorship runs from %(start)s to %(end)s."),
        params={
            "mentor": locked.slot.mentor.member.public_name,
            "start": date_param(locked.starts_on),
            "end": date_param(locked.ends_on),
        },
        url=reverse("members:mentorship"),
    )
    mentorship.state = locked.state
    return locked


@transaction.atomic
def mentorship_decline(*, mentorship: Mentorship, mentor: User, message: str = "") -> Mentorship:
    locked = _move(
        mentorship,
        target=MentorshipState.DECLINED,
        actor=mentor,
        role=MENTORSHIP_MENTOR,
        changes={"answered_at": timezone.now(), "message": message.strip()},
        message=message.strip(),
    )
    notify(
        recipient=locked.mentee,
        actor=mentor,
        subject=gettext_noop("%(mentor)s cannot mentor you in this slot"),
        body=gettext_noop("Their message: %(message)s") if locked.message else "",
        params={"mentor": locked.slot.mentor.member.public_name, "message": locked.message},
        url=reverse("members:mentors"),
    )
    mentorship.state = locked.state
    return locked


@transaction.atomic
def mentorship_cancel(*, mentorship: Mentorship, mentee: User) -> Mentorship:
    """The member takes back an ask the mentor has not answered yet."""
    locked = _move(
        mentorship, target=MentorshipState.CANCELLED, actor=mentee, role="mentee", changes={}
    )
    notify(
        recipient=locked.slot.mentor.member,
        actor=mentee,
        subject=gettext_noop("%(member)s cancelled their ask"),
        params={"member": mentee.public_name},
        url=reverse("members:mentorship"),
    )
    mentorship.state = locked.state
    return locked


@transaction.atomic
def mentorship_end(*, mentorship: Mentorship, ended_by: User, message: str = "") -> Mentorship:
    """Either side ends an active mentorship; the other side is told."""
    now = timezone.now()
    locked = _move(
        mentorship,
        target=MentorshipState.ENDED,
        actor=ended_by,
        role="participant",
        changes=lambda row: {
            "ended_at": now,
            "ended_by": ended_by,
            # The planned end becomes the real one when it ends early.
            "ends_on": max(row.starts_on, min(row.ends_on, timezone.localdate(now))),
            "message": message.strip(),
        },
        message=message.strip(),
    )
    mentor_member = locked.slot.mentor.member
    other = locked.mentee if ended_by.pk == mentor_member.pk else mentor_member
    notify(
        recipient=other,
        actor=ended_by,
        subject=gettext_noop("%(member)s ended your mentorship"),
        body=gettext_noop("Their message: %(message)s") if locked.message else "",
        params={"member": ended_by.public_name, "message": locked.message},
        url=reverse("members:mentorship"),
    )
    mentorship.state = locked.state
    return locked
