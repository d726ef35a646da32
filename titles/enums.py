"""Roles one serves in, and the review of a certificate of service."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from community_portal.core.workflow import REVIEWER, Move, TransitionTable


class ServiceRole(models.TextChoices):
    """What a certificate of service attests (seed 003: 社区Title; seed 002: volunteers)."""

    STATION_LEAD = "station_lead", _("station lead")
    STATION_DEPUTY = "station_deputy", _("deputy station lead")
    VOLUNTEER = "volunteer", _("volunteer")


STATION_SERVICE_ROLES = (ServiceRole.STATION_LEAD, ServiceRole.STATION_DEPUTY)


class ServiceRequestState(models.TextChoices):
    PROPOSED = "proposed", _("proposed at the end of the term")
    REQUESTED = "requested", _("asked for by the member")
    ISSUED = "issued", _("issued")
    DECLINED = "declined", _("declined")
    WITHDRAWN = "withdrawn", _("withdrawn")


OPEN_SERVICE_REQUEST_STATES = (ServiceRequestState.PROPOSED, ServiceRequestState.REQUESTED)

# The member who served: they ask and withdraw, and never decide their own.
HOLDER = "holder"

SERVICE_REQUEST_TABLE = TransitionTable(
    [
        Move(ServiceRequestState.PROPOSED, ServiceRequestState.ISSUED, REVIEWER),
        Move(ServiceRequestState.REQUESTED, ServiceRequestState.ISSUED, REVIEWER),
        Move(ServiceRequestState.PROPOSED, ServiceRequestState.DECLINED, REVIEWER, True),
        Move(ServiceRequestState.REQUESTED, ServiceRequestState.DECLINED, REVIEWER, True),
        Move(ServiceRequestState.REQUESTED, ServiceRequestState.WITHDRAWN, HOLDER),
    ],
    parties=[HOLDER],
)
