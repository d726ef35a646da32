"""The dashboard's measures on hand-built data whose answers are known."""

from datetime import date, timedelta

import pytest

from community_portal.core.models import CalendarDay, CalendarDayKind
from insight.periods import Period
from insight.selectors import Filters, community_health, nearest_rank, ratio
from members.enums import CertificateEventKind
from members.models import CertificateEvent, TierRequestStep
from programs.enums import ApplicationState
from programs.models import ApplicationTransition
from stations.enums import EventState
from submissions.enums import SubmissionState
from submissions.models import SubmissionTransition
from tests.factories.members import (
    CertificateFactory,
    MemberFactory,
    TierFactory,
)
from tests.factories.programs import ApplicationFactory, ProgramFactory
from tests.factories.stations import EventFactory, RegistrationFactory, StationFactory
from tests.factories.submissions import CampaignFactory, SubmissionFactory
from tests.insight.conftest import MARCH, at

pytestmark = pytest.mark.django_db

NOW = at(date(2026, 4, 15))


def health(period=MARCH, filters=None):
    return community_health(period, filters or Filters(), now=NOW)


def selected(author, day, **kwargs):
    return SubmissionFactory(
        author=author,
        state=SubmissionState.SELECTED,
        submitted_at=at(day) - timedelta(days=1),
        selected_at=at(day),
        decided_at=at(day),
        **kwargs,
    )


def test_period_previous_is_as_long_and_just_before():
    assert MARCH.days == 30
    assert MARCH.previous == Period(date(2026, 1, 31), date(2026, 3, 1))
    assert len(MARCH.buckets()) == 30
    year = Period(date(2025, 4, 1), date(2026, 3, 31))
    assert year.buckets()[0] == date(2025, 4, 1)
    assert len(year.buckets()) == 12


def test_nearest_rank_and_ratio_of_nothing():
    assert nearest_rank({1: 1, 2: 1, 3: 1, 10: 1}, 0.5) == 2
    assert nearest_rank({1: 9, 30: 1}, 0.9) == 1
    assert nearest_rank({1: 8, 30: 2}, 0.9) == 30
    assert nearest_rank({}, 0.5) is None
    assert ratio(3, 0) is None
    assert ratio(1, 4) == 0.25


def test_empty_period_has_zeros_and_no_rates():
    data = health()

    assert data["members"]["current"] == 0
    assert data["contributors"]["retention"]["current"] is None
    assert data["events"]["rate"] is None
    assert data["reviews"]["submissions"]["response"]["current"]["median"] is None
    assert data["points"]["months"] == [(date(2026, 3, 1), 0)]


def test_new_members_counted_in_their_period():
    MemberFactory(date_joined=at(date(2026, 3, 2), 0))
    MemberFactory(date_joined=at(date(2026, 3, 31), 23))
    MemberFactory(date_joined=at(date(2026, 2, 10)))
    MemberFactory(date_joined=at(date(2026, 4, 1), 0))

    members = health()["members"]

    assert (members["current"], members["previous"]) == (2, 1)
    assert members["series"]["current"][0] == 1
    assert members["series"]["current"][-1] == 1
    assert sum(members["series"]["previous"]) == 1


def test_contributors_new_active_inactive():
    veteran, newcomer, lapsed, old_timer = MemberFactory.create_batch(4)
    selected(veteran, date(2025, 12, 1))
    selected(veteran, date(2026, 3, 10))
    selected(newcomer, date(2026, 3, 20))
    selected(newcomer, date(2026, 3, 21))
    selected(lapsed, date(2026, 2, 5))
    selected(old_timer, date(2025, 6, 1))

    contributors = health()["contributors"]

    assert contributors["new"] == {"current": 1, "previous": 1}
    assert contributors["active"] == {"current": 2, "previous": 1}
    # Before March: veteran, lapsed and old_timer; lapsed and old_timer had nothing in March.
    assert contributors["inactive"]["current"] == 2
    assert sum(contributors["selected_series"]) == 3
    assert sum(contributors["authors_series"]) == 3  # one author a day


def test_retention_is_the_previous_cohort_active_again_within_90_days():
    back, gone = MemberFactory.create_batch(2)
    selected(back, date(2026, 2, 10))
    selected(back, date(2026, 3, 25))
    selected(gone, date(2026, 2, 12))

    retention = health()["contributors"]["retention"]

    assert (retention["cohort"], retention["retained"]) == (2, 1)
    assert retention["current"] == 0.5
    assert retention["previous"] is None


def test_campaign_filter_narrows_contributors():
    campaign = CampaignFactory()
    author = MemberFactory()
    selected(author, date(2026, 3, 10), campaign=campaign)
    selected(MemberFactory(), date(2026, 3, 11))

    everyone = health()["contributors"]["active"]["current"]
    in_campaign = health(filters=Filters(campaign=campaign.pk))["contributors"]["active"]

    assert (everyone, in_campaign["current"]) == (2, 1)


def test_a_campaign_counts_its_own_first_selections():
    campaign, other = CampaignFactory.create_batch(2)
    author = MemberFactory()
    selected(author, date(2026, 3, 5), campaign=other)
    selected(author, date(2026, 3, 10), campaign=campaign)
    selected(author, date(2026, 3, 12), campaign=campaign)

    everyone = health()["contributors"]
    in_campaign = health(filters=Filters(campaign=campaign.pk))["contributors"]

    assert everyone["active"]["current"] == in_campaign["active"]["current"] == 1
    assert sum(everyone["authors_series"]) == 3  # three days with a selection
    assert sum(in_campaign["selected_series"]) == 2
    assert sum(in_campaign["authors_series"]) == 2


def test_monthly_buckets_count_each_member_once_a_month():
    # A year starting on 15 April 2025: April's bucket holds only 15 to 30 April.
    year = Period(date(2025, 4, 15), date(2026, 4, 14))
    regular, newcomer = MemberFactory.create_batch(2)
    selected(regular, date(2025, 4, 2))  # before the period, in April
    selected(regular, date(2025, 4, 20))
    selected(regular, date(2025, 4, 28))
    selected(regular, date(2025, 5, 3))
    selected(newcomer, date(2025, 5, 30))
    selected(newcomer, date(2025, 5, 31))

    contributors = health(period=year)["contributors"]

    assert contributors["selected_series"][:3] == [2, 3, 0]
    assert contributors["authors_series"][:3] == [1, 2, 0]
    assert contributors["active"]["current"] == 2


def test_deleting_a_selection_makes_the_next_one_first():
    author = MemberFactory()
    earlier = selected(author, date(2026, 2, 20))
    selected(author, date(2026, 3, 10))

    assert health()["contributors"]["active"] == {"current": 1, "previous": 1}
    earlier.delete()

    contributors = health()["contributors"]
    assert contributors["active"] == {"current": 1, "previous": 0}
    assert contributors["new"] == {"current": 1, "previous": 0}
    assert sum(contributors["authors_series"]) == 1


def test_time_to_response_and_decision_in_working_days():
    # Submitted Monday 2 March; changes asked Thursday (3 working days), selected the
    # next Tuesday, 10 March (6 working days), with Friday 6 March a holiday (5).
    CalendarDay.objects.create(date=date(2026, 3, 6), kind=CalendarDayKind.HOLIDAY, name="Off")
    submission = SubmissionFactory(
        state=SubmissionState.SELECTED,
        submitted_at=at(date(2026, 3, 2)),
        selected_at=at(date(2026, 3, 10)),
    )
    SubmissionTransition.objects.create(
        submission=submission,
        from_state=SubmissionState.SUBMITTED,
        to_state=SubmissionState.CHANGES_REQUESTED,
        created_at=at(date(2026, 3, 5)),
    )
    SubmissionTransition.objects.create(
        submission=submission,
        from_state=SubmissionState.SUBMITTED,
        to_state=SubmissionState.SELECTED,
        created_at=at(date(2026, 3, 10)),
    )
    quick = SubmissionFactory(state=SubmissionState.REJECTED, submitted_at=at(date(2026, 3, 16)))
    SubmissionTransition.objects.create(
        submission=quick,
        from_state=SubmissionState.SUBMITTED,
        to_state=SubmissionState.REJECTED,
        created_at=at(date(2026, 3, 17)),
    )

    times = health()["reviews"]["submissions"]

    assert times["response"]["current"] == {"count": 2, "median": 1, "p90": 3}
    assert times["decision"]["current"] == {"count": 2, "median": 1, "p90": 5}
    assert times["decision"]["previous"] == {"count": 0, "median": None, "p90": None}


def test_program_and_tier_review_times_from_their_histories():
    program = ProgramFactory()
    application = ApplicationFactory(
        program=program, approved=True, submitted_at=at(date(2026, 3, 2))
    )
    for day, state in ((date(2026, 3, 3), "in_review"), (date(2026, 3, 9), "approved")):
        ApplicationTransition.objects.create(
            application=application, from_state="", to_state=state, created_at=at(day)
        )
    tier = TierFactory(level="contributor")
    member = MemberFactory()
    request = member.tier_requests.create(
        to_tier=tier,
        state="approved",
        created_at=at(date(2026, 2, 27)),
        decided_at=at(date(2026, 3, 4)),
    )
    TierRequestStep.objects.create(
        request=request, from_state="pending", to_state="approved", created_at=at(date(2026, 3, 4))
    )

    reviews = health()["reviews"]
    other_program = health(filters=Filters(program=ProgramFactory().pk))["reviews"]

    assert reviews["program_applications"]["response"]["current"]["median"] == 1
    assert reviews["program_applications"]["decision"]["current"]["median"] == 5
    assert reviews["tier_requests"]["decision"]["current"]["median"] == 3
    assert other_program["program_applications"]["decision"]["current"]["count"] == 0


def test_backlog_by_age_in_working_days():
    today = NOW.date()
    for waited in (0, 3, 20, 45):
        SubmissionFactory(submitted_at=at(today - timedelta(days=waited)))

    backlog = health()["reviews"]["submissions"]["backlog"]

    # 0 and 3 days (at most 3 working days), 20 days (14 working), 45 days (31 or more).
    assert backlog == {"0-7": 2, "8-14": 1, "15-30": 0, "31+": 1}


def test_events_registrations_checkins_and_rate_per_station():
    busy, quiet = StationFactory(name="Busy"), StationFactory(name="Quiet")
    held = EventFactory(station=busy, starts_at=at(date(2026, 3, 12)))
    RegistrationFactory.create_batch(3, event=held, attended=True)
    RegistrationFactory(event=held)
    RegistrationFactory(event=held, state="cancelled")
    EventFactory(
        station=busy,
        starts_at=at(date(2026, 3, 20)),
        state=EventState.CANCELLED,
        cancelled_at=at(date(2026, 3, 19)),
    )
    EventFactory(station=quiet, starts_at=at(date(2026, 2, 20)))

    data = health()
    events = data["events"]

    assert (events["events"], events["registrations"], events["checkins"]) == (1, 4, 3)
    assert events["rate"] == 0.75
    assert events["events_previous"] == 1
    assert events["rate_previous"] is None
    assert events["per_station"] == [
        {
            "station_id": busy.pk,
            "events": 1,
            "registrations": 4,
            "checkins": 3,
            "name": "Busy",
            "rate": 0.75,
        }
    ]
    assert data["stations"]["active"] == 1
    assert data["stations"]["active_previous"] == 1
    assert data["stations"]["dormant"] == 1
    only_quiet = health(filters=Filters(station=quiet.pk))
    assert only_quiet["events"]["events"] == 0
    assert only_quiet["stations"]["total"] == 1


def test_certificates_issued_expiring_renewed():
    CertificateFactory(issued_on=date(2026, 3, 5), expires_on=date(2028, 3, 5))
    CertificateFactory(issued_on=date(2024, 3, 5), expires_on=date(2026, 3, 20))
    renewed = CertificateFactory(issued_on=date(2024, 2, 5), expires_on=date(2026, 2, 20))
    CertificateEvent.objects.create(
        certificate=renewed, kind=CertificateEventKind.RENEWED, created_at=at(date(2026, 3, 3))
    )

    certificates = health()["certificates"]

    assert (certificates["issued"], certificates["expiring"], certificates["renewed"]) == (1, 1, 1)
    assert certificates["expiring_previous"] == 1


def test_pipeline_by_current_state():
    program = ProgramFactory()
    ApplicationFactory(program=program, approved=True, submitted_at=at(date(2026, 3, 3)))
    ApplicationFactory(program=program, in_review=True, submitted_at=at(date(2026, 3, 4)))
    ApplicationFactory(
        program=program,
        state=ApplicationState.REJECTED,
        submitted_at=at(date(2026, 2, 4)),
        decided_at=at(date(2026, 2, 6)),
    )
    ApplicationFactory(program=program)  # a draft is not in the pipeline

    pipeline = health()["pipeline"]

    assert pipeline == {
        "approved": {"current": 1, "previous": 0},
        "in_review": {"current": 1, "previous": 0},
        "rejected": {"current": 0, "previous": 1},
    }


def test_tiers_counted_by_level():
    contributor = TierFactory(level="contributor")
    MemberFactory.create_batch(2, tier=contributor)
    MemberFactory()

    tiers = health()["tiers"]

    assert tiers["contributor"] == 2
    assert tiers[None] == 1


def test_points_per_month_as_the_monthly_leaderboard_counts_them():
    from submissions.services import points_award, points_reverse

    campaign = CampaignFactory()
    author = MemberFactory()
    for day, amount, in_campaign in (
        (date(2026, 2, 27), 100, True),
        (date(2026, 3, 3), 500, True),
        (date(2026, 3, 30), 200, False),
    ):
        source = selected(author, day, **({"campaign": campaign} if in_campaign else {}))
        points_award(
            member=author, amount=amount, reason="Selected", source=source, awarded_at=at(day)
        )
    corrected = points_award(
        member=author,
        amount=70,
        reason="Oops",
        source=SubmissionFactory(),
        awarded_at=at(date(2026, 3, 5)),
    )
    points_reverse(
        entry=corrected,
        reason="Not selected after all",
        reversed_by=MemberFactory(),
        reversed_at=at(date(2026, 3, 6)),
    )
    year = Period(date(2026, 2, 1), date(2026, 3, 31))

    everything = health(year)["points"]["months"]
    one_campaign = health(year, Filters(campaign=campaign.pk))["points"]["months"]

    assert everything == [(date(2026, 2, 1), 100), (date(2026, 3, 1), 700)]
    assert one_campaign == [(date(2026, 2, 1), 100), (date(2026, 3, 1), 500)]
