"""Founding a station: the six-month activity rule, duplicates, the reviewers' decision."""

from datetime import datetime

import pytest
import time_machine
from django.urls import reverse

from community_portal.notifications.models import Notification
from members import progress
from stations import selectors, services
from stations.enums import FoundingState, Region, StationKind, StationRole, StationState
from stations.models import FoundingRequest, Station
from tests.factories.members import MemberFactory, ReviewerFactory
from tests.factories.stations import (
    EventFactory,
    FoundingRequestFactory,
    RegistrationFactory,
    StationFactory,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.fromisoformat("2026-05-21T10:00:00+08:00")
SIX_MONTHS_AGO = datetime.fromisoformat("2025-11-21T00:00:00+08:00")


def propose(proposer, name="Shenzhen", **overrides):
    values = {
        "kind": StationKind.CITY,
        "name": name,
        "city": name,
        "region": Region.SOUTH,
        "motivation": "Twenty users meet in Nanshan already.",
        **overrides,
    }
    return services.founding_request_create(proposer=proposer, **values)


@pytest.fixture
def only_activity_at(monkeypatch):
    """Replace every measure by one that saw activity at one moment."""
    moments = []
    monkeypatch.setattr(progress, "_measures", {})
    progress.register_measure(
        "test.activity",
        label="activity",
        count=lambda member, since=None: sum(1 for m in moments if since is None or m >= since),
        counts_as_activity=True,
    )
    return moments


def test_activity_since_is_the_same_local_date_six_months_earlier():
    with time_machine.travel(TODAY):
        assert selectors.activity_since() == SIX_MONTHS_AGO


@pytest.mark.parametrize(
    ("activity_at", "allowed"),
    [
        ("2025-11-21T00:00:00+08:00", True),  # exactly six months ago
        ("2025-11-20T23:59:00+08:00", False),  # one day more
        ("2026-05-20T18:00:00+08:00", True),
    ],
)
def test_founding_needs_activity_in_the_last_six_months(only_activity_at, activity_at, allowed):
    proposer = MemberFactory()
    only_activity_at.append(datetime.fromisoformat(activity_at))

    with time_machine.travel(TODAY):
        if allowed:
            assert propose(proposer).state == FoundingState.PENDING
        else:
            with pytest.raises(services.StationError, match="active in the community"):
                propose(proposer)


@pytest.mark.parametrize(
    ("event_start", "allowed"),
    [("2025-11-21T09:00:00+08:00", True), ("2025-11-20T19:00:00+08:00", False)],
)
def test_an_event_attended_makes_a_member_active(event_start, allowed):
    proposer = MemberFactory()
    start = datetime.fromisoformat(event_start)
    RegistrationFactory(member=proposer, event=EventFactory(starts_at=start), attended=True)

    with time_machine.travel(TODAY):
        assert progress.member_was_active_since(proposer, selectors.activity_since()) is allowed


def test_a_registration_without_check_in_is_not_activity():
    proposer = MemberFactory()
    RegistrationFactory(member=proposer)

    with pytest.raises(services.StationError):
        propose(proposer)
    assert FoundingRequest.objects.count() == 0


def test_founding_is_refused_when_the_city_has_a_station(active_measure):
    StationFactory(name="Shanghai")
    proposer = MemberFactory()
    active_measure.add(proposer.pk)

    with pytest.raises(services.StationError, match="already a station"):
        propose(proposer, name="  shang HAI ")


def test_founding_is_refused_while_another_request_for_the_city_waits(active_measure):
    FoundingRequestFactory(name="Shenzhen")
    proposer = MemberFactory()
    active_measure.add(proposer.pk)

    with pytest.raises(services.StationError, match="being reviewed"):
        propose(proposer, name="SHEN zhen")


def test_a_new_founding_request_tells_the_reviewers(
    active_measure, django_capture_on_commit_callbacks, mailoutbox
):
    reviewers = ReviewerFactory.create_batch(2)
    proposer = MemberFactory(display_name="Lin")
    active_measure.add(proposer.pk)

    with django_capture_on_commit_callbacks(execute=True):
        founding = propose(proposer)

    notices = Notification.objects.filter(subject__startswith="New station founding request")
    assert sorted(n.recipient_id for n in notices) == sorted(r.pk for r in reviewers)
    assert notices[0].subject_text == "New station founding request: Shenzhen"
    assert notices[0].url == reverse("admin:stations_foundingrequest_change", args=[founding.pk])
    assert len(mailoutbox) == 2


def test_approval_creates_the_station_with_the_proposer_as_lead(
    django_capture_on_commit_callbacks,
):
    founding = FoundingRequestFactory(name="Shenzhen")
    reviewer = ReviewerFactory()

    with django_capture_on_commit_callbacks(execute=True):
        station = services.founding_request_approve(
            founding_request=founding, reviewer=reviewer, comment="Welcome!"
        )

    founding.refresh_from_db()
    assert founding.state == FoundingState.APPROVED
    assert founding.station == station
    assert station.state == StationState.ACTIVE
    assert station.memberships.get().member == founding.proposer
    assert station.memberships.get().role == StationRole.LEAD
    notice = Notification.objects.get(recipient=founding.proposer)
    assert notice.subject_text == "Your station Shenzhen is founded"
    assert "Welcome!" in notice.body_text
    assert list(founding.log_entries.values_list("action", flat=True)) == ["founding_approved"]


def test_approval_of_a_name_taken_meanwhile_creates_nothing():
    founding = FoundingRequestFactory(name="Shenzhen")
    StationFactory(name="shen zhen")

    with pytest.raises(services.StationError):
        services.founding_request_approve(founding_request=founding, reviewer=ReviewerFactory())

    founding.refresh_from_db()
    assert founding.state == FoundingState.PENDING
    assert Station.objects.filter(name="Shenzhen").count() == 0


def test_rejection_tells_the_proposer_why(django_capture_on_commit_callbacks):
    founding = FoundingRequestFactory(name="Shenzhen")

    with django_capture_on_commit_callbacks(execute=True):
        services.founding_request_reject(
            founding_request=founding, reviewer=ReviewerFactory(), comment="Find a co-organizer."
        )

    founding.refresh_from_db()
    assert founding.state == FoundingState.REJECTED
    notice = Notification.objects.get(recipient=founding.proposer)
    assert notice.body_text == "The reviewers' answer: Find a co-organizer."


def test_a_decided_request_cannot_be_decided_again():
    founding = FoundingRequestFactory()
    reviewer = ReviewerFactory()
    services.founding_request_reject(founding_request=founding, reviewer=reviewer, comment="No")

    with pytest.raises(services.StationError):
        services.founding_request_approve(founding_request=founding, reviewer=reviewer)


def test_only_the_proposer_withdraws():
    founding = FoundingRequestFactory()

    with pytest.raises(services.StationPermissionDenied):
        services.founding_request_withdraw(founding_request=founding, member=MemberFactory())
    services.founding_request_withdraw(founding_request=founding, member=founding.proposer)

    founding.refresh_from_db()
    assert founding.state == FoundingState.WITHDRAWN


# --- The page ---------------------------------------------------------------------------


def test_founding_page_needs_sign_in(client):
    response = client.get(reverse("stations:found"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_founding_form_names_the_existing_station_beside_the_field(member_client, active_measure):
    StationFactory(name="Shanghai")

    response = member_client.post(
        reverse("stations:found"),
        {
            "kind": "city",
            "name": "shang hai",
            "city": "Shanghai",
            "region": "east",
            "motivation": "We are many.",
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors["name"] == ["There is already a station for shang hai."]
    assert 'value="shang hai"' in response.content.decode()


def test_founding_form_shows_the_activity_rule_and_keeps_the_input(member_client, member):
    response = member_client.post(
        reverse("stations:found"),
        {
            "kind": "university",
            "name": "Fudan University",
            "city": "Shanghai",
            "region": "east",
            "motivation": "Our open-source club.",
        },
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "active in the community in the last six months" in page
    assert "Our open-source club." in page
    assert FoundingRequest.objects.count() == 0


@pytest.mark.parametrize(
    "data",
    [{}, {"kind": "castle", "name": "X", "city": "X", "region": "moon", "motivation": "x"}],
    ids=["empty", "bad-choices"],
)
def test_founding_form_answers_garbage_with_messages(member_client, data):
    response = member_client.post(reverse("stations:found"), data)

    assert response.status_code == 200
    assert response.context["form"].errors


def test_founding_form_sends_the_request(member_client, member, active_measure):
    active_measure.add(member.pk)

    response = member_client.post(
        reverse("stations:found"),
        {
            "kind": "city",
            "name": "Shenzhen",
            "city": "Shenzhen",
            "region": "south",
            "motivation": "We are many.",
        },
        follow=True,
    )

    assert FoundingRequest.objects.get().proposer == member
    assert "Your request to found Shenzhen is sent" in response.content.decode()
    assert "waiting for review" in response.content.decode()


def test_member_withdraws_from_the_page(member_client, member):
    founding = FoundingRequestFactory(proposer=member)

    member_client.post(reverse("stations:founding_withdraw", args=[founding.pk]))

    founding.refresh_from_db()
    assert founding.state == FoundingState.WITHDRAWN


def test_member_cannot_withdraw_another_members_request(member_client):
    founding = FoundingRequestFactory()

    response = member_client.post(reverse("stations:founding_withdraw", args=[founding.pk]))

    assert response.status_code == 404
    founding.refresh_from_db()
    assert founding.state == FoundingState.PENDING


# --- The admin --------------------------------------------------------------------------


def _admin_action(client, action, founding, comment=""):
    url = reverse("admin:stations_foundingrequest_changelist")
    data = {"action": action, "_selected_action": [founding.pk]}
    first = client.post(url, data)
    second = client.post(url, {**data, "apply": "1", "comment": comment}, follow=True)
    return first, second


def test_reviewer_approves_in_the_admin_with_an_intermediate_page(reviewer_client):
    founding = FoundingRequestFactory(name="Shenzhen")

    first, second = _admin_action(reviewer_client, "approve", founding, "Go ahead")

    assert first.status_code == 200
    assert "Approve founding requests" in first.content.decode()
    founding.refresh_from_db()
    assert founding.state == FoundingState.APPROVED
    assert founding.decision_comment == "Go ahead"
    assert "1 row is done." in second.content.decode()


def test_rejecting_in_the_admin_needs_a_comment(reviewer_client):
    founding = FoundingRequestFactory()

    _, second = _admin_action(reviewer_client, "reject", founding, "")

    founding.refresh_from_db()
    assert founding.state == FoundingState.PENDING
    assert "This field is required." in second.content.decode()


def test_admin_shows_a_refusal_as_a_message(reviewer_client):
    founding = FoundingRequestFactory(name="Shenzhen")
    StationFactory(name="Shenzhen")

    _, second = _admin_action(reviewer_client, "approve", founding)

    assert "There is already a station for Shenzhen." in second.content.decode()
