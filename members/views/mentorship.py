"""Mentors and their free slots; asking for a mentor; the member's mentorships."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from community_portal.core.feedback import perform
from members.enums import MentorKind
from members.forms import MentorForm, MentorshipAskForm, MentorSlotForm, MessageForm
from members.models import Mentorship, MentorSlot
from members.selectors.mentorship import (
    mentor_for,
    mentor_slots,
    mentors,
    mentorships_as_mentee,
    mentorships_as_mentor,
)
from members.services.mentorship import (
    mentor_slot_add,
    mentor_slot_close,
    mentor_update,
    mentorship_accept,
    mentorship_ask,
    mentorship_cancel,
    mentorship_decline,
    mentorship_end,
)


def mentor_list(request):
    kind = request.GET.get("kind", "")
    if kind not in MentorKind.values:
        kind = ""
    context = {"mentors": mentors(kind=kind), "kind": kind, "kinds": MentorKind.choices}
    return render(request, "members/mentors.html", context)


@login_required
def ask(request, pk):
    slot = get_object_or_404(
        MentorSlot.objects.select_related("mentor", "mentor__member"), pk=pk, is_open=True
    )
    form = MentorshipAskForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and perform(
            request,
            lambda: mentorship_ask(
                slot=slot, mentee=request.user, goals=form.cleaned_data["goals"]
            ),
            success=_("Your ask is sent to %(mentor)s.")
            % {"mentor": slot.mentor.member.public_name},
        )
    ):
        return redirect("members:mentorship")
    return render(request, "members/mentorship_ask.html", {"slot": slot, "form": form})


@login_required
def my_mentorship(request):
    return _mentorship_page(request)


def _mentorship_page(request, **forms):
    """The member's mentorships; for a mentor also their profile, slots and mentees.
    ``forms`` replaces a blank form with one that failed, keeping what was typed."""
    mentor = mentor_for(request.user)
    context = {
        "as_mentee": mentorships_as_mentee(request.user),
        "mentor": mentor,
        "message_form": MessageForm(),
        "tab": "mentorship",
    }
    if mentor is not None:
        context.update(
            as_mentor=mentorships_as_mentor(mentor),
            slots=mentor_slots(mentor),
            mentor_form=MentorForm(initial={"areas": mentor.areas, "is_active": mentor.is_active}),
            slot_form=MentorSlotForm(),
        )
        context.update(forms)
    return render(request, "members/mentorship.html", context)


def _require_mentor(request):
    mentor = mentor_for(request.user)
    if mentor is None:
        raise PermissionDenied
    return mentor


@login_required
@require_POST
def mentor_profile_update(request):
    mentor = _require_mentor(request)
    form = MentorForm(request.POST)
    if form.is_valid():
        mentor_update(
            mentor=mentor,
            areas=form.cleaned_data["areas"],
            is_active=form.cleaned_data["is_active"],
        )
        messages.success(request, _("Your mentor profile is saved."))
        return redirect("members:mentorship")
    return _mentorship_page(request, mentor_form=form)


@login_required
@require_POST
def slot_add(request):
    mentor = _require_mentor(request)
    form = MentorSlotForm(request.POST)
    if form.is_valid() and perform(
        request,
        lambda: mentor_slot_add(mentor=mentor, **form.cleaned_data),
        success=_("Your slot is published."),
    ):
        return redirect("members:mentorship")
    return _mentorship_page(request, slot_form=form)


@login_required
@require_POST
def slot_close(request, pk):
    mentor = _require_mentor(request)
    slot = get_object_or_404(MentorSlot, pk=pk, mentor=mentor)
    perform(
        request,
        lambda: mentor_slot_close(slot=slot, mentor=mentor),
        success=_("The slot is closed: nobody new can ask for it."),
    )
    return redirect("members:mentorship")


@login_required
@require_POST
def mentorship_action(request, pk, action):
    """Accept, decline (mentor) or cancel (mentee) a mentorship; ending it has a
    confirmation page of its own (``mentorship_end_view``)."""
    mentorship = get_object_or_404(
        Mentorship.objects.select_related("slot__mentor__member", "mentee"), pk=pk
    )
    user = request.user
    if user.pk not in (mentorship.mentee_id, mentorship.slot.mentor.member_id):
        raise Http404
    form = MessageForm(request.POST)
    message = form.cleaned_data["message"] if form.is_valid() else ""
    steps = {
        "accept": (
            lambda: mentorship_accept(mentorship=mentorship, mentor=user, message=message),
            _("You accepted %(member)s as your mentee."),
        ),
        "decline": (
            lambda: mentorship_decline(mentorship=mentorship, mentor=user, message=message),
            _("You declined the ask of %(member)s."),
        ),
        "cancel": (
            lambda: mentorship_cancel(mentorship=mentorship, mentee=user),
            _("Your ask is cancelled."),
        ),
    }
    if action not in steps:
        raise Http404
    run, confirmation = steps[action]
    perform(request, run, success=confirmation % {"member": mentorship.mentee.public_name})
    return redirect("members:mentorship")


@login_required
def mentorship_end_view(request, pk):
    """Ending a mentorship can't be undone: a page asks first, with the other
    person named, and only its confirming POST ends it."""
    mentorship = get_object_or_404(
        Mentorship.objects.select_related("slot__mentor__member", "mentee"), pk=pk
    )
    user = request.user
    if user.pk not in (mentorship.mentee_id, mentorship.slot.mentor.member_id):
        raise Http404
    other = mentorship.mentee if user.pk != mentorship.mentee_id else mentorship.slot.mentor.member
    form = MessageForm(request.POST or None)
    if (
        request.method == "POST"
        and request.POST.get("confirm") == "end"
        and form.is_valid()
        and perform(
            request,
            lambda: mentorship_end(
                mentorship=mentorship, ended_by=user, message=form.cleaned_data["message"]
            ),
            success=_("The mentorship has ended."),
        )
    ):
        return redirect("members:mentorship")
    if request.method == "POST" and not form.errors:
        return redirect("members:mentorship")  # a failed step shows its message there
    return render(
        request,
        "members/mentorship_end.html",
        {"mentorship": mentorship, "other": other, "form": form, "tab": "mentorship"},
    )
