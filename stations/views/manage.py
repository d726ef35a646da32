"""The lead's management pages: the station page, roles, join requests, events, check-in,
and the follow-up of an event (its summary and the attendees' feedback)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from community_portal.chat.services import ChatError, chat_channel_send_test
from community_portal.core.feedback import form_error, perform
from stations import selectors, services
from stations.enums import EventState, StationRole
from stations.forms import (
    EventCancelForm,
    EventForm,
    EventSummaryForm,
    HandOverForm,
    JoinDecisionForm,
    RoleAppointForm,
    StationChatForm,
    StationPageForm,
)
from stations.models import JoinRequest, Membership, Registration
from stations.services import StationError
from stations.views.common import (
    LIST_PAGE_SIZE,
    _apply,
    _event_or_404,
    _posted,
    station_manager_required,
)

# --- Management -------------------------------------------------------------------------


def _manage_context(request, station, **extra):
    return {
        "station": station,
        "can_manage_roles": selectors.can_manage_roles(station=station, member=request.user),
        "pending_join_count": selectors.pending_join_requests(station=station).count(),
        **extra,
    }


@station_manager_required()
def manage(request, station):
    events = selectors.station_events_for_management(station=station)
    page = Paginator(events, LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "stations/manage/events.html",
        _manage_context(request, station, page=page, now=timezone.now(), tab="events"),
    )


@station_manager_required()
def manage_page(request, station):
    initial = {
        "description": station.description,
        "join_link": station.join_link,
        "website": station.website,
    }
    form = StationPageForm(*_posted(request, files=True), initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = _apply(
            form,
            lambda data: services.station_update_page(
                station=station,
                actor=request.user,
                description=data["description"],
                join_link=data["join_link"],
                website=data["website"],
                banner=form.banner_change(),
            ),
        )
        if saved is not None:
            messages.success(request, _("The station's page is saved."))
            return redirect("stations:detail", slug=station.slug)
    return render(
        request,
        "stations/manage/page.html",
        _manage_context(request, station, form=form, tab="page"),
    )


@station_manager_required(roles=True)
def manage_chat(request, station):
    """The station group's chat channel: where events, reminders and freed seats go."""
    channel = services.station_chat_channel(station=station)
    initial = (
        {"provider": channel.provider, "language": channel.language, "is_active": channel.is_active}
        if channel
        else {"language": request.LANGUAGE_CODE, "is_active": True}
    )
    form = StationChatForm(_posted(request), initial=initial, channel=channel)
    status = 200
    if request.method == "POST":
        if request.POST.get("action") == "remove":
            perform(
                request,
                lambda: services.station_chat_channel_remove(station=station, actor=request.user),
                _("The chat group is removed: nothing more is posted to it."),
            )
            return redirect("stations:manage_chat", slug=station.slug)
        if request.POST.get("action") == "test" and channel is not None:
            chat_channel_send_test(channel=channel)
            messages.success(request, _("A test message is on its way to the group."))
            return redirect("stations:manage_chat", slug=station.slug)
        if form.is_valid():
            try:
                data = form.cleaned_data
                services.station_chat_channel_save(
                    station=station,
                    actor=request.user,
                    provider=data["provider"],
                    webhook_url=data["webhook_url"],
                    secret=data["secret"],
                    clear_secret=data["clear_secret"],
                    language=data["language"],
                    is_active=data["is_active"],
                )
            except (ChatError, StationError) as error:
                form_error(form, error)
            else:
                messages.success(request, _("The chat group is saved."))
                return redirect("stations:manage_chat", slug=station.slug)
        status = 400
    return render(
        request,
        "stations/manage/chat.html",
        _manage_context(request, station, form=form, channel=channel, tab="chat"),
        status=status,
    )


def _render_roles(request, station, *, appoint_form=None, handover_form=None, status=200):
    members = selectors.station_members(station=station)
    page = Paginator(members, LIST_PAGE_SIZE * 2).get_page(request.GET.get("page"))
    return render(
        request,
        "stations/manage/roles.html",
        _manage_context(
            request,
            station,
            tab="roles",
            page=page,
            appoint_form=appoint_form or RoleAppointForm(station=station),
            handover_form=handover_form or HandOverForm(station=station),
        ),
        status=status,
    )


@station_manager_required(roles=True)
def manage_roles(request, station):
    return _render_roles(request, station)


@station_manager_required(roles=True)
@require_POST
def role_appoint(request, station):
    form = RoleAppointForm(request.POST, station=station)
    if form.is_valid():
        membership = form.cleaned_data["membership"]
        appointed = _apply(
            form,
            lambda data: services.role_appoint(
                station=station, member=membership.member, role=data["role"], actor=request.user
            ),
        )
        if appointed is not None:
            messages.success(
                request,
                _("%(member)s is now %(role)s.")
                % {
                    "member": membership.member.public_name,
                    "role": StationRole(form.cleaned_data["role"]).label,
                },
            )
            return redirect("stations:manage_roles", slug=station.slug)
    return _render_roles(request, station, appoint_form=form, status=400)


@station_manager_required(roles=True)
@require_POST
def role_remove(request, station, pk):
    membership = get_object_or_404(Membership, pk=pk, station=station)
    perform(
        request,
        lambda: services.role_remove(station=station, member=membership.member, actor=request.user),
        _("%(member)s no longer holds a role.") % {"member": membership.member.public_name},
    )
    return redirect("stations:manage_roles", slug=station.slug)


@station_manager_required(roles=True)
@require_POST
def lead_hand_over(request, station):
    form = HandOverForm(request.POST, station=station)
    if form.is_valid():
        new_lead = form.cleaned_data["new_lead"].member
        handed_over = _apply(
            form,
            lambda data: services.lead_hand_over(
                station=station,
                new_lead=new_lead,
                actor=request.user,
                previous_lead_role=form.previous_role(),
            ),
        )
        if handed_over is not None:
            messages.success(
                request,
                _("%(member)s is now the lead of the station.") % {"member": new_lead.public_name},
            )
            if selectors.can_manage_roles(station=station, member=request.user):
                return redirect("stations:manage_roles", slug=station.slug)
            return redirect("stations:detail", slug=station.slug)
    return _render_roles(request, station, handover_form=form, status=400)


@station_manager_required()
def join_requests(request, station):
    requests = selectors.pending_join_requests(station=station)
    page = Paginator(requests, LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "stations/manage/join_requests.html",
        _manage_context(request, station, page=page, tab="joins", form=JoinDecisionForm()),
    )


@station_manager_required()
@require_POST
def join_request_decide(request, station, pk):
    join_request = get_object_or_404(JoinRequest, pk=pk, station=station)
    form = JoinDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose to accept or decline the request."))
        return redirect("stations:join_requests", slug=station.slug)
    if form.cleaned_data["decision"] == JoinDecisionForm.ACCEPT:
        decide = services.join_request_accept
        text = _("%(member)s is now a member of the station.")
    else:
        decide = services.join_request_decline
        text = _("The request of %(member)s is declined.")
    perform(
        request,
        lambda: decide(
            join_request=join_request, actor=request.user, response=form.cleaned_data["response"]
        ),
        text % {"member": join_request.member.public_name},
    )
    return redirect("stations:join_requests", slug=station.slug)


@station_manager_required()
def event_create(request, station):
    form = EventForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        event = _apply(
            form, lambda data: services.event_create(station=station, actor=request.user, **data)
        )
        if event is not None:
            messages.success(request, _("The event is published."))
            return redirect("stations:event", slug=station.slug, pk=event.pk)
    return render(
        request,
        "stations/manage/event_form.html",
        _manage_context(request, station, form=form, tab="events"),
    )


@station_manager_required()
def event_edit(request, station, pk):
    event = _event_or_404(station, pk)
    if event.state == EventState.CANCELLED or event.ends_at <= timezone.now():
        messages.error(request, _("Only events that are still to come can be changed."))
        return redirect("stations:manage", slug=station.slug)
    initial = {
        field: getattr(event, field)
        for field in ("title", "kind", "venue", "online_url", "capacity", "description")
    }
    initial["starts_at"] = timezone.localtime(event.starts_at)
    initial["ends_at"] = timezone.localtime(event.ends_at)
    form = EventForm(_posted(request), initial=initial, seats_taken=event.seats_taken, is_new=False)
    if request.method == "POST" and form.is_valid():
        saved = _apply(
            form, lambda data: services.event_update(event=event, actor=request.user, **data)
        )
        if saved is not None:
            messages.success(request, _("The event is saved; registrants are told of changes."))
            return redirect("stations:event", slug=station.slug, pk=event.pk)
    return render(
        request,
        "stations/manage/event_form.html",
        _manage_context(request, station, form=form, event=event, tab="events"),
    )


@station_manager_required()
def event_cancel(request, station, pk):
    event = _event_or_404(station, pk)
    form = EventCancelForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        cancelled = _apply(
            form,
            lambda data: services.event_cancel(
                event=event, actor=request.user, reason=data["reason"]
            ),
        )
        if cancelled is not None:
            messages.success(request, _("The event is cancelled; registrants are told."))
            return redirect("stations:manage", slug=station.slug)
    return render(
        request,
        "stations/manage/event_cancel.html",
        _manage_context(request, station, form=form, event=event, tab="events"),
    )


@station_manager_required()
def check_in(request, station, pk):
    event = _event_or_404(station, pk)
    return render(
        request,
        "stations/manage/check_in.html",
        _manage_context(
            request,
            station,
            event=event,
            tab="events",
            registrations=selectors.check_in_list(event=event),
            waitlist=selectors.event_waitlist(event=event),
            check_in_open=selectors.check_in_is_open(event=event),
        ),
    )


@station_manager_required()
@require_POST
def check_in_toggle(request, station, pk, registration_pk):
    event = _event_or_404(station, pk)
    registration = get_object_or_404(
        Registration.objects.select_related("member"), pk=registration_pk, event=event
    )
    if request.POST.get("action") == "undo":
        service = services.registration_undo_check_in
        text = _("%(member)s is no longer checked in.")
    else:
        service = services.registration_check_in
        text = _("%(member)s is checked in.")
    perform(
        request,
        lambda: service(registration=registration, actor=request.user),
        text % {"member": registration.member.public_name},
    )
    return redirect("stations:check_in", slug=station.slug, pk=event.pk)


# --- Follow-up --------------------------------------------------------------------------


@station_manager_required()
def event_summary(request, station, pk):
    event = _event_or_404(station, pk)
    summary = selectors.event_summary(event=event)
    initial = (
        {
            "text": summary.text,
            "slides_url": summary.slides_url,
            "recording_url": summary.recording_url,
        }
        if summary
        else {}
    )
    form = EventSummaryForm(*_posted(request, files=True), initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = _apply(
            form,
            lambda data: services.event_summary_save(
                event=event,
                actor=request.user,
                text=data["text"],
                slides_url=data["slides_url"],
                recording_url=data["recording_url"],
                photos=form.photos(),
            ),
        )
        if saved is not None:
            messages.success(request, _("The summary is published on the event's page."))
            return redirect("stations:event", slug=station.slug, pk=event.pk)
    return render(
        request,
        "stations/manage/event_summary.html",
        _manage_context(
            request,
            station,
            form=form,
            event=event,
            tab="events",
            photos=selectors.event_photos(event=event),
            has_ended=event.ends_at <= timezone.now(),
        ),
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


@station_manager_required()
def event_results(request, station, pk):
    """Attendance and the feedback, for the organizers; comments without names."""
    event = _event_or_404(station, pk)
    return render(
        request,
        "stations/manage/event_results.html",
        _manage_context(
            request,
            station,
            event=event,
            tab="events",
            results=selectors.event_results(event=event),
        ),
    )
