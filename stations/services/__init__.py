"""Every write of the stations app: one function per change, each in one transaction.

Each function checks who may act and whether the transition is allowed (the
tables in ``enums.py``), saves with ``update_fields``, writes a history entry and
the notifications in the same transaction. Refusals raise :class:`StationError`,
whose message is shown to the user. One module per part of the domain; every
service is re-exported here.
"""

from stations.services.chat import (
    station_chat_channel,
    station_chat_channel_remove,
    station_chat_channel_save,
)
from stations.services.common import (
    RESERVED_SLUGS,
    StationError,
    StationPermissionDenied,
)
from stations.services.events import (
    EVENT_FIELDS,
    EVENT_TEXTS,
    NOTEWORTHY_FIELDS,
    event_cancel,
    event_create,
    event_set_texts,
    event_update,
    registration_cancel,
    registration_check_in,
    registration_create,
    registration_undo_check_in,
)
from stations.services.followup import (
    MAX_PHOTOS_PER_EVENT,
    check_can_give_feedback,
    event_summary_save,
    feedback_submit,
)
from stations.services.founding import (
    FOUNDING_LOG_ACTIONS,
    check_can_propose,
    check_place_is_free,
    founding_request_approve,
    founding_request_create,
    founding_request_reject,
    founding_request_withdraw,
)
from stations.services.membership import (
    APPOINTED_SUBJECTS,
    REMOVED_SUBJECTS,
    join_request_accept,
    join_request_create,
    join_request_decline,
    join_request_withdraw,
    lead_hand_over,
    membership_leave,
    role_appoint,
    role_remove,
)
from stations.services.pages import (
    STATION_TEXTS,
    check_no_station_for_place,
    station_create,
    station_set_place_aliases,
    station_set_state,
    station_set_texts,
    station_update_page,
)

__all__ = [
    "APPOINTED_SUBJECTS",
    "EVENT_FIELDS",
    "EVENT_TEXTS",
    "FOUNDING_LOG_ACTIONS",
    "MAX_PHOTOS_PER_EVENT",
    "NOTEWORTHY_FIELDS",
    "REMOVED_SUBJECTS",
    "RESERVED_SLUGS",
    "STATION_TEXTS",
    "StationError",
    "StationPermissionDenied",
    "check_can_give_feedback",
    "check_can_propose",
    "check_no_station_for_place",
    "check_place_is_free",
    "event_cancel",
    "event_create",
    "event_set_texts",
    "event_summary_save",
    "event_update",
    "feedback_submit",
    "founding_request_approve",
    "founding_request_create",
    "founding_request_reject",
    "founding_request_withdraw",
    "join_request_accept",
    "join_request_create",
    "join_request_decline",
    "join_request_withdraw",
    "lead_hand_over",
    "membership_leave",
    "registration_cancel",
    "registration_check_in",
    "registration_create",
    "registration_undo_check_in",
    "role_appoint",
    "role_remove",
    "station_chat_channel",
    "station_chat_channel_remove",
    "station_chat_channel_save",
    "station_create",
    "station_set_place_aliases",
    "station_set_state",
    "station_set_texts",
    "station_update_page",
]
