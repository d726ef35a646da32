"""The kinds of request under review, as the health dashboard measures them.

Each names its model, the field saying since when it waits for a reviewer, its
open and deciding states, and where its answers are recorded: a history model
(a ``StateChange`` subclass) whose first move to a response or decision state
answers it, or, for the kinds without one, the row's own ``decided`` moment.
``campaign``, ``program`` and ``station`` name the field the dashboard's filter
of that name applies to (a kind has at most one).
"""

from dataclasses import dataclass

from members.enums import (
    OPEN_APPLICATION_STATES,
    TierRequestState,
    VolunteerApplicationState,
)
from members.enums import ApplicationState as CertificationState
from members.models import (
    CertificationApplication,
    CertificationApplicationStep,
    TierRequest,
    TierRequestStep,
    VolunteerApplication,
    VolunteerApplicationStep,
)
from programs.enums import ApplicationState
from programs.models import Application, ApplicationTransition
from stations.enums import FoundingState, JoinState
from stations.models import FoundingRequest, JoinRequest
from submissions.enums import SubmissionState
from submissions.models import Submission, SubmissionTransition

FILTERS = ("campaign", "program", "station")


@dataclass(frozen=True)
class ReviewKind:
    """One kind of request under review, as the measures see it."""

    slug: str
    model: type
    # When the request started waiting for a reviewer.
    started: str
    open_states: tuple[str, ...]
    decisions: tuple[str, ...]
    # The history model and its foreign key; None: the row's ``decided`` field says it all.
    steps: type | None = None
    step_fk: str = ""
    responses: tuple[str, ...] = ()
    decided: str = ""
    campaign: str = ""
    program: str = ""
    station: str = ""

    @property
    def answers(self) -> tuple[str, ...]:
        """The states whose first move is the first response."""
        return self.responses or self.decisions

    @property
    def scope_filter(self) -> str:
        """The name of the dashboard filter that applies to this kind ("" for none)."""
        return next((name for name in FILTERS if getattr(self, name)), "")

    @property
    def scope_field(self) -> str:
        return getattr(self, self.scope_filter) if self.scope_filter else ""


S, A = SubmissionState, ApplicationState
REVIEW_KINDS = (
    ReviewKind(
        "submissions",
        Submission,
        "submitted_at",
        open_states=(S.SUBMITTED,),
        decisions=(S.SELECTED, S.REJECTED),
        steps=SubmissionTransition,
        step_fk="submission",
        responses=(S.SELECTED, S.REJECTED, S.CHANGES_REQUESTED),
        campaign="campaign_id",
    ),
    ReviewKind(
        "program_applications",
        Application,
        "submitted_at",
        open_states=(A.SUBMITTED, A.IN_REVIEW),
        decisions=(A.APPROVED, A.REJECTED),
        steps=ApplicationTransition,
        step_fk="application",
        responses=(A.IN_REVIEW, A.APPROVED, A.REJECTED, A.CHANGES_REQUESTED),
        program="program_id",
    ),
    ReviewKind(
        "tier_requests",
        TierRequest,
        "created_at",
        open_states=(TierRequestState.PENDING,),
        decisions=(TierRequestState.APPROVED, TierRequestState.DECLINED),
        steps=TierRequestStep,
        step_fk="request",
        responses=(TierRequestState.APPROVED, TierRequestState.DECLINED),
    ),
    ReviewKind(
        "certifications",
        CertificationApplication,
        "created_at",
        open_states=tuple(OPEN_APPLICATION_STATES),
        decisions=(CertificationState.ISSUED, CertificationState.REJECTED),
        steps=CertificationApplicationStep,
        step_fk="application",
        responses=(
            CertificationState.TEST,
            CertificationState.PROJECT_EVALUATION,
            CertificationState.DECISION,
            CertificationState.ISSUED,
            CertificationState.REJECTED,
        ),
    ),
    ReviewKind(
        "volunteering",
        VolunteerApplication,
        "created_at",
        open_states=(VolunteerApplicationState.PENDING,),
        decisions=(VolunteerApplicationState.ACCEPTED, VolunteerApplicationState.DECLINED),
        steps=VolunteerApplicationStep,
        step_fk="application",
        responses=(VolunteerApplicationState.ACCEPTED, VolunteerApplicationState.DECLINED),
    ),
    ReviewKind(
        "station_founding",
        FoundingRequest,
        "created_at",
        open_states=(FoundingState.PENDING,),
        decisions=(FoundingState.APPROVED, FoundingState.REJECTED),
        decided="decided_at",
    ),
    ReviewKind(
        "station_joins",
        JoinRequest,
        "created_at",
        open_states=(JoinState.PENDING,),
        decisions=(JoinState.ACCEPTED, JoinState.DECLINED),
        decided="decided_at",
        station="station_id",
    ),
)

KINDS_BY_SLUG = {kind.slug: kind for kind in REVIEW_KINDS}
