"""Every management URL, for everyone who might try it: only the station's own
lead (and deputies, except for roles) and reviewers get through, GET or forged POST."""

import pytest
from django.urls import reverse

from community_portal.chat.models import ChatChannel
from stations.enums import EventState, RegistrationState
from stations.models import Event, JoinRequest, Membership, Registration, Station
from tests.factories.members import MemberFactory, ReviewerFactory
from tests.factories.stations import MembershipFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

ALLOWED = "allowed"
DENIED = "denied"
TO_LOGIN = "login"

# who → (management pages, role pages)
PEOPLE = {
    "anonymous": (TO_LOGIN, TO_LOGIN),
    "plain member": (DENIED, DENIED),
    "station member": (DENIED, DENIED),
    "committee member": (DENIED, DENIED),
    "lead of another station": (DENIED, DENIED),
    "deputy": (ALLOWED, DENIED),
    "lead": (ALLOWED, ALLOWED),
    "reviewer": (ALLOWED, ALLOWED),
}


@pytest.fixture
def cast(station, lead, deputy, committee_member, station_member, other_lead):
    return {
        "anonymous": None,
        "plain member": MemberFactory(),
        "station member": station_member,
        "committee member": committee_member,
        "lead of another station": other_lead,
        "deputy": deputy,
        "lead": lead,
        "reviewer": ReviewerFactory(),
    }


@pytest.fixture
def objects(station, event, station_member):
    applicant = MemberFactory()
    return {
        "join_request": JoinRequest.objects.create(station=station, member=applicant),
        "registration": RegistrationFactory(event=event),
        "membership": MembershipFactory(station=station, committee=True),
        "plain_membership": Membership.objects.get(member=station_member),
    }


def urls(station, event, objects):
    slug = station.slug
    return {
        # name: (url, roles page?, POST data that would change something)
        "manage": (reverse("stations:manage", args=[slug]), False, None),
        "page": (
            reverse("stations:manage_page", args=[slug]),
            False,
            {"description": "Hacked", "join_link": "", "website": ""},
        ),
        "join requests": (reverse("stations:join_requests", args=[slug]), False, None),
        "decide join": (
            reverse("stations:join_request_decide", args=[slug, objects["join_request"].pk]),
            False,
            {"decision": "accept"},
        ),
        "new event": (
            reverse("stations:event_create", args=[slug]),
            False,
            {
                "title": "Forged",
                "kind": "meetup",
                "starts_at": "2031-01-01T10:00",
                "ends_at": "2031-01-01T12:00",
                "venue": "x",
                "capacity": "5",
            },
        ),
        "edit event": (
            reverse("stations:event_edit", args=[slug, event.pk]),
            False,
            {
                "title": "Forged",
                "kind": "meetup",
                "starts_at": "2031-01-01T10:00",
                "ends_at": "2031-01-01T12:00",
                "venue": "x",
                "capacity": "5",
            },
        ),
        "cancel event": (
            reverse("stations:event_cancel", args=[slug, event.pk]),
            False,
            {"reason": "Forged"},
        ),
        "check-in list": (reverse("stations:check_in", args=[slug, event.pk]), False, None),
        "check in": (
            reverse("stations:check_in_toggle", args=[slug, event.pk, objects["registration"].pk]),
            False,
            {},
        ),
        "roles": (reverse("stations:manage_roles", args=[slug]), True, None),
        "chat group": (reverse("stations:manage_chat", args=[slug]), True, None),
        "set chat group": (
            reverse("stations:manage_chat", args=[slug]),
            True,
            {
                "provider": "dingtalk",
                "webhook_url": "https://oapi.dingtalk.com/robot/send?access_token=forged",
                "language": "en",
                "is_active": "on",
            },
        ),
        "appoint": (
            reverse("stations:role_appoint", args=[slug]),
            True,
            {"membership": objects["plain_membership"].pk, "role": "deputy"},
        ),
        "remove role": (
            reverse("stations:role_remove", args=[slug, objects["membership"].pk]),
            True,
            {},
        ),
        "hand over": (
            reverse("stations:lead_hand_over", args=[slug]),
            True,
            {"new_lead": objects["plain_membership"].pk, "previous_lead_role": "none"},
        ),
    }


def snapshot():
    return (
        list(Station.objects.values_list("description", flat=True)),
        list(Event.objects.values_list("title", "state")),
        list(JoinRequest.objects.values_list("state", flat=True)),
        list(Membership.objects.order_by("pk").values_list("role", flat=True)),
        list(Registration.objects.values_list("state", flat=True)),
        list(ChatChannel.objects.values_list("webhook_url", flat=True)),
    )


@pytest.mark.parametrize("who", list(PEOPLE))
def test_management_urls_answer_each_person_as_they_should(
    client, cast, station, event, objects, who
):
    person = cast[who]
    if person is not None:
        client.force_login(person)
    pages_rule, roles_rule = PEOPLE[who]

    for name, (url, is_roles_page, data) in urls(station, event, objects).items():
        rule = roles_rule if is_roles_page else pages_rule
        before = snapshot()
        response = client.post(url, data) if data is not None else client.get(url)
        if rule == TO_LOGIN:
            assert response.status_code == 302, name
            assert response.url.startswith(reverse("account_login")), name
        elif rule == DENIED:
            assert response.status_code == 403, name
        else:
            assert response.status_code in (200, 302), name
        if rule != ALLOWED:
            assert snapshot() == before, name


@pytest.mark.parametrize("who", ["deputy", "lead", "reviewer"])
def test_managers_really_change_things(client, cast, station, event, who):
    client.force_login(cast[who])

    client.post(
        reverse("stations:manage_page", args=[station.slug]),
        {"description": f"By the {who}", "join_link": "", "website": ""},
    )
    client.post(reverse("stations:event_cancel", args=[station.slug, event.pk]), {"reason": "Rain"})

    station.refresh_from_db()
    event.refresh_from_db()
    assert station.description == f"By the {who}"
    assert event.state == EventState.CANCELLED


def test_forged_ids_of_another_stations_objects_are_not_found(
    client, lead, station, other_station, other_event
):
    """The lead of this station sends ids that belong to the other station."""
    foreign_join = JoinRequest.objects.create(station=other_station, member=MemberFactory())
    foreign_registration = RegistrationFactory(event=other_event)
    foreign_membership = MembershipFactory(station=other_station, committee=True)
    client.force_login(lead)
    slug = station.slug
    forged = [
        (
            reverse("stations:join_request_decide", args=[slug, foreign_join.pk]),
            {"decision": "accept"},
        ),
        (reverse("stations:event_edit", args=[slug, other_event.pk]), {"title": "x"}),
        (reverse("stations:event_cancel", args=[slug, other_event.pk]), {"reason": "x"}),
        (reverse("stations:check_in", args=[slug, other_event.pk]), None),
        (
            reverse(
                "stations:check_in_toggle", args=[slug, other_event.pk, foreign_registration.pk]
            ),
            {},
        ),
        (reverse("stations:role_remove", args=[slug, foreign_membership.pk]), {}),
    ]
    before = snapshot()

    for url, data in forged:
        response = client.post(url, data) if data is not None else client.get(url)
        assert response.status_code == 404, url

    assert snapshot() == before


def test_a_registration_of_another_event_is_not_checked_in(client, lead, station, event):
    second_event = Event.objects.create(
        station=station,
        title="Second",
        kind="meetup",
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        venue="x",
        capacity=5,
    )
    registration = RegistrationFactory(event=second_event)
    client.force_login(lead)

    response = client.post(
        reverse("stations:check_in_toggle", args=[station.slug, event.pk, registration.pk])
    )

    assert response.status_code == 404
    registration.refresh_from_db()
    assert registration.state == RegistrationState.REGISTERED


def test_the_lead_of_another_station_cannot_use_their_own_station_in_the_form(
    client, other_lead, station, other_station
):
    client.force_login(other_lead)

    response = client.post(
        reverse("stations:manage_page", args=[station.slug]),
        {"description": "Mine now", "join_link": "", "website": ""},
    )

    assert response.status_code == 403
    station.refresh_from_db()
    assert station.description != "Mine now"


def test_unknown_station_is_not_found(client, lead):
    client.force_login(lead)

    assert client.get(reverse("stations:manage", args=["atlantis"])).status_code == 404


def test_manage_button_shows_only_to_managers(client, station, lead, station_member):
    manage_url = reverse("stations:manage", args=[station.slug])
    client.force_login(station_member)
    assert (
        manage_url
        not in client.get(reverse("stations:detail", args=[station.slug])).content.decode()
    )

    client.force_login(lead)
    assert (
        manage_url in client.get(reverse("stations:detail", args=[station.slug])).content.decode()
    )


def test_deputy_does_not_see_the_roles_tab(client, station, deputy):
    client.force_login(deputy)

    page = client.get(reverse("stations:manage", args=[station.slug])).content.decode()

    assert reverse("stations:manage_roles", args=[station.slug]) not in page
