"""The stations pages: directory, station and event pages, founding, joining,
registration, calendar feeds, and the lead's management pages.

Views are thin: they read through selectors, write through services, and turn
a StationError into a message for the user. Every object another station could
own is looked up *within* the station named in the URL, so a forged id answers 404.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from community_portal.core.feedback import form_error, perform, show_error
from community_portal.core.page_cache import public_page, valid_until
from stations import calendar, selectors, services
from stations.enums import EventState, FoundingState, JoinState, RegistrationState, StationRole
from stations.filters import StationFilter
from stations.forms import (
    EventCancelForm,
    EventForm,
    FoundingRequestForm,
    HandOverForm,
    JoinDecisionForm,
    JoinRequestForm,
    RoleAppointForm,
    StationPageForm,
)
from stations.models import FoundingRequest, JoinRequest, Membership, Registration
from stations.services import StationError

DIRECTORY_PAGE_SIZE = 12
PAST_EVENTS_ON_PAGE = 6
LIST_PAGE_SIZE = 25


def _posted(request, *, files=False):
    """A form's data: bound on POST even when empty, so missing fields get messages."""
    if request.method != "POST":
        return (None, None) if files else None
    return (request.POST, request.FILES) if files else request.POST


def _apply(form, call):
    """Call a service with a valid form's data. A refusal becomes the form's error
    (and None is returned), so the page shows it with everything the user typed."""
    try:
        return call(form.cleaned_data)
    except StationError as error:
        form_error(form, error)
        return None


def _station_or_404(slug):
    station = selectors.station_by_slug(slug=slug)
    if station is None:
        raise Http404
    return station


def _event_or_404(station, pk):
    event = selectors.station_event(station=station, pk=pk)
    if event is None:
        raise Http404
    return event


def station_manager_required(*, roles: bool = False):
    """Sign-in, then the station's lead or deputy (``roles``: the lead only) or a reviewer.

    The view receives the station instead of its slug.
    """

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapper(request, slug, *args, **kwargs):
            station = _station_or_404(slug)
            check = selectors.can_manage_roles if roles else selectors.can_manage_station
            if not check(station=station, member=request.user):
                raise PermissionDenied
            return view(request, station, *args, **kwargs)

        return wrapper

    return decorator


# --- Public pages -----------------------------------------------------------------------


@public_page("stations", "members", query=("q", "kind", "region", "page"))
def directory(request):
    station_filter = StationFilter(request.GET, queryset=selectors.directory_stations())
    page = Paginator(station_filter.qs, DIRECTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = selectors.directory_page_details(page.object_list)
    # Each row names its station's next event until that event starts.
    starts = [getattr(station, "next_event_starts_at", None) for station in page]
    valid_until(request, min((moment for moment in starts if moment), default=None))
    return render(
        request,
        "stations/directory.html",
        {"filter": station_filter, "page": page},
    )


@public_page("stations", "members")
def detail(request, slug):
    station = _station_or_404(slug)
    now = timezone.now()
    user = request.user
    my_role = selectors.station_role_of(station=station, member=user)
    upcoming = list(selectors.station_upcoming_events(station=station, now=now))
    # The lists change when the next of these events starts or ends.
    valid_until(request, _next_change(upcoming, now))
    return render(
        request,
        "stations/detail.html",
        {
            "station": station,
            "leadership": selectors.station_leadership(station=station),
            "upcoming_events": upcoming,
            "past_events": selectors.station_past_events(station=station, now=now)[
                :PAST_EVENTS_ON_PAGE
            ],
            "my_role": my_role,
            "my_role_label": StationRole(my_role).label if my_role else "",
            "my_join_request": selectors.pending_join_request_for(station=station, member=user),
            "can_manage": selectors.can_manage_station(station=station, member=user),
        },
    )


@public_page("stations", query=("page",))
def past_events(request, slug):
    station = _station_or_404(slug)
    events = selectors.station_past_events(station=station)
    valid_until(request, lambda: selectors.next_event_change(station=station))
    page = Paginator(events, LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "stations/past_events.html", {"station": station, "page": page})


@public_page("stations", "members")
def event_detail(request, slug, pk):
    station = _station_or_404(slug)
    event = _event_or_404(station, pk)
    registration = selectors.registration_for(event=event, member=request.user)
    # Registration closes when the event starts; it is past once it ends.
    valid_until(request, _next_change([event], timezone.now()))
    return render(
        request,
        "stations/event_detail.html",
        {
            "station": station,
            "event": event,
            "registration": registration,
            "waitlist_position": (
                selectors.waitlist_position(registration=registration) if registration else None
            ),
            "is_open": event.state == EventState.SCHEDULED and not event.has_started(),
            "can_manage": selectors.can_manage_station(station=station, member=request.user),
        },
    )


def _next_change(events, now):
    """The next moment one of ``events`` starts or ends (None: all are over)."""
    moments = [m for event in events for m in (event.starts_at, event.ends_at) if m > now]
    return min(moments, default=None)


def _ics_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "public, max-age=900"
    return response


@public_page("stations")
def station_feed(request, slug):
    station = _station_or_404(slug)
    events = selectors.feed_events(station=station)
    return _ics_response(
        calendar.station_calendar(station=station, events=events), f"{station.slug}.ics"
    )


@public_page("stations")
def event_feed(request, slug, pk):
    station = _station_or_404(slug)
    event = _event_or_404(station, pk)
    return _ics_response(calendar.event_calendar(event=event), f"{station.slug}-{event.pk}.ics")


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
