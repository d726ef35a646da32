"""The public stations pages: directory, station and event pages, calendar feeds."""

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from community_portal.core.page_cache import public_page, valid_until
from stations import calendar, figures, selectors
from stations.enums import EventState, StationRole
from stations.filters import StationFilter
from stations.views.common import (
    DIRECTORY_PAGE_SIZE,
    LIST_PAGE_SIZE,
    PAST_EVENTS_ON_PAGE,
    _event_or_404,
    _station_or_404,
)

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
            "attendance_chart": figures.attendance_chart(station=station, now=now),
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
    now = timezone.now()
    # Registration closes when the event starts; it is past once it ends.
    valid_until(request, _next_change([event], now))
    has_ended = event.ends_at <= now
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
            "has_ended": has_ended,
            "summary": selectors.event_summary(event=event) if has_ended else None,
            "photos": selectors.event_photos(event=event) if has_ended else [],
            "rating": selectors.event_rating(event=event) if has_ended else None,
            "feedback_given": (
                selectors.feedback_given(event=event, member=request.user)
                if has_ended and registration and registration.state == "attended"
                else False
            ),
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
