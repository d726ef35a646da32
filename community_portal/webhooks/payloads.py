"""What each message says: one pydantic model per event type.

The same models build the messages (``events``) and document them in the API's
OpenAPI schema (``openapi``), so the two never drift apart. They carry public
identifiers and fields only: members by username, public name and profile
address, never an e-mail address, a reviewer's comment or an internal note.
"""

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, create_model

from community_portal.webhooks.enums import TEST_EVENT_TYPE, EventType


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid")


class WebhookMember(_Data):
    """A member as other people see them."""

    username: str
    name: str = Field(description="The public name.")
    url: str = Field(description="The public profile.")


class WebhookProgram(_Data):
    slug: str
    title: str


class WebhookCampaign(_Data):
    slug: str
    title: str


class WebhookStation(_Data):
    slug: str
    name: str
    kind: str = Field(description="`city` or `university`.")
    city: str
    url: str


class WebhookPointsSource(_Data):
    type: str = Field(description="What the points are for, e.g. `submission`.")
    id: int


class ApplicationApprovedData(_Data):
    application_id: int = Field(description="Also the participant's id in the API's showcase.")
    organization: str
    website: str
    program: WebhookProgram
    approved_at: datetime


class SubmissionSelectedData(_Data):
    submission_id: int
    title: str
    url: str = Field(description="The submitted content (article, pull request...).")
    channel: str
    campaign: WebhookCampaign
    author: WebhookMember
    points: int | None = Field(description="Points awarded with the selection, if any.")
    selected_at: datetime


class PointsAwardedData(_Data):
    entry_id: int
    member: WebhookMember
    amount: int
    source: WebhookPointsSource
    awarded_at: datetime


class PointsReversedData(_Data):
    entry_id: int = Field(description="The correcting entry.")
    reverses_entry_id: int
    member: WebhookMember
    amount: int = Field(description="The correction: the opposite of the original amount.")
    source: WebhookPointsSource
    reversed_at: datetime


class StationFoundedData(_Data):
    station: WebhookStation
    lead: WebhookMember
    founded_at: datetime


class EventData(_Data):
    event_id: int
    title: str
    kind: str
    state: str
    station: WebhookStation
    starts_at: datetime
    ends_at: datetime
    venue: str
    online: bool = Field(description="Whether it can be joined online (the link is not sent).")
    capacity: int
    url: str


class EventChangedData(EventData):
    changed: list[str] = Field(description="The fields that changed.")


class CertificateData(_Data):
    number: str
    level: str = Field(description="The certification level's short name.")
    level_name: str
    holder: WebhookMember
    issued_on: date
    expires_on: date | None = Field(description="None: valid for life.")
    revoked: bool
    url: str = Field(description="The public certificate page, where anyone can verify it.")


class TierChangedData(_Data):
    member: WebhookMember
    from_tier: str | None
    to_tier: str | None
    changed_at: datetime


class TestData(_Data):
    endpoint: str = Field(description="The endpoint's description, as configured.")
    text: str


DATA_MODELS: dict[str, type[_Data]] = {
    EventType.APPLICATION_APPROVED: ApplicationApprovedData,
    EventType.SUBMISSION_SELECTED: SubmissionSelectedData,
    EventType.POINTS_AWARDED: PointsAwardedData,
    EventType.POINTS_REVERSED: PointsReversedData,
    EventType.STATION_FOUNDED: StationFoundedData,
    EventType.EVENT_CREATED: EventData,
    EventType.EVENT_CHANGED: EventChangedData,
    EventType.EVENT_CANCELLED: EventData,
    EventType.CERTIFICATE_ISSUED: CertificateData,
    EventType.CERTIFICATE_REVOKED: CertificateData,
    EventType.CERTIFICATE_RENEWED: CertificateData,
    EventType.TIER_CHANGED: TierChangedData,
    TEST_EVENT_TYPE: TestData,
}


def _model_name(event_type: str) -> str:
    parts = event_type.removeprefix("webhook.").replace("_", ".").split(".")
    return "Webhook" + "".join(part.title() for part in parts)


def _envelope(event_type: str, data: type[_Data]) -> type[BaseModel]:
    """The whole body of one event type: ``type``, ``timestamp`` and ``data``."""
    return create_model(
        _model_name(event_type),
        __config__=ConfigDict(extra="forbid"),
        type=(Literal[event_type], Field(description="The event type.")),
        timestamp=(datetime, Field(description="When the event happened (UTC).")),
        data=(data, ...),
    )


PAYLOADS: dict[str, type[BaseModel]] = {
    event_type: _envelope(str(event_type), data) for event_type, data in DATA_MODELS.items()
}
