"""The stations pages: directory, station and event pages, founding, joining,
registration, calendar feeds, and the lead's management pages.

Views are thin: they read through selectors, write through services, and turn
a StationError into a message for the user. Every object another station could
own is looked up *within* the station named in the URL, so a forged id answers 404.
One module per audience; every view is re-exported here for ``urls.py``.
"""

from stations.views.common import (
    DIRECTORY_PAGE_SIZE,
    LIST_PAGE_SIZE,
    PAST_EVENTS_ON_PAGE,
    station_manager_required,
)
from stations.views.manage import (
    check_in,
    check_in_toggle,
    event_cancel,
    event_create,
    event_edit,
    event_results,
    event_summary,
    join_request_decide,
    join_requests,
    lead_hand_over,
    manage,
    manage_chat,
    manage_page,
    manage_roles,
    role_appoint,
    role_remove,
)
from stations.views.member import (
    cancel_registration,
    event_feedback,
    found,
    founding_withdraw,
    join,
    join_withdraw,
    leave,
    my_events,
    register,
)
from stations.views.public import (
    detail,
    directory,
    event_detail,
    event_feed,
    past_events,
    station_feed,
)

__all__ = [
    "DIRECTORY_PAGE_SIZE",
    "LIST_PAGE_SIZE",
    "PAST_EVENTS_ON_PAGE",
    "cancel_registration",
    "check_in",
    "check_in_toggle",
    "detail",
    "directory",
    "event_cancel",
    "event_create",
    "event_detail",
    "event_edit",
    "event_feed",
    "event_feedback",
    "event_results",
    "event_summary",
    "found",
    "founding_withdraw",
    "join",
    "join_request_decide",
    "join_requests",
    "join_withdraw",
    "lead_hand_over",
    "leave",
    "manage",
    "manage_chat",
    "manage_page",
    "manage_roles",
    "my_events",
    "past_events",
    "register",
    "role_appoint",
    "role_remove",
    "station_feed",
    "station_manager_required",
]
