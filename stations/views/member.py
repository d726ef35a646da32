"""A member's own steps: founding a station, joining and leaving, registering, feedback."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from community_portal.core.feedback import perform, show_error
from stations import selectors, services
from stations.enums import FoundingState, JoinState, RegistrationState
from stations.forms import (
    FeedbackForm,
    FoundingRequestForm,
    JoinRequestForm,
)
from stations.models import FoundingRequest, JoinRequest, Registration
from stations.services import StationError, StationPermissionDenied
from stations.views.common import _apply, _event_or_404, _posted, _station_or_404

# --- Founding ---------------------------------------------------------------------------


@login_required
def found(request):
    form = FoundingRequestForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        founding = _apply(
            form, lambda data: services.founding_request_create(proposer=request.user, **data)
        )
        if founding is not None:
            messages.success(
                request,
                _("Your request to found %(name)s is sent; reviewers will answer soon.")
                % {"name": founding.name},
            )
            return redirect("stations:found")
    return render(
        request,
        "stations/found.html",
        {
            "form": form,
            "my_requests": selectors.founding_requests_of(member=request.user),
            "pending": FoundingState.PENDING,
        },
    )


@login_required
@require_POST
def founding_withdraw(request, pk):
    founding = get_object_or_404(FoundingRequest, pk=pk, proposer=request.user)
    perform(
        request,
        lambda: services.founding_request_withdraw(founding_request=founding, member=request.user),
        _("Your founding request is withdrawn."),
    )
    return redirect("stations:found")


# --- Joining and leaving ----------------------------------------------------------------


@login_required
def join(request, slug):
    station = _station_or_404(slug)
    if selectors.station_role_of(station=station, member=request.user) is not None:
        messages.info(request, _("You are already a member of this station."))
        return redirect("stations:detail", slug=station.slug)
    form = JoinRequestForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        sent = _apply(
            form,
            lambda data: services.join_request_create(
                station=station, member=request.user, message=data["message"]
            ),
        )
        if sent is not None:
            messages.success(request, _("Your request is sent; the station's lead will answer it."))
            return redirect("stations:detail", slug=station.slug)
    return render(request, "stations/join.html", {"station": station, "form": form})


@login_required
@require_POST
def join_withdraw(request, slug):
    station = _station_or_404(slug)
    join_request = get_object_or_404(
        JoinRequest, station=station, member=request.user, state=JoinState.PENDING
    )
    services.join_request_withdraw(join_request=join_request, member=request.user)
    messages.success(request, _("Your request to join is withdrawn."))
    return redirect("stations:detail", slug=station.slug)


@login_required
@require_POST
def leave(request, slug):
    station = _station_or_404(slug)
    perform(
        request,
        lambda: services.membership_leave(station=station, member=request.user),
        _("You left the %(station)s station.") % {"station": station},
    )
    return redirect("stations:detail", slug=station.slug)


# --- Registration -----------------------------------------------------------------------


@login_required
@require_POST
def register(request, slug, pk):
    station = _station_or_404(slug)
    event = _event_or_404(station, pk)
    try:
        registration = services.registration_create(event=event, member=request.user)
    except StationError as error:
        show_error(request, error)
    else:
        if registration.state == RegistrationState.REGISTERED:
            messages.success(request, _("You are registered. See you there!"))
        else:
            messages.warning(
                request,
                _(
                    "The event is full: you are on the waiting list and will be told "
                    "when a seat opens up."
                ),
            )
    return redirect("stations:event", slug=station.slug, pk=event.pk)


@login_required
@require_POST
def cancel_registration(request, slug, pk):
    station = _station_or_404(slug)
    event = _event_or_404(station, pk)
    registration = get_object_or_404(Registration, event=event, member=request.user)
    perform(
        request,
        lambda: services.registration_cancel(registration=registration, member=request.user),
        _("Your registration is cancelled."),
    )
    return redirect("stations:event", slug=station.slug, pk=event.pk)


@login_required
def my_events(request):
    """The events the member registered for (or waits for), coming and past."""
    return render(
        request, "stations/my_events.html", selectors.registrations_of_member(member=request.user)
    )


# --- Feedback ---------------------------------------------------------------------------


@login_required
def event_feedback(request, slug, pk):
    """The short form after an event, for those who were checked in; once each.

    Someone who never registered gets a plain 403; a registrant who was not checked
    in, or an attendee before the end, is told why there is no form.
    """
    station = _station_or_404(slug)
    event = _event_or_404(station, pk)
    registration = selectors.registration_for(event=event, member=request.user)
    if registration is None or registration.state == RegistrationState.CANCELLED:
        raise PermissionDenied
    context = {"station": station, "event": event, "form": None, "refusal": ""}
    try:
        services.check_can_give_feedback(event=event, member=request.user)
    except StationError as error:
        context["refusal"] = str(error)
        status = 403 if isinstance(error, StationPermissionDenied) else 200
        return render(request, "stations/event_feedback.html", context, status=status)
    already = selectors.feedback_given(event=event, member=request.user)
    form = FeedbackForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        saved = _apply(
            form,
            lambda data: services.feedback_submit(event=event, member=request.user, **data),
        )
        if saved is not None:
            messages.success(request, _("Thank you for your feedback!"))
            return redirect("stations:event", slug=station.slug, pk=event.pk)
        context["form"] = None if already else form
        context["refusal"] = " ".join(form.non_field_errors())
        return render(request, "stations/event_feedback.html", context, status=400)
    if already:
        context["refusal"] = _("You already gave your feedback on this event. Thank you!")
    else:
        context["form"] = form
    return render(request, "stations/event_feedback.html", context)
