"""Station health: quiet stations, dormancy proposals, revival by an event, lead succession."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from community_portal.notifications.models import Notification
from stations import health
from stations.enums import EventKind, LogAction, StationRole, StationState
from stations.models import Membership, StationLogEntry
from stations.reminders import remind_station_health
from stations.services.events import event_create
from tests.factories.members import MemberFactory, ReviewerFactory
from tests.factories.stations import (
    EventFactory,
    MembershipFactory,
    RegistrationFactory,
    StationFactory,
)
from tests.factories.submissions import SubmissionFactory
from tests.reminders import at, run_at

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 18)
NOW = at(TODAY)


def months_ago(months: int, days: int = 0):
    return at(TODAY - timedelta(days=round(months * 30.5) + days))


def station_with_last_event(months: int, **fields):
    station = StationFactory(founded_on=date(2020, 1, 1), **fields)
    EventFactory(station=station, starts_at=months_ago(months))
    return station


@pytest.fixture
def now(time_machine):
    time_machine.move_to(NOW, tick=False)


def test_quiet_stations_are_those_without_an_event_for_four_months(now):
    five_months = station_with_last_event(5)
    seven_months = station_with_last_event(7)
    station_with_last_event(1)
    never = StationFactory(founded_on=TODAY - timedelta(days=250))
    StationFactory(founded_on=TODAY - timedelta(days=30))  # new, no event yet: not quiet
    cancelled_only = station_with_last_event(5)
    EventFactory(
        station=cancelled_only, starts_at=months_ago(1), state="cancelled", cancelled_at=NOW
    )
    planned = station_with_last_event(7)
    EventFactory(station=planned, starts_at=NOW + timedelta(days=7))
    station_with_last_event(7, state=StationState.DORMANT)

    four = {s.pk for s in health.quiet_stations(today=TODAY)}
    six = {s.pk for s in health.quiet_stations(today=TODAY, months=6)}

    assert four == {five_months.pk, seven_months.pk, never.pk, cancelled_only.pk}
    assert six == {seven_months.pk, never.pk}


def test_no_station_is_quiet_in_an_empty_community(now):
    assert health.quiet_stations(today=TODAY) == []
    assert health.successions(today=TODAY) == []


def test_lead_and_deputies_of_a_quiet_station_hear_once(now, django_capture_on_commit_callbacks):
    lead = MemberFactory()
    station = station_with_last_event(5, lead=lead)
    deputy = MembershipFactory(station=station, deputy=True).member
    MembershipFactory(station=station, committee=True)
    MembershipFactory(station=station)
    SubmissionFactory(author=lead, selected=True)  # an active lead: no succession

    sent = run_at(NOW, remind_station_health, django_capture_on_commit_callbacks)
    again = run_at(
        NOW + timedelta(days=1), remind_station_health, django_capture_on_commit_callbacks
    )

    assert sorted(n.recipient_id for n in sent) == sorted([lead.pk, deputy.pk])
    assert again == []
    assert sent[0].subject == "%(station)s has held no event for %(months)s months"


def test_reviewers_get_the_dormancy_proposal_at_six_months_once(
    now, django_capture_on_commit_callbacks
):
    reviewer = ReviewerFactory()
    lead = MemberFactory()
    SubmissionFactory(author=lead, selected=True)
    station = station_with_last_event(7, lead=lead)
    station_with_last_event(5, lead=lead)

    sent = run_at(NOW, remind_station_health, django_capture_on_commit_callbacks)
    again = run_at(NOW, remind_station_health, django_capture_on_commit_callbacks)

    proposals = [n for n in sent if n.key.startswith("stations.dormant_proposal:")]
    assert [(n.recipient_id, n.url) for n in proposals] == [
        (reviewer.pk, reverse("admin:stations_station_change", args=[station.pk]))
    ]
    assert again == []


def test_a_dormant_station_is_revived_by_its_next_event(now):
    lead = MemberFactory()
    station = StationFactory(lead=lead, state=StationState.DORMANT)

    event_create(
        station=station,
        actor=lead,
        title="We are back",
        kind=EventKind.MEETUP,
        starts_at=NOW + timedelta(days=10),
        ends_at=NOW + timedelta(days=10, hours=2),
        capacity=20,
        venue="Library",
    )

    station.refresh_from_db()
    assert station.state == StationState.ACTIVE
    entry = StationLogEntry.objects.get(station=station, action=LogAction.STATION_STATE_CHANGED)
    assert (entry.from_state, entry.to_state, entry.actor) == ("dormant", "active", lead)
    assert health.quiet_stations(today=TODAY) == []


def lead_since(station, when):
    Membership.objects.filter(station=station, role=StationRole.LEAD).update(role_since=when)


@pytest.fixture
def inactive_lead_station(now):
    """A station whose lead has done nothing for a year; a deputy attended one event in
    the last six months, a committee member three."""
    lead = MemberFactory(display_name="Old Lead")
    station = station_with_last_event(1, lead=lead)
    lead_since(station, months_ago(12))
    deputy = MembershipFactory(
        station=station, deputy=True, member=MemberFactory(display_name="Dee")
    )
    committee = MembershipFactory(
        station=station, committee=True, member=MemberFactory(display_name="Cam")
    )
    for member, count in ((deputy.member, 1), (committee.member, 3)):
        for _ in range(count):
            RegistrationFactory(
                member=member, attended=True, event=EventFactory(starts_at=months_ago(2))
            )
    return station


def test_succession_is_suggested_with_candidates_ranked_by_activity(inactive_lead_station):
    [(station, succession)] = health.successions(today=TODAY)

    assert station == inactive_lead_station
    assert succession.lead.member.display_name == "Old Lead"
    assert [(c.membership.member.display_name, c.activity) for c in succession.candidates] == [
        ("Cam", 3),
        ("Dee", 1),
    ]


def test_no_succession_for_an_active_or_new_lead(now):
    active = MemberFactory()
    lead_since(station_with_last_event(1, lead=active), months_ago(12))
    SubmissionFactory(author=active, selected=True)
    lead_since(station_with_last_event(1), months_ago(2))

    assert health.successions(today=TODAY) == []


def test_reviewers_hear_of_a_suggested_succession_once(
    inactive_lead_station, django_capture_on_commit_callbacks
):
    reviewer = ReviewerFactory()

    sent = run_at(NOW, remind_station_health, django_capture_on_commit_callbacks)
    again = run_at(NOW, remind_station_health, django_capture_on_commit_callbacks)

    [notification] = [n for n in sent if n.key.startswith("stations.succession:")]
    assert notification.recipient_id == reviewer.pk
    body = Notification.objects.get(key=notification.key).body_text
    assert body.index("Cam") < body.index("Dee")
    assert again == []


def test_the_station_admin_shows_the_succession_suggested(inactive_lead_station, reviewer_client):
    page = reviewer_client.get(
        reverse("admin:stations_station_change", args=[inactive_lead_station.pk])
    ).content.decode()

    assert "Succession suggested" in page
    assert page.index("Cam") < page.index("Dee")


@pytest.mark.parametrize(
    ("who", "allowed"),
    [("anonymous", False), ("member", False), ("other_lead", False), ("reviewer", True)],
)
def test_only_reviewers_see_the_station_health(inactive_lead_station, client, who, allowed):
    other_lead = MemberFactory(is_staff=False)
    StationFactory(lead=other_lead)
    users = {
        "anonymous": None,
        "member": MemberFactory(),
        "other_lead": other_lead,
        "reviewer": ReviewerFactory(),
    }
    if users[who]:
        client.force_login(users[who])

    response = client.get(reverse("admin:stations_station_change", args=[inactive_lead_station.pk]))

    assert (response.status_code == 200) is allowed
    assert ("Succession suggested" in response.content.decode()) is allowed


def test_the_station_list_filters_quiet_stations(now, reviewer_client):
    quiet = station_with_last_event(7)
    station_with_last_event(1)

    response = reviewer_client.get(reverse("admin:stations_station_changelist") + "?quiet=6")

    assert [s.pk for s in response.context["cl"].result_list] == [quiet.pk]


@pytest.mark.parametrize("count", [1, 6])
def test_the_station_list_costs_the_same_for_one_or_many(
    now, reviewer_client, django_assert_num_queries, count
):
    for months in range(count):
        station_with_last_event(months)
    reviewer_client.get(reverse("admin:stations_station_changelist"))

    # session, user, permissions..., count, page of stations (annotated): whatever the count
    with django_assert_num_queries(9):
        reviewer_client.get(reverse("admin:stations_station_changelist"))
