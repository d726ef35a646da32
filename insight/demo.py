"""Demo data: two years of community life, so that every chart of the health
dashboard (``/insight/``) and the members' pictures (points over time, contribution
calendars, station attendance, campaign windows) have a shape.

The history grows (more members and contributions each quarter), follows the
seasons (quieter in the summer holidays, a deep dip around each Spring Festival),
has an inactive cohort (early contributors who stopped a year ago), a dormant
station (Wuhan, no event for ten months), reviews answered in a day or in a
month, certificates issued, expiring and renewed, members at every tier and
program applications in every state.

It is written with ``bulk_create`` so that ``make run`` stays quick; the points
ledger is written as history too and the leaderboards' summary is rebuilt from
it once (``rebuild_points_summary --check`` finds no difference). Generated from
a fixed random seed, relative to today; a database that has the history already
is left alone (a second run changes nothing).
"""

import random
from datetime import date, datetime, time, timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from community_portal.core.messages import POINTS_REWARD_RULE, TIER_JOINED, content, stored
from community_portal.core.seeding import add_translations
from insight import demo_texts
from insight.summaries import summary_rebuild as dashboard_summary_rebuild
from members.demo import demo_password_hash
from members.enums import (
    ApplicationAction,
    CertificateEventKind,
    TierLevel,
    TierRequestState,
    VolunteerApplicationState,
)
from members.enums import ApplicationState as CertificationState
from members.models import (
    Certificate,
    CertificateEvent,
    CertificationApplication,
    CertificationApplicationStep,
    CertificationLevel,
    Tier,
    TierChange,
    TierRequest,
    TierRequestStep,
    User,
    VolunteerApplication,
    VolunteerApplicationStep,
    VolunteerGroup,
)
from programs.demo import demo_logo
from programs.enums import ApplicationState, NamedMemberState, ProgramState
from programs.models import Application, ApplicationTransition, NamedMember, Program
from stations.enums import (
    EventKind,
    EventState,
    FoundingState,
    JoinState,
    Region,
    RegistrationState,
    StationKind,
    StationState,
)
from stations.models import (
    Event,
    FoundingRequest,
    JoinRequest,
    Membership,
    Registration,
    Station,
    name_key,
)
from submissions.enums import Channel, RewardRuleKind, SubmissionState
from submissions.links import normalize_url
from submissions.models import Campaign, PointEntry, RewardRule, Submission, SubmissionTransition
from submissions.points_summary import summary_rebuild

SEED = 20261201
DAYS = 730  # two years
MEMBERS = 96
# The generated members' usernames start with this (the first one marks the history).
PREFIX = "h."
# Spring Festival (春节) days around the history; activity drops for about two weeks.
SPRING_FESTIVALS = [date(2024, 2, 10), date(2025, 1, 29), date(2026, 2, 17), date(2027, 2, 6)]

SURNAMES = ["Zhang", "Liu", "Yang", "Huang", "Wu", "Xu", "Sun", "Hu", "Zhu", "Guo", "He", "Gao"]
GIVEN = ["Yi", "Hao", "Ning", "Qing", "Rui", "Bo", "Xuan", "Yu", "Ting", "Chen", "Kai", "Lan"]
CITIES = ["Shanghai", "Hangzhou", "Chengdu", "Beijing", "Shenzhen", "Wuhan", "Nanjing"]

F, B, P, R = Channel.FORUM_POST, Channel.BLOG_POST, Channel.PULL_REQUEST, Channel.BUG_REPORT

# slug, title, summary, first day and last day (days before today), channels, points
CAMPAIGNS = [
    (
        "observability-cookbook",
        "The observability cookbook",
        "Share an observability recipe you use in production.",
        720,
        520,
        [F, B, P],
        200,
    ),
    (
        "collector-bug-bash",
        "Collector bug-bash month",
        "Find the mistakes in the Collector's documentation and examples.",
        480,
        330,
        [R, P],
        50,
    ),
    (
        "migration-stories",
        "Migration stories",
        "Tell how you moved your systems over.",
        360,
        150,
        [F, B],
        150,
    ),
    (
        "first-contribution-month",
        "First contribution month",
        "Send your first pull request or your first article.",
        200,
        16,
        [F, B, P, R],
        100,
    ),
]
CAMPAIGN_DESCRIPTIONS = {
    "observability-cookbook": "Every selected article goes into the community's cookbook.",
    "collector-bug-bash": "Every confirmed mistake earns points.",
    "migration-stories": "Describe your migration, its pitfalls and how it turned out.",
    "first-contribution-month": "A mentor reviews every newcomer's contribution.",
}
RULE_NAME = "Selected during the campaign"

SUBMISSION_TITLES = [
    "Sampling traces without losing the errors",
    "A dashboard for the collector's own health",
    "Tail-based sampling in a busy cluster",
    "Correlating logs and traces by trace id",
    "Cutting metric cardinality in half",
    "Instrumenting a Go service in an afternoon",
    "What we learned running the collector as a DaemonSet",
    "Alert rules that wake nobody up for nothing",
    "Typo in the exporter configuration example",
    "Broken link in the getting-started guide",
    "Profiling a slow exporter",
    "Moving from a home-made agent to the collector",
]

# Days a reviewer takes to answer, and how often (a long tail: a few wait a month).
LOGO_COLOURS = ["#0f766e", "#be123c", "#4338ca", "#a16207", "#0369a1"]

REVIEW_DELAYS = ([1, 2, 3, 4, 6, 8, 11, 15, 22, 33], [14, 18, 16, 12, 10, 8, 7, 6, 5, 4])


def _at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _activity(day: date, today: date) -> float:
    """How busy the community was on ``day``: growth, seasons, the Spring Festival."""
    age = (today - day).days
    growth = 0.45 + 1.1 * (DAYS - age) / DAYS
    season = {7: 0.75, 8: 0.65, 12: 0.9}.get(day.month, 1.0)
    if any(-7 <= (day - festival).days <= 10 for festival in SPRING_FESTIVALS):
        season *= 0.2
    if day.weekday() >= 5:
        season *= 0.5
    return growth * season


class History:
    """One generation of the history (a fixed seed, relative to today)."""

    def __init__(self, today: date):
        self.rng = random.Random(SEED)  # noqa: S311 (demo data, not secrets)
        self.today = today
        self.days = [today - timedelta(days=age) for age in range(DAYS, 0, -1)]
        self.weights = [_activity(day, today) for day in self.days]
        self.admin = User.objects.get(username="admin")
        self.reviewer = User.objects.get(username="reviewer")
        self.tiers = {tier.level: tier for tier in Tier.objects.all()}

    def day(self, after: date | None = None, before: date | None = None, growing=False) -> date:
        """A day of the history, busier days more often, within the bounds given
        (``growing``: the growth counts twice, as for members joining)."""
        low = after or self.days[0]
        high = before or self.days[-1]
        pairs = [
            (d, w * w if growing else w)
            for d, w in zip(self.days, self.weights, strict=True)
            if low <= d <= high
        ]
        if not pairs:
            return high
        days, weights = zip(*pairs, strict=True)
        return self.rng.choices(days, weights)[0]

    def delay(self) -> int:
        return self.rng.choices(*REVIEW_DELAYS)[0]

    # --- Members --------------------------------------------------------------------------

    def members(self) -> list[User]:
        names = [(s, g) for s in SURNAMES for g in GIVEN]
        self.rng.shuffle(names)
        rows, addresses = [], []
        for index, (surname, given) in enumerate(names[:MEMBERS]):
            username = f"{PREFIX}{surname.lower()}.{given.lower()}"
            joined = self.day(growing=True)
            rows.append(
                User(
                    username=username,
                    email=f"{username.replace('.', '-')}@example.org",
                    display_name=f"{surname} {given}",
                    city=CITIES[index % len(CITIES)],
                    password=demo_password_hash(username),
                    date_joined=_at(joined, 9 + index % 10, index % 60),
                    tier=self.tiers.get(TierLevel.USER),
                    preferred_language="zh-hans" if index % 3 else "en",
                )
            )
        User.objects.bulk_create(rows)
        people = list(User.objects.filter(username__startswith=PREFIX).order_by("date_joined"))
        joined = stored(TIER_JOINED)
        for person in people:
            addresses.append(
                EmailAddress(user=person, email=person.email, verified=True, primary=True)
            )
        EmailAddress.objects.bulk_create(addresses)
        if TierLevel.USER in self.tiers:
            TierChange.objects.bulk_create(
                TierChange(
                    member=person,
                    to_tier=self.tiers[TierLevel.USER],
                    reason=joined.text,
                    message_id=joined.message_id,
                    message_params=joined.params,
                    decided_at=person.date_joined,
                )
                for person in people
            )
        return people

    # --- Campaigns, submissions, points -------------------------------------------------------

    def campaigns(self) -> list[tuple[Campaign, RewardRule]]:
        campaigns = []
        for slug, title, summary, first, last, channels, points in CAMPAIGNS:
            campaign = Campaign.objects.create(
                slug=slug,
                title=title,
                summary=summary,
                description=CAMPAIGN_DESCRIPTIONS[slug],
                opens_on=self.today - timedelta(days=first),
                closes_on=self.today - timedelta(days=last),
                channels=channels,
                is_published=True,
                created_at=_at(self.today - timedelta(days=first + 7)),
            )
            add_translations(campaign, demo_texts.CAMPAIGNS[slug])
            rule = RewardRule.objects.create(
                campaign=campaign,
                position=1,
                name=RULE_NAME,
                kind=RewardRuleKind.DATE_RANGE,
                channels=channels,
                starts_on=campaign.opens_on,
                ends_on=campaign.closes_on + timedelta(days=60),
                points=points,
            )
            add_translations(rule, demo_texts.RULES[RULE_NAME])
            campaigns.append((campaign, rule))
        # The campaign open today (submissions.demo) gets its first weeks of stories.
        if (
            current := Campaign.objects.filter(slug="operations-stories")
            .prefetch_related("rules")
            .first()
        ):
            campaigns.append((current, current.rules.first()))
        return campaigns

    def submissions(self, campaigns, people: list[User], inactive: set[int]) -> None:
        """Submissions over the campaigns' windows, reviewed after a varied delay."""
        regulars = list(User.objects.filter(username__in=["member", "linxiao", "wanglei"]))
        # Every third member never contributes (they come to meetups, or only read).
        contributors = [p for i, p in enumerate(people) if i % 3 != 2] + regulars * 6
        rows, decisions = [], []
        number = 0
        for campaign, rule in campaigns:
            first = max(campaign.opens_on, self.days[0])
            last = min(campaign.closes_on, self.today)
            length = (last - first).days + 1
            count = max(12, length * 3 // 4) if campaign.closes_on < self.today else 24
            for _n in range(count):
                day = self.day(first, last)
                recent = (self.today - day).days < 380
                candidates = [
                    p
                    for p in contributors
                    if p.date_joined.date() <= day and not (recent and p.pk in inactive)
                ]
                if not candidates:
                    continue
                author = self.rng.choice(candidates)
                number += 1
                channel = self.rng.choice(campaign.channels)
                url = f"https://forum.example.org/t/{campaign.slug}/{number}"
                submitted = _at(day, 9 + number % 9, number % 60)
                decided_day = day + timedelta(days=self.delay())
                outcome = self.rng.choices(
                    ["select", "reject", "changes", "withdraw"], [70, 18, 8, 4]
                )[0]
                if decided_day >= self.today:
                    outcome = "waiting"
                decided = _at(decided_day, 15, number % 60)
                state = {
                    "select": SubmissionState.SELECTED,
                    "reject": SubmissionState.REJECTED,
                    "changes": SubmissionState.CHANGES_REQUESTED,
                    "withdraw": SubmissionState.WITHDRAWN,
                    "waiting": SubmissionState.SUBMITTED,
                }[outcome]
                rows.append(
                    Submission(
                        campaign=campaign,
                        author=author,
                        title=self.rng.choice(SUBMISSION_TITLES),
                        channel=channel,
                        url=url,
                        url_key=normalize_url(url),
                        summary="What we did, the commands and the results.",
                        state=state,
                        reward_rule=rule if outcome == "select" and rule else None,
                        created_at=submitted,
                        submitted_at=submitted,
                        decided_at=decided if outcome in ("select", "reject") else None,
                        selected_at=decided if outcome == "select" else None,
                    )
                )
                decisions.append((outcome, decided, rule))
        Submission.objects.bulk_create(rows)
        saved = {s.url: s for s in Submission.objects.filter(url__in=[row.url for row in rows])}
        steps, entries = [], []
        submission_type = ContentType.objects.get_for_model(Submission)
        for row, (outcome, decided, rule) in zip(rows, decisions, strict=True):
            submission = saved[row.url]
            steps.append(
                SubmissionTransition(
                    submission=submission,
                    actor_id=submission.author_id,
                    to_state=SubmissionState.SUBMITTED,
                    created_at=submission.submitted_at,
                )
            )
            if outcome == "waiting":
                continue
            actor = submission.author_id if outcome == "withdraw" else self.reviewer.pk
            points = (rule.fixed_points or None) if outcome == "select" and rule else None
            steps.append(
                SubmissionTransition(
                    submission=submission,
                    actor_id=actor,
                    from_state=SubmissionState.SUBMITTED,
                    to_state=submission.state,
                    points=points,
                    created_at=decided,
                )
            )
            if points:
                reason = stored(POINTS_REWARD_RULE, rule=content(rule, "name"))
                entries.append(
                    PointEntry(
                        member_id=submission.author_id,
                        amount=points,
                        reason=reason.text[:300],
                        message_id=reason.message_id,
                        message_params=reason.params,
                        source_type=submission_type,
                        source_id=submission.pk,
                        awarded_by=self.reviewer,
                        created_at=decided,
                    )
                )
        SubmissionTransition.objects.bulk_create(steps)
        PointEntry.objects.bulk_create(entries)

    # --- Stations and events ------------------------------------------------------------------

    def wuhan(self, people: list[User]) -> Station:
        """A station that held a few meetups in its first year, then none for ten months."""
        lead = people[5]
        founded = self.today - timedelta(days=600)
        station = Station.objects.create(
            name="Wuhan",
            name_key=name_key("Wuhan"),
            slug="wuhan",
            kind=StationKind.CITY,
            city="Wuhan",
            region=Region.CENTRAL,
            founded_on=founded,
            description="The Wuhan station held a few meetups in 2025, and none since.",
            state=StationState.DORMANT,
            place_aliases="武汉",
            created_at=_at(founded),
        )
        add_translations(station, demo_texts.WUHAN)
        Membership.objects.create(
            station=station,
            member=lead,
            role="lead",
            joined_at=_at(founded),
            role_since=_at(founded),
        )
        return station

    def founding_requests(self, people: list[User], wuhan: Station) -> None:
        """Wuhan's approved request, and others declined or withdrawn over the two years."""
        rows = [
            # name, city, region, asked (days ago), answered after (days), state, proposer
            ("Wuhan", "Wuhan", Region.CENTRAL, 612, 12, FoundingState.APPROVED, 5),
            ("Xi'an", "Xi'an", Region.NORTHWEST, 520, 9, FoundingState.REJECTED, 12),
            ("Suzhou", "Suzhou", Region.EAST, 430, 3, FoundingState.WITHDRAWN, 17),
            ("Nanjing", "Nanjing", Region.EAST, 330, 21, FoundingState.REJECTED, 23),
            ("Xiamen", "Xiamen", Region.SOUTH, 160, 6, FoundingState.REJECTED, 31),
            ("Qingdao", "Qingdao", Region.EAST, 150, 30, FoundingState.REJECTED, 37),
            ("Changsha", "Changsha", Region.CENTRAL, 70, 4, FoundingState.REJECTED, 41),
            ("Hefei", "Hefei", Region.EAST, 55, 13, FoundingState.REJECTED, 47),
        ]
        requests = []
        for name, city, region, asked, after, state, proposer in rows:
            decided = self.today - timedelta(days=asked - after)
            requests.append(
                FoundingRequest(
                    proposer=people[proposer],
                    kind=StationKind.CITY,
                    name=name,
                    name_key=name_key(name),
                    city=city,
                    region=region,
                    motivation="About twenty users meet here already; we would meet monthly.",
                    state=state,
                    created_at=_at(self.today - timedelta(days=asked), 20),
                    decided_at=_at(decided, 11),
                    decided_by=None if state == FoundingState.WITHDRAWN else self.reviewer,
                    decision_comment=""
                    if state == FoundingState.WITHDRAWN
                    else "Welcome!"
                    if state == FoundingState.APPROVED
                    else "Too few active members there yet: try again in a few months.",
                    station=wuhan if state == FoundingState.APPROVED else None,
                )
            )
        FoundingRequest.objects.bulk_create(requests)

    def backdate_accounts(self) -> None:
        """The other demo accounts were made today: they joined before the history."""
        start = self.today - timedelta(days=DAYS + 120)
        accounts = list(
            User.objects.exclude(username__startswith=PREFIX)
            .filter(date_joined__gte=_at(self.today, 0))
            .order_by("pk")
        )
        for index, account in enumerate(accounts):
            account.date_joined = _at(start + timedelta(days=(index * 7) % 120), 9)
        User.objects.bulk_update(accounts, ["date_joined"])

    def events(self, people: list[User], wuhan: Station) -> None:
        stations = list(
            Station.objects.exclude(state=StationState.PROPOSED).prefetch_related("memberships")
        )
        event_rows, plans = [], []
        for station in stations:
            texts_name = {
                "en": station.name_en or station.name,
                "zh-hans": station.name_zh_hans or station.name,
                "fr": getattr(station, "name_fr", "") or station.name_en or station.name,
            }
            if station.pk == wuhan.pk:
                first, last = 590, 300
                every = 60
            elif station.kind == StationKind.UNIVERSITY:
                first, last, every = 700, 8, 45
            else:
                first, last, every = DAYS - 10, 4, 30 if station.name_en == "Chengdu" else 24
            age = first
            while age >= last:
                day = self.today - timedelta(days=age)
                age -= every + self.rng.randint(-6, 6)
                if _activity(day, self.today) < 0.3 or day.weekday() >= 5:
                    # No meetup during the Spring Festival; weekdays in the evening.
                    day += timedelta(days=(7 - day.weekday()) % 7 + 1)
                if any(-7 <= (day - f).days <= 10 for f in SPRING_FESTIVALS):
                    continue
                kind = self.rng.choices(
                    [EventKind.MEETUP, EventKind.WORKSHOP, EventKind.ONLINE_TALK], [6, 2, 2]
                )[0]
                titles = demo_texts.EVENTS[kind]
                cancelled = self.rng.random() < 0.05
                capacity = self.rng.choice([20, 30, 40, 60])
                event_rows.append(
                    Event(
                        station=station,
                        title_en=titles["en"].format(station=texts_name["en"]),
                        title_zh_hans=titles["zh-hans"].format(station=texts_name["zh-hans"]),
                        title_fr=titles["fr"].format(station=texts_name["fr"]),
                        description_en=demo_texts.EVENT_DESCRIPTION["en"],
                        description_zh_hans=demo_texts.EVENT_DESCRIPTION["zh-hans"],
                        description_fr=demo_texts.EVENT_DESCRIPTION["fr"],
                        kind=kind,
                        starts_at=_at(day, 19),
                        ends_at=_at(day, 21),
                        venue=f"{station.city}, community space",
                        online_url="https://meeting.example.org/stations-live"
                        if kind == EventKind.ONLINE_TALK
                        else "",
                        capacity=capacity,
                        state=EventState.CANCELLED if cancelled else EventState.SCHEDULED,
                        cancelled_at=_at(day - timedelta(days=3)) if cancelled else None,
                        cancellation_reason="The speaker fell ill." if cancelled else "",
                        created_at=_at(day - timedelta(days=21)),
                    )
                )
                plans.append((station, day, capacity, cancelled))
        Event.objects.bulk_create(event_rows)
        registrations = []
        for event, (station, day, capacity, cancelled) in zip(event_rows, plans, strict=True):
            local = [m.member_id for m in station.memberships.all()]
            pool = [p.pk for p in people if p.date_joined.date() < day] + local
            growth = _activity(day, self.today) / 1.5
            wanted = min(capacity, max(4, int(capacity * (0.35 + 0.6 * growth))))
            chosen = self.rng.sample(sorted(set(pool)), min(wanted, len(set(pool))))
            show_rate = self.rng.uniform(0.55, 0.9)
            for member_id in chosen:
                registered = _at(day - timedelta(days=self.rng.randint(1, 18)), 12)
                if cancelled:
                    state = RegistrationState.REGISTERED
                else:
                    state = self.rng.choices(
                        [
                            RegistrationState.ATTENDED,
                            RegistrationState.REGISTERED,
                            RegistrationState.CANCELLED,
                        ],
                        [show_rate, 1 - show_rate, 0.08],
                    )[0]
                registrations.append(
                    Registration(
                        event=event,
                        member_id=member_id,
                        state=state,
                        created_at=registered,
                        checked_in_at=_at(day, 19, self.rng.randint(0, 40))
                        if state == RegistrationState.ATTENDED
                        else None,
                    )
                )
        Registration.objects.bulk_create(registrations)

    def memberships(self, people: list[User]) -> None:
        """Generated members join stations (answered join requests), a few still waiting."""
        stations = list(Station.objects.filter(state=StationState.ACTIVE).order_by("pk"))
        leads = {
            m.station_id: m.member_id for m in Membership.objects.filter(role="lead").order_by()
        }
        taken = set(Membership.objects.values_list("station_id", "member_id"))
        memberships, requests = [], []
        for person in people[: MEMBERS * 3 // 4]:
            station = self.rng.choice(stations)
            if (station.pk, person.pk) in taken:
                continue
            taken.add((station.pk, person.pk))
            asked_day = self.day(after=person.date_joined.date())
            answered_day = asked_day + timedelta(days=self.delay())
            asked = _at(asked_day, 20)
            if answered_day >= self.today:
                requests.append(
                    JoinRequest(
                        station=station,
                        member=person,
                        message="I live nearby and would like to help.",
                        created_at=asked,
                    )
                )
                continue
            declined = self.rng.random() < 0.1
            requests.append(
                JoinRequest(
                    station=station,
                    member=person,
                    message="I live nearby and would like to help.",
                    state=JoinState.DECLINED if declined else JoinState.ACCEPTED,
                    created_at=asked,
                    decided_at=_at(answered_day, 11),
                    decided_by_id=leads.get(station.pk),
                )
            )
            if not declined:
                memberships.append(
                    Membership(station=station, member=person, joined_at=_at(answered_day, 11))
                )
        JoinRequest.objects.bulk_create(requests)
        Membership.objects.bulk_create(memberships)

    # --- Tiers, certificates, volunteering ----------------------------------------------------

    def tiers_and_requests(self, people: list[User]) -> None:
        """Members move up by the points they earned; some asked, a few were declined."""
        earned = {}
        for member_id, amount in PointEntry.objects.filter(
            member__in=people, amount__gt=0
        ).values_list("member_id", "amount"):
            earned[member_id] = earned.get(member_id, 0) + amount
        user, contributor = self.tiers.get(TierLevel.USER), self.tiers.get(TierLevel.CONTRIBUTOR)
        core = self.tiers.get(TierLevel.CORE_CONTRIBUTOR)
        if not (user and contributor and core):
            return
        changes, requests, steps, moved = [], [], [], []
        for index, person in enumerate(people):
            points = earned.get(person.pk, 0)
            target = core if points >= 800 else contributor if points >= 200 else None
            if target is None:
                continue
            asked_day = self.day(after=person.date_joined.date() + timedelta(days=60))
            answered_day = asked_day + timedelta(days=self.delay())
            pending = answered_day >= self.today
            declined = not pending and index % 7 == 3
            request = TierRequest(
                member=person,
                from_tier=user,
                to_tier=contributor,
                evidence="My selected submissions and the meetups I helped with.",
                state=TierRequestState.PENDING
                if pending
                else TierRequestState.DECLINED
                if declined
                else TierRequestState.APPROVED,
                created_at=_at(asked_day, 21),
                decided_at=None if pending else _at(answered_day, 10),
                decided_by=None if pending else self.reviewer,
                decision_reason="" if pending else "Thank you for your contributions.",
            )
            requests.append(request)
            if pending or declined:
                continue
            tier = contributor
            changes.append(
                TierChange(
                    member=person,
                    from_tier=user,
                    to_tier=contributor,
                    reason="Approved on request.",
                    decided_by=self.reviewer,
                    decided_at=_at(answered_day, 10),
                )
            )
            if target == core:
                tier = core
                changes.append(
                    TierChange(
                        member=person,
                        from_tier=contributor,
                        to_tier=core,
                        reason="Sustained contributions and meetup talks.",
                        decided_by=self.reviewer,
                        decided_at=_at(answered_day + timedelta(days=90), 10),
                    )
                )
            person.tier = tier
            moved.append(person)
        TierRequest.objects.bulk_create(requests)
        for request in TierRequest.objects.filter(member__in=people).exclude(
            state=TierRequestState.PENDING
        ):
            steps.append(
                TierRequestStep(
                    request=request,
                    actor=request.decided_by,
                    from_state=TierRequestState.PENDING,
                    to_state=request.state,
                    comment=request.decision_reason,
                    created_at=request.decided_at,
                )
            )
        TierRequestStep.objects.bulk_create(steps)
        TierChange.objects.bulk_create(changes)
        User.objects.bulk_update(moved, ["tier"])

    def certificates(self, people: list[User]) -> None:
        levels = {level.slug: level for level in CertificationLevel.objects.all()}
        foundation, badge = levels.get("foundation"), levels.get("beginner")
        if foundation is None or badge is None:
            return
        alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"

        def number() -> str:
            return "-".join("".join(self.rng.choices(alphabet, k=4)) for _n in range(4))

        applications, plans = [], []
        for index, person in enumerate(people[: MEMBERS // 2]):
            level = foundation if index % 2 else badge
            applied_day = self.day(after=person.date_joined.date())
            answered = [applied_day + timedelta(days=self.delay())]
            for _step in range(3):
                answered.append(answered[-1] + timedelta(days=self.delay()))
            finished = answered[-1] < self.today
            rejected = finished and index % 9 == 4
            state = (
                CertificationState.REJECTED
                if rejected
                else CertificationState.ISSUED
                if finished
                else CertificationState.ELIGIBILITY_REVIEW
                if answered[0] >= self.today
                else CertificationState.TEST
            )
            applications.append(
                CertificationApplication(
                    applicant=person,
                    level=level,
                    motivation="I finished the course and passed the practice project.",
                    state=state,
                    test_score=80 + index % 20 if finished else None,
                    created_at=_at(applied_day, 20),
                    updated_at=_at(min(answered[-1], self.today), 10),
                )
            )
            plans.append((answered, state))
        CertificationApplication.objects.bulk_create(applications)
        saved = list(CertificationApplication.objects.filter(applicant__in=people).order_by("pk"))
        steps, certificates = [], []
        moves = [
            (ApplicationAction.CONFIRM_ELIGIBILITY, CertificationState.ELIGIBILITY_REVIEW, "test"),
            (ApplicationAction.PASS_TEST, CertificationState.TEST, "project_evaluation"),
            (ApplicationAction.EVALUATE_PROJECT, CertificationState.PROJECT_EVALUATION, "decision"),
        ]
        for application, (answered, state) in zip(saved, plans, strict=True):
            steps.append(
                CertificationApplicationStep(
                    application=application,
                    action=ApplicationAction.APPLY,
                    to_state=CertificationState.ELIGIBILITY_REVIEW,
                    actor=application.applicant,
                    created_at=application.created_at,
                )
            )
            for (action, before, after), day in zip(moves, answered, strict=False):
                if day >= self.today:
                    break
                steps.append(
                    CertificationApplicationStep(
                        application=application,
                        action=action,
                        from_state=before,
                        to_state=after,
                        actor=self.reviewer,
                        created_at=_at(day, 10),
                    )
                )
            if state in (CertificationState.ISSUED, CertificationState.REJECTED):
                issued = state == CertificationState.ISSUED
                steps.append(
                    CertificationApplicationStep(
                        application=application,
                        action=ApplicationAction.ISSUE if issued else ApplicationAction.REJECT,
                        from_state=CertificationState.DECISION,
                        to_state=state,
                        actor=self.reviewer,
                        created_at=_at(answered[-1], 10),
                    )
                )
                if issued:
                    certificates.append(
                        Certificate(
                            number=number(),
                            holder=application.applicant,
                            level=application.level,
                            application=application,
                            issued_on=answered[-1],
                            expires_on=application.level.expiry_for(answered[-1]),
                        )
                    )
        # Foundation certificates from before the history: they expire from nine months
        # ago to two months ahead (two years on), and about half of them were renewed.
        for index, person in enumerate(people[MEMBERS // 2 : MEMBERS // 2 + 16]):
            issued_on = self.today - timedelta(days=DAYS + 280 - index * 22)
            certificates.append(
                Certificate(
                    number=number(),
                    holder=person,
                    level=foundation,
                    issued_on=issued_on,
                    expires_on=foundation.expiry_for(issued_on),
                )
            )
        CertificationApplicationStep.objects.bulk_create(steps)
        Certificate.objects.bulk_create(certificates)
        events, renewed = [], []
        for index, certificate in enumerate(
            Certificate.objects.filter(holder__in=people).order_by("pk")
        ):
            events.append(
                CertificateEvent(
                    certificate=certificate,
                    kind=CertificateEventKind.ISSUED,
                    actor=self.admin,
                    expires_after=certificate.expires_on,
                    created_at=_at(certificate.issued_on, 10),
                )
            )
            expires = certificate.expires_on
            if expires and index % 2 == 0 and expires - timedelta(days=40) < self.today:
                renewed_day = expires - timedelta(days=self.rng.randint(3, 40))
                new_expiry = foundation.expiry_for(expires + timedelta(days=1))
                events.append(
                    CertificateEvent(
                        certificate=certificate,
                        kind=CertificateEventKind.RENEWED,
                        actor=self.reviewer,
                        expires_before=expires,
                        expires_after=new_expiry,
                        created_at=_at(renewed_day, 11),
                    )
                )
                certificate.expires_on = new_expiry
                renewed.append(certificate)
        CertificateEvent.objects.bulk_create(events)
        Certificate.objects.bulk_update(renewed, ["expires_on"])

    def volunteering(self, people: list[User]) -> None:
        groups = list(VolunteerGroup.objects.order_by("position"))
        if not groups:
            return
        applications = []
        for index, person in enumerate(people[10:40]):
            group = groups[index % len(groups)]
            applied_day = self.day(after=person.date_joined.date())
            answered_day = applied_day + timedelta(days=self.delay())
            pending = answered_day >= self.today
            state = (
                VolunteerApplicationState.PENDING
                if pending
                else VolunteerApplicationState.DECLINED
                if index % 5 == 2
                else VolunteerApplicationState.ACCEPTED
            )
            applications.append(
                VolunteerApplication(
                    group=group,
                    applicant=person,
                    motivation="I would love to help: I have time on weekends.",
                    state=state,
                    created_at=_at(applied_day, 21),
                    answer_due_on=applied_day + timedelta(days=10),
                    answered_at=None if pending else _at(answered_day, 10),
                    answered_by=None if pending else group.owner,
                    answer="" if pending else "Thank you for offering your time.",
                )
            )
        VolunteerApplication.objects.bulk_create(applications)
        steps = []
        for application in VolunteerApplication.objects.filter(applicant__in=people):
            steps.append(
                VolunteerApplicationStep(
                    application=application,
                    actor=application.applicant,
                    to_state=VolunteerApplicationState.PENDING,
                    created_at=application.created_at,
                )
            )
            if application.answered_at:
                steps.append(
                    VolunteerApplicationStep(
                        application=application,
                        actor=application.answered_by,
                        from_state=VolunteerApplicationState.PENDING,
                        to_state=application.state,
                        comment=application.answer,
                        created_at=application.answered_at,
                    )
                )
        VolunteerApplicationStep.objects.bulk_create(steps)

    # --- Programs -------------------------------------------------------------------------

    def program_applications(self, people: list[User]) -> None:
        """The program's past round, with applications that went every way."""
        program = Program.objects.create(
            slug="opengemini-co-construction-2025",
            title="openGemini community co-construction program, 2025 round",
            summary="The previous round of the program: applications are closed.",
            description="The 2025 round of the co-construction program; its participants' "
            "milestones are on the showcase.",
            opens_on=self.today - timedelta(days=DAYS - 20),
            closes_on=self.today - timedelta(days=70),
            state=ProgramState.CLOSED,
            created_at=_at(self.today - timedelta(days=DAYS - 10)),
        )
        add_translations(program, demo_texts.PAST_PROGRAM)
        current = Program.objects.filter(slug="opengemini-co-construction").first()
        A = ApplicationState
        # Where each application ends: most are decided, the recent ones still waiting.
        # (A few participants: the showcase stays a wall of logos with their milestones.)
        outcomes = [
            A.REJECTED,
            A.APPROVED,
            A.CHANGES_REQUESTED,
            A.REJECTED,
            A.WITHDRAWN,
            A.REJECTED,
            A.CHANGES_REQUESTED,
            A.COMPLETED,
            A.REJECTED,
            A.WITHDRAWN,
        ]
        rows, paths = [], []
        for index, person in enumerate(people[8:64]):
            submitted_day = self.day(after=person.date_joined.date())
            chosen = current if current and submitted_day > current.opens_on else program
            steps = [submitted_day]
            for _n in range(3):
                steps.append(steps[-1] + timedelta(days=self.delay()))
            outcome = outcomes[index % len(outcomes)]
            if steps[1] >= self.today:
                outcome = A.SUBMITTED
            elif steps[2] >= self.today:
                outcome = A.IN_REVIEW
            elif outcome == A.COMPLETED and steps[3] >= self.today:
                outcome = A.APPROVED
            decided = _at(steps[2], 11) if outcome not in (A.SUBMITTED, A.IN_REVIEW) else None
            approved = decided if outcome in (A.APPROVED, A.COMPLETED) else None
            organization = f"{person.display_name.split()[0]} Data Works {index + 1}"
            rows.append(
                Application(
                    program=chosen,
                    applicant=person,
                    organization_name=organization,
                    contact_name=person.display_name,
                    contact_email=f"contact{index}@works.example.com",
                    usage="Metrics from our production fleet, about a million series.",
                    uses_in_production=index % 2 == 0,
                    coc_agreed_at=_at(submitted_day, 9),
                    coc_version=settings.CODE_OF_CONDUCT_VERSION,
                    state=outcome,
                    created_at=_at(submitted_day - timedelta(days=3), 9),
                    updated_at=_at(min(steps[-1], self.today), 9),
                    submitted_at=_at(submitted_day, 10),
                    decided_at=decided,
                    approved_at=approved,
                    completed_at=_at(steps[3], 11) if outcome == A.COMPLETED else None,
                )
            )
            paths.append((outcome, steps))
        Application.objects.bulk_create(rows)
        saved = list(Application.objects.filter(applicant__in=people).order_by("pk"))
        transitions, named = [], []
        for application, (outcome, steps) in zip(saved, paths, strict=True):

            def move(before, after, day, actor, comment="", application=application):
                transitions.append(
                    ApplicationTransition(
                        application=application,
                        actor=actor,
                        from_state=before,
                        to_state=after,
                        comment=comment,
                        created_at=_at(day, 11),
                    )
                )

            applicant = application.applicant
            move(A.DRAFT, A.SUBMITTED, steps[0], applicant)
            if outcome == A.WITHDRAWN:
                move(A.SUBMITTED, A.WITHDRAWN, steps[1], applicant)
                continue
            if outcome != A.SUBMITTED:
                move(A.SUBMITTED, A.IN_REVIEW, steps[1], self.reviewer)
            final = A.APPROVED if outcome == A.COMPLETED else outcome
            if final not in (A.SUBMITTED, A.IN_REVIEW):
                move(A.IN_REVIEW, final, steps[2], self.reviewer, "Thank you for applying.")
            if outcome == A.COMPLETED:
                move(A.APPROVED, A.COMPLETED, steps[3], self.reviewer)
            for other in self.rng.sample([p for p in people[:8] if p != applicant], 2):
                named.append(
                    NamedMember(
                        application=application,
                        member=other,
                        state=NamedMemberState.CONFIRMED,
                        named_at=application.created_at,
                        answered_at=application.created_at + timedelta(days=1),
                    )
                )
        participants = [a for a in saved if a.state in (A.APPROVED, A.COMPLETED)]
        for index, application in enumerate(participants):
            colour = LOGO_COLOURS[index % len(LOGO_COLOURS)]
            logo = demo_logo(colour, application.organization_name[0])
            application.logo.save(logo.name, logo, save=False)
        Application.objects.bulk_update(participants, ["logo"])
        ApplicationTransition.objects.bulk_create(transitions)
        NamedMember.objects.bulk_create(named)


def seed():
    if User.objects.filter(username__startswith=PREFIX).exists():
        return None
    if User.objects.filter(username__in=["admin", "reviewer"]).count() != 2:
        return None
    history = History(timezone.localdate())
    history.backdate_accounts()
    people = history.members()
    # Early contributors who stopped a year ago: the inactive cohort.
    inactive = {person.pk for person in people[:14]}
    history.submissions(history.campaigns(), people, inactive)
    wuhan = history.wuhan(people)
    history.founding_requests(people, wuhan)
    history.memberships(people)
    history.events(people, wuhan)
    history.tiers_and_requests(people)
    history.certificates(people)
    history.volunteering(people)
    history.program_applications(people)
    # The ledger, the selections, the registrations and the joins were written as
    # history: the leaderboards' and the dashboard's summaries follow them.
    summary_rebuild()
    dashboard_summary_rebuild()
    return None
