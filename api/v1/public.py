"""The public resources: what any visitor of the web pages may read.

Every route reads through the selectors and FilterSets the web pages use, so
the API lists what the pages list, filtered the same way, and shows no more.
"""

from typing import Literal

from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch
from django.http import Http404
from django.utils import timezone
from ninja import Query, Router, Schema
from pydantic import Field

from api.v1 import schemas
from api.v1.common import PageQuery, invalid_filter, paginate
from community_portal.core.page_cache import cached_result
from community_portal.core.pagination import KeysFirstPaginator
from members.filters import DirectoryFilter
from members.selectors.certifications import certificate_by_number, public_certificates
from members.selectors.mentorship import mentor_for
from members.selectors.profiles import directory_members, profile_member
from members.selectors.volunteering import member_group_memberships
from programs import selectors as programs
from programs.filters import ShowcaseFilter
from stations import selectors as stations
from stations.enums import ROLE_ORDER, Region, StationKind
from stations.filters import StationFilter
from submissions import selectors as submissions
from submissions.models import RewardRule

router = Router()
VISITOR = AnonymousUser()
PROFILE_SELECTED_SUBMISSIONS = 5
# What the acknowledgments show (as their page): selections and the authors' names.
ACKNOWLEDGMENT_TAGS = ("submissions", "members")


def _filtered(filterset_class, data: dict, queryset):
    """The FilterSet of the web page, fed with the validated query; 422 if it refuses."""
    filterset = filterset_class({k: v for k, v in data.items() if v not in (None, "")}, queryset)
    if not filterset.is_valid():
        raise invalid_filter(filterset)
    return filterset.qs


def _one(queryset_or_none):
    if queryset_or_none is None:
        raise Http404
    return queryset_or_none


# --- Programs and the showcase -----------------------------------------------------------


@router.get("programs", response=schemas.Page[schemas.ProgramOut], tags=["programs"])
def programs_list(request, page: Query[PageQuery]):
    """Public programs: those accepting applications first, then upcoming, then the rest."""
    return paginate(programs.programs_for_list(today=request.api_today), page)


@router.get("programs/{slug}", response=schemas.ProgramOut, tags=["programs"])
def program_detail(request, slug: str):
    return _one(programs.programs_for_list(today=request.api_today).filter(slug=slug).first())


class ShowcaseQuery(Schema):
    program: str | None = Field(None, description="A program's slug.")


@router.get("showcase", response=schemas.Page[schemas.ParticipantOut], tags=["programs"])
def showcase(request, page: Query[PageQuery], filters: Query[ShowcaseQuery]):
    """Approved and completed participants with their logos and milestones."""
    rows = _filtered(ShowcaseFilter, filters.dict(), programs.showcase_participations())
    return paginate(rows, page)


# --- Stations and events ----------------------------------------------------------------


class StationQuery(Schema):
    q: str | None = Field(None, max_length=100, description="Part of the name or the city.")
    kind: Literal[tuple(StationKind.values)] | None = None  # type: ignore[valid-type]
    region: Literal[tuple(Region.values)] | None = None  # type: ignore[valid-type]


@router.get("stations", response=schemas.Page[schemas.StationOut], tags=["stations"])
def stations_list(request, page: Query[PageQuery], filters: Query[StationQuery]):
    """Active stations by name, with their member count and next event."""
    rows = _filtered(StationFilter, filters.dict(), stations.directory_stations())
    return paginate(rows, page, transform=stations.directory_page_details)


@router.get("stations/{slug}", response=schemas.StationDetailOut, tags=["stations"])
def station_detail(request, slug: str):
    """A station with its leadership by role, member count and upcoming events."""
    station = _one(stations.station_by_slug(slug=slug))
    station.leadership = [
        {"role": role.value, "label": str(label), "members": [holder.member for holder in holders]}
        for role, (label, holders) in zip(
            ROLE_ORDER, stations.station_leadership(station=station), strict=True
        )
    ]
    station.upcoming_events = list(stations.station_upcoming_events(station=station))
    for event in station.upcoming_events:
        event.station = station
    return station


class EventQuery(Schema):
    station: str | None = Field(None, description="A station's slug.")
    when: Literal["upcoming", "past"] = Field(
        "upcoming", description="upcoming (soonest first) or past (latest first)."
    )


@router.get("events", response=schemas.Page[schemas.EventOut], tags=["stations"])
def events_list(request, page: Query[PageQuery], filters: Query[EventQuery]):
    station = None
    if filters.station:
        station = _one(stations.station_by_slug(slug=filters.station))
    return paginate(stations.public_events(when=filters.when, station=station), page)


@router.get("events/{int:event_id}", response=schemas.EventOut, tags=["stations"])
def event_detail(request, event_id: int):
    return _one(stations.public_events(when=None).filter(pk=event_id).first())


# --- Campaigns, leaderboards, acknowledgments ---------------------------------------------


def _campaigns():
    return submissions.campaigns_for_viewer(user=VISITOR).prefetch_related(
        Prefetch("rules", queryset=RewardRule.objects.order_by("position", "id"))
    )


@router.get("campaigns", response=schemas.Page[schemas.CampaignOut], tags=["campaigns"])
def campaigns_list(request, page: Query[PageQuery]):
    """Published campaigns, with their reward rules in the order they are tried."""
    return paginate(_campaigns().order_by("-opens_on", "-id"), page)


@router.get("campaigns/{slug}", response=schemas.CampaignDetailOut, tags=["campaigns"])
def campaign_detail(request, slug: str):
    """A campaign; each "first N selected" rule says how many places are left."""
    campaign = _one(_campaigns().filter(slug=slug).first())
    rules = []
    for item in submissions.campaign_rules_with_progress(campaign=campaign):
        item.rule.places_left = item.places_left
        rules.append(item.rule)
    campaign.rule_progress = rules
    return campaign


@router.get(
    "campaigns/{slug}/acknowledgments",
    response=schemas.Page[schemas.AcknowledgmentOut],
    tags=["campaigns"],
)
def acknowledgments(request, slug: str, page: Query[PageQuery]):
    """Everyone whose content the campaign selected, in the order of their first selection."""
    campaign = _one(submissions.campaigns_for_viewer(user=VISITOR).filter(slug=slug).first())
    people = cached_result(
        f"api:acknowledgments:{campaign.pk}",
        ACKNOWLEDGMENT_TAGS,
        lambda: submissions.campaign_acknowledgments(campaign=campaign),
    )
    return paginate(people, page)


def _board(page, year=None, month=None):
    if year is not None and not 1 < year < 9999:
        raise Http404
    try:
        board = submissions.leaderboard(year=year, month=month)
    except (ValueError, OverflowError) as error:
        raise Http404 from error
    return paginate(board, page, period=board.period, period_start=board.start)


@router.get("leaderboards/all-time", response=schemas.LeaderboardPage, tags=["leaderboards"])
def leaderboard_all_time(request, page: Query[PageQuery]):
    """Members by points earned since the beginning."""
    return _board(page)


@router.get("leaderboards/{int:year}", response=schemas.LeaderboardPage, tags=["leaderboards"])
def leaderboard_year(request, year: int, page: Query[PageQuery]):
    """Members by points earned in a local year ("star of the year")."""
    return _board(page, year)


@router.get(
    "leaderboards/{int:year}/{int:month}", response=schemas.LeaderboardPage, tags=["leaderboards"]
)
def leaderboard_month(request, year: int, month: int, page: Query[PageQuery]):
    """Members by points earned in a local month ("star of the month")."""
    return _board(page, year, month)


# --- Certificates and members -------------------------------------------------------------


@router.get("certificates/{number}", response=schemas.CertificateOut, tags=["members"])
def certificate(request, number: str):
    """Verify a certificate by its number (as printed; case, spaces and dashes do not matter)."""
    return _one(certificate_by_number(number))


class DirectoryQuery(Schema):
    q: str | None = Field(None, max_length=100, description="Part of the name.")
    tier: int | None = Field(None, description="A tier's id.")
    city: str | None = Field(None, max_length=80)
    certification: int | None = Field(None, description="A certification level's id.")


@router.get("members", response=schemas.Page[schemas.MemberOut], tags=["members"])
def members_list(request, page: Query[PageQuery], filters: Query[DirectoryQuery]):
    """The member directory: active members by name, filtered like its page."""
    rows = _filtered(DirectoryFilter, filters.dict(), directory_members(today=request.api_today))
    paginator = KeysFirstPaginator(
        rows,
        page.limit,
        count_key=f"members-directory:{rows.query}",
        count_tags=("members", "certificates"),
    )
    count = paginator.count
    return {
        "count": count,
        "limit": page.limit,
        "offset": page.offset,
        "items": paginator.rows(page.offset, page.offset + page.limit)
        if page.offset < count
        else [],
    }


@router.get("members/{username}", response=schemas.ProfileOut, tags=["members"])
def member_profile(request, username: str):
    """A member's public profile: what their profile page shows, never an e-mail address."""
    member = _one(profile_member(username))
    mentor = mentor_for(member)
    selected = submissions.member_selected_submissions(member=member)
    return {
        "username": member.username,
        "name": member.public_name,
        "url": schemas.absolute(member.get_absolute_url()),
        "avatar_url": schemas.file_url(member.avatar),
        "tier": member.tier,
        "city": member.city,
        "organization": member.organization,
        "github_handle": member.github_handle,
        "github_handle_verified": bool(member.github_handle) and member.github_handle_verified,
        "languages": member.languages,
        "bio": member.bio,
        "member_since": timezone.localdate(member.date_joined),
        "points": submissions.points_balance(member=member),
        "certificates": list(public_certificates(member)),
        "volunteer_groups": list(member_group_memberships(member)),
        "mentor": mentor if mentor is not None and mentor.is_active else None,
        "selected_submissions": list(selected[:PROFILE_SELECTED_SUBMISSIONS]),
        "participations": list(programs.participations_for_member(member=member)),
        "stations": list(stations.memberships_for_member(member=member)),
    }
