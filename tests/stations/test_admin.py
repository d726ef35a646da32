"""The reviewers' admin: read-only pages, and actions that go through the services."""

import pytest
from django.urls import reverse

from community_portal.notifications.models import Notification
from stations.enums import EventState, StationState
from tests.factories.members import MemberFactory
from tests.factories.stations import (
    EventFactory,
    FoundingRequestFactory,
    RegistrationFactory,
    StationFactory,
)

pytestmark = pytest.mark.django_db


def run_action(client, model, action, objects, **fields):
    url = reverse(f"admin:stations_{model}_changelist")
    data = {"action": action, "_selected_action": [obj.pk for obj in objects]}
    client.post(url, data)
    return client.post(url, {**data, "apply": "1", **fields}, follow=True)


@pytest.mark.parametrize(
    "name",
    ["station", "foundingrequest", "event", "joinrequest", "registration", "stationlogentry"],
)
def test_reviewer_opens_every_list(reviewer_client, name):
    StationFactory()

    assert reviewer_client.get(reverse(f"admin:stations_{name}_changelist")).status_code == 200


def test_reviewer_sees_a_station_without_a_save_button(reviewer_client):
    station = StationFactory()

    response = reviewer_client.get(reverse("admin:stations_station_change", args=[station.pk]))

    page = response.content.decode()
    assert response.status_code == 200
    assert 'name="_save"' not in page
    assert reverse("stations:manage", args=[station.slug]) in page


def test_reviewer_marks_a_station_dormant_and_it_leaves_the_directory(reviewer_client, client):
    station = StationFactory(name="Wuhan")

    run_action(reviewer_client, "station", "mark_dormant", [station], comment="No events in 2025")

    station.refresh_from_db()
    assert station.state == StationState.DORMANT
    assert station.log_entries.get(action="station_state_changed").comment == "No events in 2025"
    assert "Wuhan" not in client.get(reverse("stations:directory")).content.decode()


def test_reviewer_cancels_an_event_with_a_reason(
    reviewer_client, django_capture_on_commit_callbacks
):
    event = EventFactory()
    registrant = RegistrationFactory(event=event).member

    with django_capture_on_commit_callbacks(execute=True):
        run_action(reviewer_client, "event", "cancel_events", [event], comment="Code of conduct")

    event.refresh_from_db()
    assert event.state == EventState.CANCELLED
    assert Notification.objects.get(recipient=registrant).body_text.endswith("Code of conduct")


def test_plain_staff_without_the_reviewer_group_cannot_approve(client):
    staff = MemberFactory(is_staff=True)
    founding = FoundingRequestFactory()
    client.force_login(staff)

    response = client.get(reverse("admin:stations_foundingrequest_changelist"))

    assert response.status_code == 403
    founding.refresh_from_db()
    assert founding.state == "pending"


@pytest.mark.parametrize(
    ("model", "action", "label"),
    [
        ("event", "cancel_events", "Reason, sent to everyone registered"),
        ("station", "mark_dormant", "Comment to the station&#x27;s lead"),
        ("foundingrequest", "approve", "Comment to the proposer"),
    ],
)
def test_comment_field_names_who_reads_it(reviewer_client, model, action, label):
    objects = {"event": EventFactory, "station": StationFactory}.get(model, FoundingRequestFactory)
    url = reverse(f"admin:stations_{model}_changelist")

    page = reviewer_client.post(url, {"action": action, "_selected_action": [objects().pk]})

    assert label in page.content.decode()


# --- Texts in each language -------------------------------------------------------------------


def test_reviewer_writes_a_stations_name_and_description_in_each_language(reviewer_client):
    station = StationFactory(name="Shanghai", description="We meet monthly.")

    page = reviewer_client.post(
        reverse("admin:stations_station_changelist"),
        {"action": "edit_texts", "_selected_action": [station.pk]},
    ).content.decode()
    run_action(
        reviewer_client,
        "station",
        "edit_texts",
        [station],
        name_zh_hans="上海站",
        name_fr="Shanghai",
        description_en="We meet monthly.",
        description_zh_hans="我们每月聚会。",
        description_fr="",
    )

    assert 'name="name_zh_hans"' in page
    assert 'name="name_en"' not in page  # the founding name, which the place rules read
    station.refresh_from_db()
    assert (station.name_en, station.name_zh_hans) == ("Shanghai", "上海站")
    assert station.description_zh_hans == "我们每月聚会。"


def test_reviewer_writes_an_events_title_in_each_language_for_the_calendars(reviewer_client):
    event = EventFactory(title="Meetup", description="")
    registration = RegistrationFactory(event=event)

    run_action(
        reviewer_client,
        "event",
        "edit_texts",
        [event],
        title_en="Meetup",
        title_zh_hans="聚会",
        title_fr="Rencontre",
    )

    event.refresh_from_db()
    assert (event.title_zh_hans, event.title_fr, event.sequence) == ("聚会", "Rencontre", 1)
    assert not Notification.objects.filter(recipient=registration.member).exists()


def test_event_title_in_the_default_language_cannot_be_emptied(reviewer_client):
    event = EventFactory(title="Meetup")

    response = run_action(reviewer_client, "event", "edit_texts", [event], title_en="")

    event.refresh_from_db()
    assert event.title_en == "Meetup"
    assert "This field is required." in response.content.decode()
