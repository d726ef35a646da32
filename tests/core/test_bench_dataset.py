"""The benchmark's dataset (``make bench``): its counts follow the scale and its rows
are rows the portal could have written itself."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import call_command
from django.db.models import F

from bench import dataset
from community_portal.notifications.models import Notification
from members.models import Certificate, User
from stations.models import Event, Membership, Registration, Station
from stations.reminders import remind_events
from submissions.models import Campaign, PointEntry, Submission
from submissions.reminders import remind_campaign_ends

SCALE = 0.001
REF_NOW = datetime(2026, 5, 20, 2, 0, tzinfo=UTC)

pytestmark = pytest.mark.postgres


@pytest.fixture
def built(db):
    call_command("seed_demo", allow_production=True, stdout=open("/dev/null", "w"))  # noqa: SIM115
    before = {
        "members": User.objects.count(),
        "ledger": PointEntry.objects.count(),
        "submissions": Submission.objects.count(),
        "campaigns": Campaign.objects.count(),
        "stations": Station.objects.count(),
        "memberships": Membership.objects.count(),
        "events": Event.objects.count(),
        "registrations": Registration.objects.count(),
        "certificates": Certificate.objects.count(),
        "notifications": Notification.objects.count(),
        # The demo's history has events and campaigns around REF_NOW too.
        "event_reminders": remind_events(now=REF_NOW, dry_run=True),
        "campaign_reminders": remind_campaign_ends(now=REF_NOW, dry_run=True),
    }
    return before, dataset.build(scale=SCALE, ref_now=REF_NOW)


def test_bench_dataset_counts_follow_the_scale(built):
    before, result = built
    before = {name: n for name, n in before.items() if not name.endswith("_reminders")}
    counts = dataset.counts_for(SCALE)
    after = {
        "members": User.objects.count(),
        "ledger": PointEntry.objects.count(),
        "submissions": Submission.objects.count(),
        "campaigns": Campaign.objects.count(),
        "stations": Station.objects.count(),
        "memberships": Membership.objects.count(),
        "events": Event.objects.count(),
        "registrations": Registration.objects.count(),
        "certificates": Certificate.objects.count(),
        "notifications": Notification.objects.count(),
    }
    assert {name: after[name] - before[name] for name in after} == {
        name: counts[name] for name in after
    }
    assert counts["members"] == 120  # the floor: enough people for a leaderboard page
    assert counts["ledger"] == 1000
    assert counts["campaigns"] == 20
    assert result.counts == counts


def test_bench_dataset_rows_pass_the_models_validation(built):
    _before, result = built
    for model in (User, Campaign, Submission, Station, Membership, Event, Registration):
        for row in model.objects.order_by("-pk")[:25]:
            row.full_clean()
    for certificate in Certificate.objects.order_by("-pk")[:25]:
        certificate.full_clean(exclude=["number"])  # not editable, checked by the database
    assert Certificate.objects.get(number=result.certificate_number).state_on(REF_NOW.date())


def test_bench_dataset_ledger_is_consistent(built):
    _before, _result = built
    reversals = PointEntry.objects.filter(reverses__isnull=False).select_related("reverses")
    assert reversals.exists()
    for entry in reversals:
        assert entry.amount == -entry.reverses.amount
        assert entry.member_id == entry.reverses.member_id
    selected = Submission.objects.filter(state="selected").values_list("pk", flat=True)
    awarded = set(
        PointEntry.objects.filter(reverses__isnull=True, source_id__in=list(selected)).values_list(
            "source_id", flat=True
        )
    )
    assert awarded == set(selected)
    assert not Registration.objects.filter(
        state="waitlisted", event__capacity__gt=0, waitlisted_at__isnull=True
    ).exists()
    assert not Event.objects.filter(ends_at__lte=F("starts_at")).exists()


def test_bench_dataset_holds_both_reminder_bursts(built):
    before, result = built
    recipients = dataset.counts_for(SCALE)["reminder_recipients"]
    campaign_reminders = remind_campaign_ends(now=result.ref_now, dry_run=True)
    assert campaign_reminders - before["campaign_reminders"] >= recipients
    event_reminders = remind_events(now=result.ref_now, dry_run=True)
    assert event_reminders - before["event_reminders"] == recipients


def test_bench_dataset_bench_member_ranks_on_every_board(built):
    _before, result = built
    start = datetime(result.leaderboard_year, result.leaderboard_month, 1, tzinfo=UTC)
    assert PointEntry.objects.filter(
        member_id=result.bench_member_id,
        amount__gt=0,
        created_at__gte=start,
        created_at__lt=start + timedelta(days=28),
    ).exists()
    assert Notification.objects.filter(recipient_id=result.bench_member_id).exists()
    assert Submission.objects.filter(author_id=result.bench_member_id).exists()
