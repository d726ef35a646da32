"""What the API shows of each resource: public fields only, typed.

Each schema lists its fields one by one (never ``fields = "__all__"``), so a field
added to a model stays off the API until someone decides it is public. Text
comes in the active language (choices' labels, and the model's text once it is
translated); links are absolute, from ``SITE_URL``.
"""

from datetime import date, datetime
from typing import Generic, TypeVar

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from ninja import Schema
from pydantic import Field

T = TypeVar("T")


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def file_url(field) -> str | None:
    """The absolute address of an uploaded file, or None without one."""
    return absolute(field.url) if field else None


class Page(Schema, Generic[T]):
    count: int = Field(description="How many items the whole list has.")
    limit: int
    offset: int
    items: list[T]


class Choice(Schema):
    value: str
    label: str


def choice(obj, name: str) -> Choice:
    return Choice(value=getattr(obj, name), label=str(getattr(obj, f"get_{name}_display")()))


# --- People ------------------------------------------------------------------------------


class MemberRef(Schema):
    """A member as other people see them: the public name and the profile's address."""

    username: str
    name: str
    url: str

    @staticmethod
    def resolve_name(obj) -> str:
        return obj.public_name

    @staticmethod
    def resolve_url(obj) -> str:
        return absolute(obj.get_absolute_url())


# --- Programs and the showcase -----------------------------------------------------------


class ProgramOut(Schema):
    slug: str
    title: str
    summary: str
    description: str = Field(description="Markdown.")
    requirements: str = Field(description="Markdown.")
    benefits: str = Field(description="Markdown.")
    state: Choice
    opens_on: date
    closes_on: date
    accepting_applications: bool
    participant_count: int
    url: str

    @staticmethod
    def resolve_state(obj) -> Choice:
        return choice(obj, "state")

    @staticmethod
    def resolve_accepting_applications(obj, context) -> bool:
        return obj.is_accepting_on(context["request"].api_today)

    @staticmethod
    def resolve_url(obj) -> str:
        return absolute(obj.get_absolute_url())


class ProgramRef(Schema):
    slug: str
    title: str


class MilestoneOut(Schema):
    kind: Choice
    title: str
    description: str = Field(description="Markdown.")
    link: str
    achieved_on: date
    promoted: bool

    @staticmethod
    def resolve_kind(obj) -> Choice:
        return choice(obj, "kind")


class ParticipantOut(Schema):
    id: int
    organization: str = Field(validation_alias="organization_name")
    website: str
    logo_url: str | None
    program: ProgramRef
    state: Choice
    approved_on: date | None
    milestones: list[MilestoneOut]

    @staticmethod
    def resolve_logo_url(obj) -> str | None:
        return file_url(obj.logo)

    @staticmethod
    def resolve_state(obj) -> Choice:
        return choice(obj, "state")

    @staticmethod
    def resolve_approved_on(obj) -> date | None:
        return timezone.localdate(obj.approved_at) if obj.approved_at else None

    @staticmethod
    def resolve_milestones(obj) -> list:
        return list(obj.milestones.all())


# --- Stations and events -----------------------------------------------------------------


class StationRef(Schema):
    slug: str
    name: str
    url: str

    @staticmethod
    def resolve_url(obj) -> str:
        return absolute(reverse("stations:detail", args=[obj.slug]))


class EventBrief(Schema):
    id: int
    title: str
    kind: Choice
    starts_at: datetime
    ends_at: datetime
    venue: str
    online_url: str
    state: Choice
    station: StationRef
    url: str
    calendar_url: str

    @staticmethod
    def resolve_kind(obj) -> Choice:
        return choice(obj, "kind")

    @staticmethod
    def resolve_state(obj) -> Choice:
        return choice(obj, "state")

    @staticmethod
    def resolve_url(obj) -> str:
        return absolute(reverse("stations:event", args=[obj.station.slug, obj.pk]))

    @staticmethod
    def resolve_calendar_url(obj) -> str:
        return absolute(reverse("stations:event_feed", args=[obj.station.slug, obj.pk]))


class EventOut(EventBrief):
    description: str = Field(description="Markdown.")
    capacity: int
    seats_taken: int
    waitlist_count: int
    cancellation_reason: str


class NextEvent(Schema):
    id: int
    title: str
    starts_at: datetime


class StationOut(Schema):
    slug: str
    name: str
    kind: Choice
    city: str
    region: Choice
    founded_on: date
    description: str = Field(description="Markdown.")
    banner_url: str | None
    join_link: str
    website: str
    state: Choice
    member_count: int
    next_event: NextEvent | None = None
    url: str
    calendar_url: str

    @staticmethod
    def resolve_kind(obj) -> Choice:
        return choice(obj, "kind")

    @staticmethod
    def resolve_region(obj) -> Choice:
        return choice(obj, "region")

    @staticmethod
    def resolve_state(obj) -> Choice:
        return choice(obj, "state")

    @staticmethod
    def resolve_banner_url(obj) -> str | None:
        return file_url(obj.banner)

    @staticmethod
    def resolve_next_event(obj) -> NextEvent | None:
        if getattr(obj, "next_event_id", None) is None:
            return None
        return NextEvent(
            id=obj.next_event_id, title=obj.next_event_title, starts_at=obj.next_event_starts_at
        )

    @staticmethod
    def resolve_url(obj) -> str:
        return absolute(reverse("stations:detail", args=[obj.slug]))

    @staticmethod
    def resolve_calendar_url(obj) -> str:
        return absolute(reverse("stations:feed", args=[obj.slug]))


class LeadershipRole(Schema):
    role: str
    label: str
    members: list[MemberRef]


class StationDetailOut(StationOut):
    leadership: list[LeadershipRole]
    upcoming_events: list[EventOut]


# --- Campaigns, leaderboards, acknowledgments ---------------------------------------------


def rule_in_words(rule) -> str:
    """The rule as the campaign page words it, as plain text."""
    html = render_to_string("submissions/_rule.html", {"rule": rule})
    return " ".join(strip_tags(html).split())


class RewardRuleOut(Schema):
    position: int
    name: str
    kind: Choice
    in_words: str = Field(description="The rule as the campaign page states it.")
    channels: list[Choice]
    starts_on: date | None
    ends_on: date | None
    points: int | None = Field(description="Fixed points, when the rule gives a fixed amount.")
    min_points: int | None
    max_points: int | None
    limit: int | None = Field(description="For “the first N selected”: N.")

    @staticmethod
    def resolve_kind(obj) -> Choice:
        return choice(obj, "kind")

    @staticmethod
    def resolve_in_words(obj) -> str:
        return rule_in_words(obj)

    @staticmethod
    def resolve_channels(obj) -> list[Choice]:
        return [
            Choice(value=value, label=label)
            for value, label in zip(obj.channels, obj.channel_labels, strict=True)
        ]

    @staticmethod
    def resolve_points(obj) -> int | None:
        return obj.fixed_points

    @staticmethod
    def resolve_min_points(obj) -> int | None:
        return obj.min_points if obj.is_reviewer_valued else None

    @staticmethod
    def resolve_max_points(obj) -> int | None:
        return obj.max_points if obj.is_reviewer_valued else None

    @staticmethod
    def resolve_limit(obj) -> int | None:
        return obj.limit if obj.kind == "first_selected" else None


class CampaignOut(Schema):
    slug: str
    title: str
    summary: str
    description: str = Field(description="Markdown.")
    opens_on: date
    closes_on: date
    is_open: bool
    channels: list[Choice]
    rules: list[RewardRuleOut]
    url: str
    acknowledgments_url: str

    @staticmethod
    def resolve_channels(obj) -> list[Choice]:
        return [
            Choice(value=value, label=label)
            for value, label in zip(obj.channels, obj.channel_labels, strict=True)
        ]

    @staticmethod
    def resolve_rules(obj) -> list:
        return list(obj.rules.all())

    @staticmethod
    def resolve_url(obj) -> str:
        return absolute(obj.get_absolute_url())

    @staticmethod
    def resolve_acknowledgments_url(obj) -> str:
        return absolute(reverse("submissions:acknowledgments", args=[obj.slug]))


class RuleProgressOut(RewardRuleOut):
    places_left: int | None = Field(description="For “the first N selected”: places left.")


class CampaignDetailOut(CampaignOut):
    rules: list[RuleProgressOut]

    @staticmethod
    def resolve_rules(obj) -> list:
        return obj.rule_progress


class LeaderboardRowOut(Schema):
    rank: int
    member: MemberRef
    points: int


class LeaderboardPage(Page[LeaderboardRowOut]):
    period: str = Field(description="all_time, year or month.")
    period_start: date


class SubmissionLink(Schema):
    title: str
    url: str


class AcknowledgmentOut(Schema):
    member: MemberRef
    submissions: list[SubmissionLink]


# --- Certificates and profiles ------------------------------------------------------------


class LevelOut(Schema):
    slug: str
    name: str
    track: Choice
    badge_name: str
    badge_image_url: str | None

    @staticmethod
    def resolve_track(obj) -> Choice:
        return choice(obj, "track")

    @staticmethod
    def resolve_badge_image_url(obj) -> str | None:
        return file_url(obj.badge_image)


class CertificateOut(Schema):
    number: str
    state: Choice
    holder: MemberRef
    level: LevelOut
    issued_on: date
    expires_on: date | None = Field(description="Empty for a lifetime certificate.")
    revoked_on: date | None
    url: str
    credential_url: str

    @staticmethod
    def resolve_state(obj) -> Choice:
        state = obj.state
        return Choice(value=state.value, label=str(state.label))

    @staticmethod
    def resolve_revoked_on(obj) -> date | None:
        return timezone.localdate(obj.revoked_at) if obj.revoked_at else None

    @staticmethod
    def resolve_url(obj) -> str:
        return absolute(obj.get_absolute_url())

    @staticmethod
    def resolve_credential_url(obj) -> str:
        return absolute(reverse("members:certificate_credential", args=[obj.number]))


class CertificateBrief(Schema):
    number: str
    level: LevelOut
    state: Choice
    issued_on: date
    url: str

    resolve_state = staticmethod(CertificateOut.resolve_state)
    resolve_url = staticmethod(CertificateOut.resolve_url)


class TierOut(Schema):
    level: str
    name: str

    @staticmethod
    def resolve_name(obj) -> str:
        return str(obj)


class MemberOut(MemberRef):
    avatar_url: str | None
    tier: TierOut | None
    city: str
    organization: str
    valid_certificates: list[LevelOut]

    @staticmethod
    def resolve_avatar_url(obj) -> str | None:
        return file_url(obj.avatar)

    @staticmethod
    def resolve_valid_certificates(obj) -> list:
        return [certificate.level for certificate in obj.valid_certificates]


class GroupRef(Schema):
    slug: str
    name: str


class MentorOut(Schema):
    kind: Choice
    areas: str

    @staticmethod
    def resolve_kind(obj) -> Choice:
        return choice(obj, "kind")


class StationRoleOut(Schema):
    station: StationRef
    role: Choice | None

    @staticmethod
    def resolve_role(obj) -> Choice | None:
        return choice(obj, "role") if obj.role else None


class ParticipationOut(Schema):
    organization: str = Field(validation_alias="organization_name")
    program: ProgramRef


class SelectedSubmissionOut(Schema):
    title: str
    url: str
    campaign: str
    selected_at: datetime | None

    @staticmethod
    def resolve_campaign(obj) -> str:
        return obj.campaign.title


class ProfileOut(Schema):
    username: str
    name: str
    url: str
    avatar_url: str | None
    tier: TierOut | None
    city: str
    organization: str
    github_handle: str
    github_handle_verified: bool = Field(
        description="True when the handle is the login of a GitHub account the member "
        "signed in with or linked; false when it was typed by hand."
    )
    languages: str
    bio: str = Field(description="Markdown.")
    member_since: date
    points: int
    certificates: list[CertificateBrief]
    volunteer_groups: list[GroupRef]
    mentor: MentorOut | None
    selected_submissions: list[SelectedSubmissionOut]
    participations: list[ParticipationOut]
    stations: list[StationRoleOut]


# --- The member's own data ----------------------------------------------------------------


class MeOut(MemberRef):
    pass


class PointEntryOut(Schema):
    id: int
    amount: int
    reason: str
    created_at: datetime
    reverses: int | None = Field(validation_alias="reverses_id")


class PointsOut(Page[PointEntryOut]):
    balance: int


class CampaignRef(Schema):
    slug: str
    title: str


class SubmissionOut(Schema):
    id: int
    title: str
    channel: Choice
    url: str
    summary: str
    state: Choice
    campaign: CampaignRef
    points: int
    submitted_at: datetime
    selected_at: datetime | None

    @staticmethod
    def resolve_channel(obj) -> Choice:
        return choice(obj, "channel")

    @staticmethod
    def resolve_state(obj) -> Choice:
        return choice(obj, "state")


class NamedMemberOut(Schema):
    member: MemberRef
    state: Choice

    @staticmethod
    def resolve_state(obj) -> Choice:
        return choice(obj, "state")


class ApplicationOut(Schema):
    id: int
    program: ProgramRef
    organization: str = Field(validation_alias="organization_name")
    website: str
    state: Choice
    named_members: list[NamedMemberOut]
    created_at: datetime
    submitted_at: datetime | None
    decided_at: datetime | None
    url: str

    @staticmethod
    def resolve_state(obj) -> Choice:
        return choice(obj, "state")

    @staticmethod
    def resolve_named_members(obj) -> list:
        return list(obj.named_members.all())

    @staticmethod
    def resolve_url(obj) -> str:
        return absolute(obj.get_absolute_url())


class RegistrationOut(Schema):
    event: EventBrief
    state: Choice
    registered_at: datetime = Field(validation_alias="created_at")
    checked_in_at: datetime | None

    @staticmethod
    def resolve_state(obj) -> Choice:
        return choice(obj, "state")


class ErrorOut(Schema):
    detail: str | list | dict
