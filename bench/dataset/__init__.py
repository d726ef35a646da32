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

``build`` here draws every row from one seeded random generator, table after
table, through the loaders of this package: ``people`` (members, their
addresses, certificates), ``campaigns`` (campaigns and their rules,
submissions, the campaign followers, the ledger), ``station_events`` (stations,
memberships, events, registrations) and ``notifications``; ``rows`` holds the
COPY and id helpers, ``vocabulary`` the names the rows are made of.
"""

import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from django.contrib.contenttypes.models import ContentType

from bench.dataset.campaigns import (
    load_campaigns,
    load_ledger,
    load_submissions,
    load_subscriptions,
)
from bench.dataset.notifications import load_notifications
from bench.dataset.people import load_certificates, load_members
from bench.dataset.station_events import load_events, load_memberships, load_stations
from community_portal.core.translated import fill_untranslated_rows

# Raise when the rows this package writes change: a stored dataset is rebuilt. The
# marker (``bench.__main__.fingerprint``) holds this number, the scale and the migrations,
# not the loaders' source: a change that writes the same rows keeps the stored dataset.
DATASET_VERSION = 2

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

    member_ids = load_members(rng, counts["members"], ref_now, tiers)
    built.profile_username = User.objects.get(pk=member_ids[0]).username
    # The bench member is one of the community's active members.
    active = [bench_member.pk, *member_ids]

    campaigns = load_campaigns(rng, counts["campaigns"], ref_now)
    built.campaign_slug = campaigns[-1]["slug"]
    submissions = load_submissions(
        rng, counts["submissions"], campaigns, active, ref_now, bench_member
    )
    built.acknowledgments_slug = max(campaigns[:-2], key=lambda campaign: campaign["selected"])[
        "slug"
    ]
    load_subscriptions(rng, counts["reminder_recipients"], campaigns[-2:], member_ids, ref_now)
    load_ledger(
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

    stations = load_stations(rng, counts["stations"], ref_now)
    built.station_slug = stations[0][1]
    load_memberships(rng, counts["memberships"], stations, member_ids, bench_member.pk, ref_now)
    built.event_id = load_events(
        rng,
        counts["events"],
        counts["registrations"],
        counts["reminder_recipients"],
        stations,
        active,
        bench_member.pk,
        ref_now,
    )
    built.certificate_number = load_certificates(
        rng, counts["certificates"], levels, active, ref_now
    )
    built.notification_max_id = load_notifications(
        rng, counts["notifications"], active, bench_member.pk, ref_now
    )
    # COPY wrote the plain text columns; readers read the default language's.
    fill_untranslated_rows()
    return built
