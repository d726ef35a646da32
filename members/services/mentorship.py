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
from django.utils.translation import gettext_noop

from community_portal.notifications.services import notify
from members.enums import (
    MENTORSHIP_TRANSITIONS,
    SEAT_HOLDING_STATES,
    MentorshipAction,
)
from members.errors import MentorshipError
from members.models import Mentor, Mentorship, MentorSlot, User
from members.services.common import next_state, required_text

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
            "start": mentorship.starts_on.isoformat(),
            "end": mentorship.ends_on.isoformat(),
        },
        url=reverse("members:mentorship"),
    )
    return mentorship


def _lock(mentorship: Mentorship) -> Mentorship:
    return (
        Mentorship.objects.select_for_update(of=("self",))
        .select_related("slot", "slot__mentor", "slot__mentor__member", "mentee")
        .get(pk=mentorship.pk)
    )


def _step(locked: Mentorship, action: MentorshipAction) -> None:
    locked.state = next_state(
        MENTORSHIP_TRANSITIONS,
        locked.state,
        action,
        error=MentorshipError,
        message=_("This is no longer possible: the mentorship is “%(state)s”.")
        % {"state": locked.get_state_display()},
    )


def _require_mentor(locked: Mentorship, user: User) -> None:
    if locked.slot.mentor.member_id != user.pk:
        raise MentorshipError(_("Only the mentor can answer this ask."))


@transaction.atomic
def mentorship_accept(*, mentorship: Mentorship, mentor: User, message: str = "") -> Mentorship:
    locked = _lock(mentorship)
    _require_mentor(locked, mentor)
    _step(locked, MentorshipAction.ACCEPT)
    locked.answered_at = timezone.now()
    locked.starts_on = max(locked.starts_on, timezone.localdate())
    locked.ends_on = max(locked.ends_on, locked.starts_on)
    locked.message = message.strip()
    locked.save(update_fields=["state", "answered_at", "starts_on", "ends_on", "message"])
    notify(
        recipient=locked.mentee,
        actor=mentor,
        subject=gettext_noop("%(mentor)s is your mentor"),
        body=gettext_noop("Your mentorship runs from %(start)s to %(end)s."),
        params={
            "mentor": mentor.public_name,
            "start": locked.starts_on.isoformat(),
            "end": locked.ends_on.isoformat(),
        },
        url=reverse("members:mentorship"),
    )
    mentorship.state = locked.state
    return locked


@transaction.atomic
def mentorship_decline(*, mentorship: Mentorship, mentor: User, message: str = "") -> Mentorship:
    locked = _lock(mentorship)
    _require_mentor(locked, mentor)
    _step(locked, MentorshipAction.DECLINE)
    locked.answered_at = timezone.now()
    locked.message = message.strip()
    locked.save(update_fields=["state", "answered_at", "message"])
    notify(
        recipient=locked.mentee,
        actor=mentor,
        subject=gettext_noop("%(mentor)s cannot mentor you in this slot"),
        body=gettext_noop("Their message: %(message)s") if locked.message else "",
        params={"mentor": mentor.public_name, "message": locked.message},
        url=reverse("members:mentors"),
    )
    mentorship.state = locked.state
    return locked


@transaction.atomic
def mentorship_cancel(*, mentorship: Mentorship, mentee: User) -> Mentorship:
    """The member takes back an ask the mentor has not answered yet."""
    locked = _lock(mentorship)
    if locked.mentee_id != mentee.pk:
        raise MentorshipError(_("Only the member who asked can cancel."))
    _step(locked, MentorshipAction.CANCEL)
    locked.save(update_fields=["state"])
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
    locked = _lock(mentorship)
    mentor_member = locked.slot.mentor.member
    if ended_by.pk not in (locked.mentee_id, mentor_member.pk):
        raise MentorshipError(_("Only the mentor or the mentee can end a mentorship."))
    _step(locked, MentorshipAction.END)
    now = timezone.now()
    locked.ended_at = now
    locked.ended_by = ended_by
    # The planned end becomes the real one when it ends early.
    locked.ends_on = max(locked.starts_on, min(locked.ends_on, timezone.localdate(now)))
    locked.message = message.strip()
    locked.save(update_fields=["state", "ended_at", "ended_by", "ends_on", "message"])
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
