"""Joining and leaving a station; appointing, removing and handing over roles."""

import pytest
from django.db import IntegrityError
from django.urls import reverse

from community_portal.notifications.models import Notification
from stations import services
from stations.enums import JoinState, StationRole
from stations.models import JoinRequest, Membership
from tests.factories.members import MemberFactory
from tests.factories.stations import MembershipFactory

pytestmark = pytest.mark.django_db


def role_of(station, member):
    return Membership.objects.get(station=station, member=member).role


# --- Joining ----------------------------------------------------------------------------


def test_join_request_tells_the_lead_and_deputies(
    station, lead, deputy, committee_member, member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.join_request_create(station=station, member=member, message="Hi!")

    recipients = set(Notification.objects.values_list("recipient_id", flat=True))
    assert recipients == {lead.pk, deputy.pk}


def test_accepting_makes_a_member_and_tells_them(
    station, deputy, member, django_capture_on_commit_callbacks
):
    join_request = services.join_request_create(station=station, member=member)

    with django_capture_on_commit_callbacks(execute=True):
        services.join_request_accept(join_request=join_request, actor=deputy, response="Welcome")

    assert role_of(station, member) == ""
    notice = Notification.objects.get(recipient=member)
    assert notice.subject_text == "Welcome to the Shanghai station"
    assert notice.body_text == "The station's answer: Welcome"


def test_declining_tells_the_member_and_adds_nobody(station, lead, member):
    join_request = services.join_request_create(station=station, member=member)

    services.join_request_decline(join_request=join_request, actor=lead)

    assert not Membership.objects.filter(member=member).exists()
    notice = Notification.objects.get(recipient=member)
    assert notice.subject_text == "Your request to join Shanghai was declined"
    assert notice.body_text == ""


def test_a_committee_member_cannot_answer_join_requests(station, committee_member, member):
    join_request = services.join_request_create(station=station, member=member)

    with pytest.raises(services.StationPermissionDenied):
        services.join_request_accept(join_request=join_request, actor=committee_member)


def test_asking_twice_is_refused(station, member):
    services.join_request_create(station=station, member=member)

    with pytest.raises(services.StationError, match="already asked"):
        services.join_request_create(station=station, member=member)


def test_a_member_cannot_ask_to_join_again(station, station_member):
    with pytest.raises(services.StationError, match="already a member"):
        services.join_request_create(station=station, member=station_member)


def test_a_request_is_answered_once(station, lead, member):
    join_request = services.join_request_create(station=station, member=member)
    services.join_request_decline(join_request=join_request, actor=lead)

    with pytest.raises(services.StationError):
        services.join_request_accept(join_request=join_request, actor=lead)


def test_database_refuses_two_pending_requests(station, member):
    JoinRequest.objects.create(station=station, member=member)

    with pytest.raises(IntegrityError):
        JoinRequest.objects.create(station=station, member=member)


def test_join_page_sends_the_request(member_client, member, station):
    response = member_client.post(
        reverse("stations:join", args=[station.slug]),
        {"message": "I run a user group."},
        follow=True,
    )

    assert "Your request is sent" in response.content.decode()
    assert "Your request to join is waiting for an answer" in response.content.decode()
    assert JoinRequest.objects.get().message == "I run a user group."


def test_join_page_refuses_a_too_long_message_and_keeps_it(member_client, station):
    response = member_client.post(
        reverse("stations:join", args=[station.slug]), {"message": "x" * 1001}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["message"]
    assert JoinRequest.objects.count() == 0


def test_member_withdraws_their_join_request(member_client, member, station):
    services.join_request_create(station=station, member=member)

    member_client.post(reverse("stations:join_withdraw", args=[station.slug]))

    assert JoinRequest.objects.get().state == JoinState.WITHDRAWN


def test_lead_accepts_from_the_management_page(client, lead, station, member):
    join_request = services.join_request_create(station=station, member=member)
    client.force_login(lead)

    response = client.post(
        reverse("stations:join_request_decide", args=[station.slug, join_request.pk]),
        {"decision": "accept", "response": ""},
        follow=True,
    )

    assert f"{member.public_name} is now a member of the station." in response.content.decode()
    assert role_of(station, member) == ""


def test_a_bad_decision_value_gives_a_message(client, lead, station, member):
    join_request = services.join_request_create(station=station, member=member)
    client.force_login(lead)

    response = client.post(
        reverse("stations:join_request_decide", args=[station.slug, join_request.pk]),
        {"decision": "maybe"},
        follow=True,
    )

    assert "Choose to accept or decline the request." in response.content.decode()
    join_request.refresh_from_db()
    assert join_request.state == JoinState.PENDING


def test_member_leaves(station_member, station, client):
    client.force_login(station_member)

    response = client.post(reverse("stations:leave", args=[station.slug]), follow=True)

    assert "You left the Shanghai station." in response.content.decode()
    assert not Membership.objects.filter(member=station_member).exists()


def test_a_deputy_who_leaves_loses_the_role(station, deputy):
    services.membership_leave(station=station, member=deputy)

    assert not Membership.objects.filter(member=deputy).exists()


def test_the_lead_cannot_leave_without_handing_over(client, lead, station):
    client.force_login(lead)

    response = client.post(reverse("stations:leave", args=[station.slug]), follow=True)

    assert "Hand the lead role over" in response.content.decode()
    assert role_of(station, lead) == StationRole.LEAD


# --- Roles ------------------------------------------------------------------------------


def test_lead_appoints_a_deputy_who_is_told(station, lead, station_member):
    services.role_appoint(station=station, member=station_member, role="deputy", actor=lead)

    assert role_of(station, station_member) == StationRole.DEPUTY
    notice = Notification.objects.get(recipient=station_member)
    assert notice.subject_text == "You are now a deputy lead of the Shanghai station"


def test_only_members_can_hold_a_role(station, lead, member):
    with pytest.raises(services.StationError, match="Only members"):
        services.role_appoint(station=station, member=member, role="committee", actor=lead)


def test_a_second_lead_cannot_be_appointed(station, lead, station_member):
    with pytest.raises(services.StationError, match="Hand the lead role over"):
        services.role_appoint(station=station, member=station_member, role="lead", actor=lead)


def test_a_deputy_cannot_appoint(station, deputy, station_member):
    with pytest.raises(services.StationPermissionDenied):
        services.role_appoint(
            station=station, member=station_member, role="committee", actor=deputy
        )


def test_lead_removes_a_committee_member(station, lead, committee_member):
    services.role_remove(station=station, member=committee_member, actor=lead)

    assert role_of(station, committee_member) == ""
    notice = Notification.objects.get(recipient=committee_member)
    assert notice.subject_text == "You are no longer a committee member of the Shanghai station"


def test_the_lead_role_cannot_be_removed(station, lead, reviewer):
    with pytest.raises(services.StationError, match="handed over"):
        services.role_remove(station=station, member=lead, actor=reviewer)


def test_hand_over_demotes_the_old_lead_and_appoints_the_new_one(station, lead, deputy):
    services.lead_hand_over(station=station, new_lead=deputy, actor=lead)

    assert role_of(station, deputy) == StationRole.LEAD
    assert role_of(station, lead) == StationRole.DEPUTY
    assert Membership.objects.filter(station=station, role=StationRole.LEAD).count() == 1
    assert list(
        station.log_entries.filter(action="lead_handed_over")
        .order_by("id")
        .values_list("member_id", "from_state", "to_state")
    ) == [(lead.pk, "lead", "deputy"), (deputy.pk, "deputy", "lead")]


def test_hand_over_can_leave_the_old_lead_without_a_role(station, lead, station_member, reviewer):
    services.lead_hand_over(
        station=station, new_lead=station_member, actor=reviewer, previous_lead_role=""
    )

    assert role_of(station, lead) == ""
    assert role_of(station, station_member) == StationRole.LEAD
    assert set(Notification.objects.values_list("recipient_id", flat=True)) == {
        lead.pk,
        station_member.pk,
    }


def test_a_failed_hand_over_changes_nothing(station, lead, monkeypatch):
    stranger = MemberFactory()

    with pytest.raises(services.StationError):
        services.lead_hand_over(station=station, new_lead=stranger, actor=lead)

    assert role_of(station, lead) == StationRole.LEAD


def test_hand_over_is_all_or_nothing(station, lead, deputy, monkeypatch):
    def broken_log(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services.membership, "_log", broken_log)

    with pytest.raises(RuntimeError):
        services.lead_hand_over(station=station, new_lead=deputy, actor=lead)

    assert role_of(station, lead) == StationRole.LEAD
    assert role_of(station, deputy) == StationRole.DEPUTY


def test_roles_page_appoints(client, lead, station, station_member):
    client.force_login(lead)
    membership = Membership.objects.get(member=station_member)

    response = client.post(
        reverse("stations:role_appoint", args=[station.slug]),
        {"membership": membership.pk, "role": "committee"},
        follow=True,
    )

    assert f"{station_member.public_name} is now committee member." in response.content.decode()


@pytest.mark.parametrize("membership", ["", "999999", "abc"])
def test_roles_page_refuses_bad_member_ids_with_a_message(client, lead, station, membership):
    client.force_login(lead)

    response = client.post(
        reverse("stations:role_appoint", args=[station.slug]),
        {"membership": membership, "role": "committee"},
    )

    assert response.status_code == 400
    assert response.context["appoint_form"].errors["membership"]


def test_roles_page_refuses_a_member_of_another_station(client, lead, station, other_station):
    outsider = MembershipFactory(station=other_station)
    client.force_login(lead)

    response = client.post(
        reverse("stations:role_appoint", args=[station.slug]),
        {"membership": outsider.pk, "role": "deputy"},
    )

    assert response.status_code == 400
    outsider.refresh_from_db()
    assert outsider.role == ""


def test_roles_page_hands_over(client, lead, station, deputy):
    client.force_login(lead)
    membership = Membership.objects.get(member=deputy)

    response = client.post(
        reverse("stations:lead_hand_over", args=[station.slug]),
        {"new_lead": membership.pk, "previous_lead_role": "committee"},
        follow=True,
    )

    assert f"{deputy.public_name} is now the lead of the station." in response.content.decode()
    assert role_of(station, lead) == StationRole.COMMITTEE
    # The former lead no longer manages roles: they land on the public page.
    assert response.redirect_chain[-1][0] == reverse("stations:detail", args=[station.slug])


def test_remove_role_of_another_stations_member_is_not_found(client, lead, station, other_station):
    outsider = MembershipFactory(station=other_station, deputy=True)
    client.force_login(lead)

    response = client.post(reverse("stations:role_remove", args=[station.slug, outsider.pk]))

    assert response.status_code == 404
    outsider.refresh_from_db()
    assert outsider.role == StationRole.DEPUTY
