"""Every change to programs, applications, named members, milestones and letters.

Each function is the one way to make its change: it runs in a transaction, locks
the application (or program) row, checks the transition against the tables in
``enums.py``, saves with ``update_fields``, writes a history row and creates the
notifications in the same transaction. A refused change raises
``ApplicationError`` or ``ProgramError``, whose message is shown to the user.
One module per part of the domain; every service is re-exported here.
"""

from programs.services.applications import (
    DETAIL_FIELDS,
    ApplicationDetails,
    application_create,
    application_name_member,
    application_update,
    named_member_answer,
    named_members_problems,
)
from programs.services.common import (
    MAX_NAMED_MEMBERS,
    ApplicationError,
    ProgramError,
)
from programs.services.milestones import (
    MILESTONE_FIELDS,
    milestone_delete,
    milestone_record,
    milestone_update,
)
from programs.services.program_state import (
    program_change_state,
)
from programs.services.review import (
    DECISION_NOTICES,
    REVIEW_ACTIONS,
    application_approve,
    application_complete,
    application_reject,
    application_request_changes,
    application_review,
    application_start_review,
    application_submit,
    application_withdraw,
)

__all__ = [
    "DECISION_NOTICES",
    "DETAIL_FIELDS",
    "MAX_NAMED_MEMBERS",
    "MILESTONE_FIELDS",
    "REVIEW_ACTIONS",
    "ApplicationDetails",
    "ApplicationError",
    "ProgramError",
    "application_approve",
    "application_complete",
    "application_create",
    "application_name_member",
    "application_reject",
    "application_request_changes",
    "application_review",
    "application_start_review",
    "application_submit",
    "application_update",
    "application_withdraw",
    "milestone_delete",
    "milestone_record",
    "milestone_update",
    "named_member_answer",
    "named_members_problems",
    "program_change_state",
]
