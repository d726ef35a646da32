"""What the stations views share: page sizes, form handling, lookups within the
station in the URL, and the decorator that admits only its managers.
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404

from community_portal.core.feedback import form_error
from stations import selectors
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
