"""The benchmark's dataset: the issue's community at a chosen scale, bulk-loaded.

At scale 1: 100,000 members (each with a verified address), 1,000,000 ledger
entries, 200,000 submissions in 20 campaigns, 500 stations with 50,000
memberships, 20,000 events with 200,000 registrations, 20,000 certificates and
50,000 notifications. Every count is multiplied by the scale.

The demo data (``seed_demo``) is loaded first for the small things (tiers,
certification levels, the program, the demo accounts); the big tables are
written with COPY, in rows the models' constraints accept: the database checks
them as the rows go in. Ids are chosen here (after the largest one present) so
that rows can point at each other, then each table's sequence is moved on.

Two reminder bursts are built in, as at the reference moment ``ref_now``: two
campaigns close in 5 days and are followed by ~100,000 x scale members, and
events starting within the next 24 hours hold ~100,000 x scale seats.
"""

import random
import string
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import connection

# Raise when the rows this module writes change: a stored dataset is rebuilt.
DATASET_VERSION = 1

SCALE_1 = {
    "members": 100_000,
    "ledger": 1_000_000,
    "submissions": 200_000,
    "campaigns": 20,
    "stations": 500,
    "memberships": 50_000,
    "events": 20_000,
    "registrations": 200_000,
    "certificates": 20_000,
    "notifications": 50_000,
    "reminder_recipients": 100_000,
}

# Counts that stay whole at any scale (a campaign is a campaign).
FIXED = {"campaigns"}
MINIMUM = {"stations": 3, "events": 12, "members": 120}

SURNAMES = [
    "Wang",
    "Li",
    "Zhang",
    "Liu",
    "Chen",
    "Yang",
    "Huang",
    "Zhao",
    "Wu",
    "Zhou",
    "Xu",
    "Sun",
    "Ma",
    "Zhu",
    "Hu",
    "Guo",
    "He",
    "Gao",
    "Lin",
    "Luo",
    "Smith",
    "Garcia",
    "Müller",
    "Rossi",
    "Dubois",
    "Silva",
    "Kim",
    "Nguyen",
    "Novak",
    "Kowalski",
]
GIVEN = [
    "Wei",
    "Fang",
    "Jing",
    "Lei",
    "Min",
    "Qiang",
    "Yan",
    "Jie",
    "Tao",
    "Xin",
    "Hui",
    "Ying",
    "Bo",
    "Chao",
    "Lan",
    "Ning",
    "Ping",
    "Rui",
    "Shan",
    "Ting",
    "Anna",
    "Ben",
    "Clara",
    "David",
    "Elena",
    "Felix",
    "Hana",
    "Ivan",
    "Julia",
    "Karl",
    "Lena",
    "Marco",
    "Nora",
    "Omar",
    "Paula",
]
CITIES = [
    *[
        "Shanghai",
        "Beijing",
        "Hangzhou",
        "Chengdu",
        "Shenzhen",
        "Guangzhou",
        "Wuhan",
        "Nanjing",
        "Xi'an",
        "Suzhou",
    ],
    *[
        "Tianjin",
        "Chongqing",
        "Changsha",
        "Zhengzhou",
        "Qingdao",
        "Dalian",
        "Xiamen",
        "Hefei",
        "Jinan",
        "Kunming",
    ],
    *[
        "Harbin",
        "Shenyang",
        "Fuzhou",
        "Nanning",
        "Guiyang",
        "Lanzhou",
        "Urumqi",
        "Hohhot",
        "Taiyuan",
        "Shijiazhuang",
    ],
    *[
        "Berlin",
        "Paris",
        "London",
        "Singapore",
        "Tokyo",
        "Seoul",
        "Toronto",
        "Sydney",
        "Madrid",
        "Rome",
    ],
] + [f"Town {n}" for n in range(1, 261)]
REGIONS = ["north", "northeast", "east", "central", "south", "southwest", "northwest", "overseas"]
CHANNELS = ["forum_post", "blog_post", "pull_request", "bug_report"]
EVENT_KINDS = ["meetup", "workshop", "hackathon", "online_talk"]
NUMBER_ALPHABET = string.ascii_uppercase + "234567"
# Synthetic awards point at submissions that are no longer there, far past the real ids:
# the ledger keeps an award whatever became of its source.
SYNTHETIC_SOURCE_OFFSET = 10**12


def counts_for(scale: float) -> dict[str, int]:
    counts = {}
    for name, full in SCALE_1.items():
        if name in FIXED:
            counts[name] = full
        else:
            counts[name] = max(MINIMUM.get(name, 1), round(full * scale))
    return counts


@dataclass
class Built:
    """What the measurements need to know about the dataset."""

    scale: float
    ref_now: datetime
    counts: dict[str, int]
    bench_member_id: int = 0
    profile_username: str = ""
    program_slug: str = ""
    station_slug: str = ""
    event_id: int = 0
    campaign_slug: str = ""
    acknowledgments_slug: str = ""
    certificate_number: str = ""
    leaderboard_year: int = 0
    leaderboard_month: int = 0
    notification_max_id: int = 0
    extra: dict = field(default_factory=dict)

    def as_json(self) -> dict:
        data = dict(self.__dict__)
        data["ref_now"] = self.ref_now.isoformat()
        return data

    @classmethod
    def from_json(cls, data: dict) -> "Built":
        data = dict(data)
        data["ref_now"] = datetime.fromisoformat(data["ref_now"])
        return cls(**data)


# --- Writing rows -------------------------------------------------------------------------


def _next_id(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}")
        return cursor.fetchone()[0]


def _defaults_of_new_columns(table: str, columns: list[str]) -> dict:
    """Required columns this loader does not write (added by a later migration), with
    their model field's default, so that the load keeps working; each is reported."""
    from django.apps import apps

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = %s "
            "AND is_nullable = 'NO' AND column_default IS NULL AND is_identity = 'NO'",
            [table],
        )
        missing = [name for (name,) in cursor.fetchall() if name not in columns]
    if not missing:
        return {}
    model = next(m for m in apps.get_models() if m._meta.db_table == table)
    defaults = {}
    for column in missing:
        field = next(f for f in model._meta.concrete_fields if f.column == column)
        defaults[column] = field.get_db_prep_save(field.get_default(), connection)
        print(f"bench: {table}.{column} is not written by the loader: its default is used")
    return defaults


def copy_rows(table: str, columns: list[str], rows) -> int:
    """COPY rows (tuples in ``columns`` order) into ``table``; then move its id sequence on."""
    extra = _defaults_of_new_columns(table, columns)
    if extra:
        values = tuple(extra.values())
        rows = (tuple(row) + values for row in rows)
        columns = [*columns, *extra]
    quoted = ", ".join(f'"{column}"' for column in columns)
    written = 0
    with connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
                written += 1
        if "id" in columns:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence(%s, 'id'), "
                f"(SELECT COALESCE(MAX(id), 1) FROM {table}))",
                [table],
            )
    return written


def _skewed(rng: random.Random, ids: list[int], power: float = 2.2) -> int:
    """A member id where a few members are very active and most are not."""
    return ids[int(len(ids) * rng.random() ** power)]


def _distinct(rng: random.Random, ids: list[int], count: int) -> list[int]:
    return rng.sample(ids, min(count, len(ids)))


# --- The dataset --------------------------------------------------------------------------


def build(*, scale: float, ref_now: datetime | None = None, seed: int = 20260601) -> Built:
    """Add the dataset to a migrated database holding the demo data (``seed_demo``)."""
    from members.models import CertificationLevel, Tier, User
    from programs.models import Program
    from submissions.models import Submission

    rng = random.Random(seed)
    ref_now = (ref_now or datetime.now(UTC)).replace(microsecond=0)
    counts = counts_for(scale)
    built = Built(scale=scale, ref_now=ref_now, counts=counts)

    bench_member = User.objects.get(username="member")
    admin = User.objects.filter(is_superuser=True).order_by("id").first()
    built.bench_member_id = bench_member.pk
    built.program_slug = Program.objects.order_by("id").values_list("slug", flat=True).first()
    tiers = dict(Tier.objects.values_list("level", "id"))
    levels = list(CertificationLevel.objects.values_list("id", "validity_years"))
    submission_type = ContentType.objects.get_for_model(Submission).pk

    member_ids = _members(rng, counts["members"], ref_now, tiers)
    built.profile_username = User.objects.get(pk=member_ids[0]).username
    # The bench member is one of the community's active members.
    active = [bench_member.pk, *member_ids]

    campaigns = _campaigns(rng, counts["campaigns"], ref_now)
    built.campaign_slug = campaigns[-1]["slug"]
    submissions = _submissions(rng, counts["submissions"], campaigns, active, ref_now, bench_member)
    built.acknowledgments_slug = max(campaigns[:-2], key=lambda campaign: campaign["selected"])[
        "slug"
    ]
    _subscriptions(rng, counts["reminder_recipients"], campaigns[-2:], member_ids, ref_now)
    _ledger(
        rng,
        counts["ledger"],
        submissions,
        active,
        bench_member.pk,
        admin.pk,
        submission_type,
        ref_now,
    )
    last_month = (ref_now.replace(day=1) - timedelta(days=1)).date()
    built.leaderboard_year = last_month.year
    built.leaderboard_month = last_month.month

    stations = _stations(rng, counts["stations"], ref_now)
    built.station_slug = stations[0][1]
    _memberships(rng, counts["memberships"], stations, member_ids, bench_member.pk, ref_now)
    built.event_id = _events(
        rng,
        counts["events"],
        counts["registrations"],
        counts["reminder_recipients"],
        stations,
        active,
        bench_member.pk,
        ref_now,
    )
    built.certificate_number = _certificates(rng, counts["certificates"], levels, active, ref_now)
    built.notification_max_id = _notifications(
        rng, counts["notifications"], active, bench_member.pk, ref_now
    )
    return built


def _members(rng, count, ref_now, tiers) -> list[int]:
    first = _next_id("members_user")
    ids = list(range(first, first + count))
    tier_choices = [tiers.get("user")] * 70 + [tiers.get("contributor")] * 22
    tier_choices += [tiers.get("core_contributor")] * 8

    def rows():
        for member_id in ids:
            username = f"m{member_id:07d}"
            name = ""
            if rng.random() < 0.7:
                name = f"{rng.choice(SURNAMES)} {rng.choice(GIVEN)}"
            joined = ref_now - timedelta(days=rng.random() * 4 * 365)
            yield (
                member_id,
                "!" + "".join(rng.choices(string.ascii_letters, k=20)),  # unusable password
                None,
                False,
                username,
                "",
                "",
                False,
                True,
                joined,
                f"{username}@example.net",
                name,
                "zh-hans" if rng.random() < 0.7 else "en",
                "",
                "Contributor to the community." if rng.random() < 0.3 else "",
                rng.choice(CITIES) if rng.random() < 0.7 else "",
                "",
                "",
                "",
                rng.choice(tier_choices),
            )

    copy_rows(
        "members_user",
        [
            "id",
            "password",
            "last_login",
            "is_superuser",
            "username",
            "first_name",
            "last_name",
            "is_staff",
            "is_active",
            "date_joined",
            "email",
            "display_name",
            "preferred_language",
            "avatar",
            "bio",
            "city",
            "github_handle",
            "languages",
            "organization",
            "tier_id",
        ],
        rows(),
    )
    first_address = _next_id("account_emailaddress")
    copy_rows(
        "account_emailaddress",
        ["id", "email", "verified", "primary", "user_id"],
        (
            (first_address + n, f"m{member_id:07d}@example.net", True, True, member_id)
            for n, member_id in enumerate(ids)
        ),
    )
    return ids


def _campaigns(rng, count, ref_now) -> list[dict]:
    today = ref_now.date()
    first = _next_id("submissions_campaign")
    first_rule = _next_id("submissions_rewardrule")
    campaigns = []
    for n in range(count):
        if n >= count - 2:
            # Open now, closing in 5 days: the campaign-end reminder's burst.
            opens, closes = today - timedelta(days=90), today + timedelta(days=5)
        else:
            closes = today - timedelta(days=40 * (count - 2 - n) + 10)
            opens = closes - timedelta(days=90)
        campaigns.append(
            {
                "id": first + n,
                "slug": f"bench-campaign-{n + 1:02d}",
                "title": f"Community writing campaign {n + 1}",
                "opens_on": opens,
                "closes_on": closes,
                "rule_id": first_rule + n,
                "selected": 0,
            }
        )
    copy_rows(
        "submissions_campaign",
        [
            "id",
            "title",
            "slug",
            "summary",
            "description",
            "opens_on",
            "closes_on",
            "channels",
            "is_published",
            "created_at",
        ],
        (
            (
                c["id"],
                c["title"],
                c["slug"],
                "Write about the project and earn points.",
                "## What we look for\n\nArticles, pull requests and bug reports.",
                c["opens_on"],
                c["closes_on"],
                '["forum_post", "blog_post", "pull_request", "bug_report"]',
                True,
                datetime.combine(c["opens_on"], datetime.min.time(), UTC) - timedelta(days=7),
            )
            for c in campaigns
        ),
    )
    copy_rows(
        "submissions_rewardrule",
        [
            "id",
            "position",
            "name",
            "kind",
            "channels",
            "starts_on",
            "ends_on",
            "limit",
            "points",
            "multiplier",
            "min_points",
            "max_points",
            "campaign_id",
        ],
        (
            (
                c["rule_id"],
                0,
                "Selected content",
                "date_range",
                "[]",
                c["opens_on"],
                c["closes_on"],
                None,
                200,
                "1.00",
                None,
                None,
                c["id"],
            )
            for c in campaigns
        ),
    )
    return campaigns


def _window_moment(rng, campaign, ref_now) -> datetime:
    start = datetime.combine(campaign["opens_on"], datetime.min.time(), UTC)
    end = min(datetime.combine(campaign["closes_on"], datetime.max.time(), UTC), ref_now)
    return start + (end - start) * rng.random()


def _submissions(rng, count, campaigns, active, ref_now, bench_member) -> list[tuple]:
    """Returns the selected submissions as (id, author id, selected_at)."""
    first = _next_id("submissions_submission")
    closed_states = ["selected"] * 50 + ["rejected"] * 40 + ["withdrawn"] * 10
    open_states = ["submitted"] * 35 + ["changes_requested"] * 15 + ["selected"] * 30
    open_states += ["rejected"] * 15 + ["withdrawn"] * 5
    selected = []
    bench_share = min(50, max(2, count // 1000))

    def rows():
        for n in range(count):
            submission_id = first + n
            campaign = campaigns[n % len(campaigns)]
            is_open = campaign["closes_on"] >= ref_now.date()
            state = rng.choice(open_states if is_open else closed_states)
            author = bench_member.pk if n < bench_share else _skewed(rng, active)
            submitted = _window_moment(rng, campaign, ref_now)
            decided = selected_at = rule = None
            if state in ("selected", "rejected", "changes_requested"):
                decided = min(submitted + timedelta(days=rng.uniform(0.5, 6)), ref_now)
            if state == "selected":
                selected_at, rule = decided, campaign["rule_id"]
                campaign["selected"] += 1
                selected.append((submission_id, author, selected_at))
            yield (
                submission_id,
                f"Notes on running the database, part {n + 1}",
                CHANNELS[n % 4],
                f"https://example.org/posts/{submission_id}/",
                f"https://example.org/posts/{submission_id}",
                "What I learned, with examples.",
                state,
                submitted,
                submitted,
                decided,
                selected_at,
                author,
                campaign["id"],
                rule,
            )

    copy_rows(
        "submissions_submission",
        [
            "id",
            "title",
            "channel",
            "url",
            "url_key",
            "summary",
            "state",
            "created_at",
            "submitted_at",
            "decided_at",
            "selected_at",
            "author_id",
            "campaign_id",
            "reward_rule_id",
        ],
        rows(),
    )
    return selected


def _subscriptions(rng, recipients, closing, member_ids, ref_now) -> None:
    """``recipients`` (campaign, member) pairs following the two campaigns closing soon."""
    first = _next_id("submissions_campaignsubscription")
    half = recipients // 2
    pairs = [(closing[0]["id"], m) for m in member_ids[:half]]
    pairs += [(closing[1]["id"], m) for m in member_ids[: recipients - half]]
    copy_rows(
        "submissions_campaignsubscription",
        ["id", "created_at", "campaign_id", "member_id"],
        (
            (first + n, ref_now - timedelta(days=rng.uniform(1, 60)), campaign_id, member_id)
            for n, (campaign_id, member_id) in enumerate(pairs)
        ),
    )


def _ledger(rng, count, selected, active, bench_member_id, admin_id, source_type, ref_now):
    """Awards for the selected submissions, older awards to fill up to ``count`` (their
    submissions gone), and 2 % of them corrected by a reversing entry."""
    first = _next_id("submissions_pointentry")
    reversals = count // 50
    synthetic = max(0, count - reversals - len(selected))
    awards = []  # (id, member, amount, source_id, created_at)
    next_id = first
    for submission_id, author, selected_at in selected:
        awards.append((next_id, author, 200, submission_id, selected_at))
        next_id += 1
    start = ref_now - timedelta(days=3 * 365)
    bench_share = min(300, max(5, count // 3000))
    month_start = (ref_now.replace(day=1) - timedelta(days=1)).replace(day=10)
    for n in range(synthetic):
        member = bench_member_id if n < bench_share else _skewed(rng, active)
        # Denser towards now, as a growing community is.
        moment = start + (ref_now - start) * (rng.random() ** 0.6)
        if n < 3:
            # The bench member has a rank on the month's (and so the year's) board.
            moment = month_start + timedelta(days=rng.uniform(0, 9))
        awards.append(
            (
                next_id,
                member,
                rng.choice((10, 20, 50, 100, 200)),
                SYNTHETIC_SOURCE_OFFSET + n,
                moment,
            )
        )
        next_id += 1
    rows = [
        (
            award_id,
            amount,
            "Selected content" if source_id < SYNTHETIC_SOURCE_OFFSET else "Community contribution",
            source_id,
            moment,
            admin_id,
            member,
            None,
            source_type,
        )
        for award_id, member, amount, source_id, moment in awards
    ]
    for award_id, member, amount, source_id, moment in rng.sample(
        awards, min(reversals, len(awards))
    ):
        rows.append(
            (
                next_id,
                -amount,
                "Counted twice",
                source_id,
                min(moment + timedelta(days=1), ref_now),
                admin_id,
                member,
                award_id,
                source_type,
            )
        )
        next_id += 1
    copy_rows(
        "submissions_pointentry",
        [
            "id",
            "amount",
            "reason",
            "source_id",
            "created_at",
            "awarded_by_id",
            "member_id",
            "reverses_id",
            "source_type_id",
        ],
        rows,
    )


def _stations(rng, count, ref_now) -> list[tuple[int, str]]:
    first = _next_id("stations_station")
    stations = [(first + n, f"bench-station-{n + 1:03d}") for n in range(count)]
    copy_rows(
        "stations_station",
        [
            "id",
            "name",
            "name_key",
            "slug",
            "kind",
            "city",
            "region",
            "founded_on",
            "description",
            "banner",
            "join_link",
            "website",
            "state",
            "created_at",
            "updated_at",
        ],
        (
            (
                station_id,
                f"Bench Station {n + 1}",
                f"benchstation{n + 1}",
                slug,
                "city" if n % 3 else "university",
                CITIES[n % len(CITIES)],
                REGIONS[n % len(REGIONS)],
                (ref_now - timedelta(days=rng.uniform(30, 1500))).date(),
                "We meet every month.\n\n- talks\n- workshops",
                "",
                "",
                "",
                "active",
                ref_now - timedelta(days=1500),
                ref_now - timedelta(days=10),
            )
            for n, (station_id, slug) in enumerate(stations)
        ),
    )
    return stations


def _memberships(rng, count, stations, member_ids, bench_member_id, ref_now) -> None:
    first = _next_id("stations_membership")
    sizes = _spread(count, len(stations))
    roles = ["lead", "deputy", "deputy", "committee", "committee", "committee"]

    def rows():
        next_id = first
        for index, (station_id, _slug) in enumerate(stations):
            members = _distinct(rng, member_ids, sizes[index])
            if index == 0 and bench_member_id not in members:
                members[-1] = bench_member_id
            for position, member_id in enumerate(members):
                role = roles[position] if position < len(roles) else ""
                joined = ref_now - timedelta(days=rng.uniform(1, 1400))
                yield (next_id, role, joined, joined if role else None, member_id, station_id)
                next_id += 1

    copy_rows(
        "stations_membership",
        ["id", "role", "joined_at", "role_since", "member_id", "station_id"],
        rows(),
    )


def _events(rng, count, registrations, seats_soon, stations, active, bench_member_id, ref_now):
    """Events (some starting within 24 hours of ref_now, holding ``seats_soon`` seats) and
    their registrations. Returns an upcoming event of the first station."""
    first = _next_id("stations_event")
    first_registration = _next_id("stations_registration")
    soon = max(1, min(count // 4, -(-seats_soon // 100)))
    soon_sizes = _spread(seats_soon, soon)
    other_sizes = _spread(max(0, registrations - seats_soon), count - soon)
    events = []
    registration_rows = []
    next_registration = first_registration
    shown_event = 0
    for n in range(count):
        event_id = first + n
        station_id = stations[n % len(stations)][0]
        if n < soon:
            starts = ref_now + timedelta(hours=1 + 22 * rng.random())
            size = soon_sizes[n]
            capacity = seats = max(1, size) + 20
        else:
            # Past and coming events, two years back and three months ahead.
            starts = ref_now + timedelta(days=rng.uniform(-730, 90))
            size = other_sizes[n - soon]
            # From four registrations on, the last one waits for a seat.
            seats = size - 1 if size >= 4 else max(1, size)
            capacity = seats
            if not shown_event and station_id == stations[0][0] and starts > ref_now:
                shown_event = event_id
        is_past = starts + timedelta(hours=3) < ref_now
        cancelled = n >= soon and rng.random() < 0.03
        events.append(
            (
                event_id,
                f"{rng.choice(['Spring', 'Summer', 'Autumn', 'Winter'])} meetup {n + 1}",
                EVENT_KINDS[n % 4],
                "Talks and a workshop.\n\n**Bring a laptop.**",
                starts,
                starts + timedelta(hours=3),
                "Community hall, 2nd floor",
                "",
                capacity,
                "cancelled" if cancelled else "scheduled",
                "The venue is closed." if cancelled else "",
                starts - timedelta(days=2) if cancelled else None,
                0,
                starts - timedelta(days=30),
                starts - timedelta(days=30),
                None,
                station_id,
            )
        )
        members = _distinct(rng, active, size)
        if n == soon and members and bench_member_id not in members:
            members[0] = bench_member_id
        for position, member_id in enumerate(members):
            created = starts - timedelta(days=rng.uniform(1, 20))
            waitlisted = None
            if position >= seats:
                state, waitlisted = "waitlisted", created
            elif is_past and not cancelled and rng.random() < 0.7:
                state = "attended"
            elif n >= soon and rng.random() < 0.1:
                state = "cancelled"
            else:
                state = "registered"
            checked_in = starts + timedelta(minutes=10) if state == "attended" else None
            registration_rows.append(
                (
                    next_registration,
                    state,
                    created,
                    created,
                    waitlisted,
                    checked_in,
                    None,
                    event_id,
                    member_id,
                )
            )
            next_registration += 1
    _copy_events(rng, events)
    copy_rows(
        "stations_registration",
        [
            "id",
            "state",
            "created_at",
            "updated_at",
            "waitlisted_at",
            "checked_in_at",
            "checked_in_by_id",
            "event_id",
            "member_id",
        ],
        registration_rows,
    )
    return shown_event or first


def _spread(total: int, parts: int) -> list[int]:
    """``total`` split into ``parts`` near-equal whole numbers."""
    if parts <= 0:
        return []
    return [total // parts + (1 if index < total % parts else 0) for index in range(parts)]


def _uuid(rng) -> str:
    import uuid

    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _copy_events(rng, events) -> None:
    copy_rows(
        "stations_event",
        [
            "id",
            "uid",
            "title",
            "kind",
            "description",
            "starts_at",
            "ends_at",
            "venue",
            "online_url",
            "capacity",
            "state",
            "cancellation_reason",
            "cancelled_at",
            "sequence",
            "created_at",
            "updated_at",
            "created_by_id",
            "station_id",
        ],
        ((event[0], _uuid(rng), *event[1:]) for event in events),
    )


def _certificate_number(rng) -> str:
    return "-".join("".join(rng.choices(NUMBER_ALPHABET, k=4)) for _ in range(4))


def _certificates(rng, count, levels, active, ref_now) -> str:
    first = _next_id("members_certificate")
    today = ref_now.date()
    numbers = set()
    rows = []
    shown = ""
    for n in range(count):
        number = _certificate_number(rng)
        while number in numbers:
            number = _certificate_number(rng)
        numbers.add(number)
        level_id, years = levels[n % len(levels)]
        issued = today - timedelta(days=rng.randint(0, 5 * 365))
        expires = _years_later(issued, years) - timedelta(days=1) if years else None
        revoked = n % 50 == 49
        if not shown and not revoked and (expires is None or expires >= today):
            shown = number
        rows.append(
            (
                first + n,
                number,
                issued,
                expires,
                ref_now - timedelta(days=1) if revoked else None,
                "Issued by mistake." if revoked else "",
                None,
                "",
                _skewed(rng, active),
                None,
                level_id,
            )
        )
    copy_rows(
        "members_certificate",
        [
            "id",
            "number",
            "issued_on",
            "expires_on",
            "revoked_at",
            "revocation_reason",
            "renewal_requested_at",
            "renewal_note",
            "holder_id",
            "application_id",
            "level_id",
        ],
        rows,
    )
    return shown


def _years_later(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # February 29
        return date(day.year + years, 3, 1)


def _notifications(rng, count, active, bench_member_id, ref_now) -> int:
    first = _next_id("notifications_notification")
    bench_share = min(80, max(3, count // 500))

    def rows():
        for n in range(count):
            recipient = bench_member_id if n < bench_share else _skewed(rng, active)
            created = ref_now - timedelta(days=rng.uniform(0, 365))
            read = created + timedelta(hours=5) if rng.random() < 0.6 else None
            yield (
                first + n,
                None,
                "%(campaign)s ends on %(date)s",
                "You asked to be reminded: %(campaign)s accepts submissions until "
                "the end of %(date)s.",
                '{"campaign": "Community writing campaign", "date": "2026-01-31"}',
                "/campaigns/",
                created,
                read,
                "sent",
                1,
                None,
                None,
                created + timedelta(seconds=30),
                "",
                None,
                recipient,
            )

    copy_rows(
        "notifications_notification",
        [
            "id",
            "key",
            "subject",
            "body",
            "params",
            "url",
            "created_at",
            "read_at",
            "email_state",
            "email_attempts",
            "email_claimed_until",
            "email_next_attempt_at",
            "emailed_at",
            "email_last_error",
            "actor_id",
            "recipient_id",
        ],
        rows(),
    )
    return first + count - 1
