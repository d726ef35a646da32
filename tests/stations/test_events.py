"""Events: planning, changing, cancelling; registration, the waiting list, check-in."""

from datetime import datetime, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from community_portal.notifications.models import Notification
from stations import services
from stations.enums import EventKind, EventState, RegistrationState
from stations.models import Event, Registration
from tests.factories.members import MemberFactory
from tests.factories.stations import RegistrationFactory

pytestmark = pytest.mark.django_db


def states(event):
    return list(
        Registration.objects.filter(event=event)
        .order_by("id")
        .values_list("member__username", "state")
    )


def event_values(**overrides):
    start = timezone.now() + timedelta(days=10)
    return {
        "title": "Observability meetup",
        "kind": EventKind.MEETUP,
        "starts_at": start,
        "ends_at": start + timedelta(hours=2),
        "capacity": 20,
        "venue": "Xuhui, training room 3",
        "online_url": "",
        "description": "Two talks.",
        **overrides,
    }


def update(event, actor, **changes):
    """Save the event as it is, with ``changes``."""
    values = {
        field: getattr(event, field)
        for field in ("title", "kind", "starts_at", "ends_at", "capacity", "venue", "online_url")
    }
    return services.event_update(event=event, actor=actor, **{**values, **changes})


# --- Registration and the waiting list --------------------------------------------------


def test_registrations_beyond_capacity_wait_in_order(event):
    people = [MemberFactory(username=f"p{n}") for n in range(5)]

    for person in people:
        services.registration_create(event=event, member=person)

    assert states(event) == [
        ("p0", "registered"),
        ("p1", "registered"),
        ("p2", "waitlisted"),
        ("p3", "waitlisted"),
        ("p4", "waitlisted"),
    ]


def test_cancelling_a_seat_moves_the_first_waiting_person_up_and_tells_them(
    event, django_capture_on_commit_callbacks, mailoutbox
):
    first, second, third, fourth = (MemberFactory(username=f"p{n}") for n in range(4))
    registrations = [services.registration_create(event=event, member=p) for p in (first, second)]
    services.registration_create(event=event, member=third)
    services.registration_create(event=event, member=fourth)

    with django_capture_on_commit_callbacks(execute=True):
        services.registration_cancel(registration=registrations[0], member=first)

    assert states(event) == [
        ("p0", "cancelled"),
        ("p1", "registered"),
        ("p2", "registered"),
        ("p3", "waitlisted"),
    ]
    notice = Notification.objects.get(recipient=third)
    assert notice.subject_text == f"A seat opened up: you are registered for {event.title}"
    assert notice.url == reverse("stations:event", args=[event.station.slug, event.pk])
    assert [m.to for m in mailoutbox] == [[third.email]]
    assert not Notification.objects.filter(recipient=fourth).exists()


def test_leaving_the_waiting_list_promotes_nobody(event):
    holders = [MemberFactory() for _ in range(2)]
    for person in holders:
        services.registration_create(event=event, member=person)
    waiting_person = MemberFactory()
    waiting = services.registration_create(event=event, member=waiting_person)

    services.registration_cancel(registration=waiting, member=waiting_person)

    assert Registration.objects.filter(state=RegistrationState.REGISTERED).count() == 2
    assert Notification.objects.count() == 0


def test_registering_again_after_cancelling_goes_to_the_back_of_the_queue(event):
    people = [MemberFactory(username=f"p{n}") for n in range(3)]
    first = services.registration_create(event=event, member=people[0])
    services.registration_create(event=event, member=people[1])
    services.registration_create(event=event, member=people[2])
    services.registration_cancel(registration=first, member=people[0])

    again = services.registration_create(event=event, member=people[0])

    assert again.pk == first.pk
    assert again.state == RegistrationState.WAITLISTED


def test_registering_twice_is_refused(event, member):
    services.registration_create(event=event, member=member)

    with pytest.raises(services.StationError, match="already registered"):
        services.registration_create(event=event, member=member)


def test_registration_closes_when_the_event_starts(event, member):
    with (
        time_machine.travel(event.starts_at + timedelta(minutes=1)),
        pytest.raises(services.StationError, match="has started"),
    ):
        services.registration_create(event=event, member=member)


def test_registration_for_a_cancelled_event_is_refused(event, member, lead):
    services.event_cancel(event=event, actor=lead, reason="Venue closed")

    with pytest.raises(services.StationError, match="cancelled"):
        services.registration_create(event=event, member=member)


def test_only_the_registrant_cancels_their_registration(event, member, other_member):
    registration = services.registration_create(event=event, member=member)

    with pytest.raises(services.StationPermissionDenied):
        services.registration_cancel(registration=registration, member=other_member)


def test_register_button_registers_and_confirms(member_client, event):
    url = reverse("stations:register", args=[event.station.slug, event.pk])

    response = member_client.post(url, follow=True)

    page = response.content.decode()
    assert "You are registered. See you there!" in page
    assert "1 of 2 seats taken" in page


def test_full_event_page_offers_the_waiting_list(member_client, event):
    RegistrationFactory.create_batch(2, event=event)

    response = member_client.get(reverse("stations:event", args=[event.station.slug, event.pk]))

    assert "Join the waiting list" in response.content.decode()


def test_waitlisted_member_sees_their_place(member_client, member, event):
    RegistrationFactory.create_batch(2, event=event)
    RegistrationFactory(event=event, waitlisted=True)
    url = reverse("stations:register", args=[event.station.slug, event.pk])

    response = member_client.post(url, follow=True)

    page = response.content.decode()
    assert "The event is full: you are on the waiting list" in page
    assert "You are number 2 on the waiting list." in page


def test_cancel_button_cancels(member_client, member, event):
    RegistrationFactory(event=event, member=member)
    url = reverse("stations:cancel_registration", args=[event.station.slug, event.pk])

    response = member_client.post(url, follow=True)

    assert "Your registration is cancelled." in response.content.decode()
    assert Registration.objects.get().state == RegistrationState.CANCELLED


def test_register_twice_from_the_page_gives_a_message(member_client, member, event):
    RegistrationFactory(event=event, member=member)
    url = reverse("stations:register", args=[event.station.slug, event.pk])

    response = member_client.post(url, follow=True)

    assert "You are already registered for this event." in response.content.decode()


def test_event_of_another_station_is_not_found_under_this_one(member_client, station, other_event):
    url = reverse("stations:register", args=[station.slug, other_event.pk])

    assert member_client.post(url).status_code == 404
    assert Registration.objects.count() == 0


def test_anonymous_register_goes_to_sign_in(client, event):
    response = client.post(reverse("stations:register", args=[event.station.slug, event.pk]))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


# --- Planning, changing, cancelling -----------------------------------------------------


def test_lead_plans_an_event(station, lead):
    event = services.event_create(station=station, actor=lead, **event_values())

    assert event.state == EventState.SCHEDULED
    assert event.log_entries.get().action == "event_created"


def test_a_member_cannot_plan_an_event(station, station_member):
    with pytest.raises(services.StationPermissionDenied):
        services.event_create(station=station, actor=station_member, **event_values())


def test_an_event_in_the_past_is_refused(station, lead):
    with pytest.raises(services.StationError, match="future"):
        services.event_create(
            station=station,
            actor=lead,
            **event_values(starts_at=timezone.now() - timedelta(hours=1)),
        )


def test_changing_the_time_tells_registered_and_waiting_people(
    event, lead, django_capture_on_commit_callbacks
):
    registered = RegistrationFactory(event=event).member
    waiting = RegistrationFactory(event=event, waitlisted=True).member
    gone = RegistrationFactory(event=event, state=RegistrationState.CANCELLED).member
    new_start = datetime.fromisoformat("2030-01-05T19:00:00+08:00")

    with django_capture_on_commit_callbacks(execute=True):
        update(event, lead, starts_at=new_start, ends_at=new_start + timedelta(hours=2))

    notified = set(Notification.objects.values_list("recipient_id", flat=True))
    assert notified == {registered.pk, waiting.pk}
    assert gone.pk not in notified
    notice = Notification.objects.filter(recipient=registered).get()
    assert notice.subject_text == f"{event.title} has changed"
    assert "Jan. 5, 2030, 19:00 (UTC+8)" in notice.body_text
    event.refresh_from_db()
    assert event.sequence == 1


def test_changing_only_the_description_tells_nobody(event, lead):
    RegistrationFactory(event=event)

    update(event, lead, description="New programme")

    assert Notification.objects.count() == 0


def test_a_larger_capacity_moves_the_waiting_list_up(event, lead):
    RegistrationFactory.create_batch(2, event=event)
    waiting = [RegistrationFactory(event=event, waitlisted=True) for _ in range(3)]

    update(event, lead, capacity=4)

    assert [Registration.objects.get(pk=r.pk).state for r in waiting] == [
        "registered",
        "registered",
        "waitlisted",
    ]


def test_capacity_cannot_drop_below_the_seats_taken(event, lead):
    RegistrationFactory.create_batch(2, event=event)

    with pytest.raises(services.StationError, match="2 people already hold a seat"):
        update(event, lead, capacity=1)


def test_an_event_cannot_be_moved_into_the_past(event, lead):
    with pytest.raises(services.StationError, match="future"):
        update(
            event,
            lead,
            starts_at=timezone.now() - timedelta(hours=2),
            ends_at=timezone.now() - timedelta(hours=1),
        )


def test_cancelling_tells_registrants_with_the_reason(
    event, deputy, django_capture_on_commit_callbacks
):
    registered = RegistrationFactory(event=event).member

    with django_capture_on_commit_callbacks(execute=True):
        services.event_cancel(event=event, actor=deputy, reason="The venue flooded.")

    event.refresh_from_db()
    assert event.state == EventState.CANCELLED
    notice = Notification.objects.get(recipient=registered)
    assert notice.subject_text == f"{event.title} is cancelled"
    assert notice.body_text.endswith("The venue flooded.")


def test_a_cancelled_event_cannot_be_cancelled_again(event, lead):
    services.event_cancel(event=event, actor=lead, reason="x")

    with pytest.raises(services.StationError):
        services.event_cancel(event=event, actor=lead, reason="y")


def test_event_form_creates_the_event(client, lead, station):
    client.force_login(lead)

    response = client.post(
        reverse("stations:event_create", args=[station.slug]),
        {
            "title": "Kickoff",
            "kind": "meetup",
            "starts_at": "2030-03-01T19:00",
            "ends_at": "2030-03-01T21:00",
            "venue": "Room 1",
            "capacity": "1",
        },
        follow=True,
    )

    event = Event.objects.get(title="Kickoff")
    assert timezone.localtime(event.starts_at).isoformat() == "2030-03-01T19:00:00+08:00"
    assert "The event is published." in response.content.decode()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"ends_at": "2030-03-01T18:00"}, "ends_at", "An event ends after it starts."),
        ({"starts_at": "not a date"}, "starts_at", "Enter a valid date/time."),
        (
            {"starts_at": "2001-03-01T19:00", "ends_at": "2001-03-01T21:00"},
            "starts_at",
            "An event is planned for the future.",
        ),
        ({"capacity": "0"}, "capacity", "Ensure this value is greater than or equal to 1."),
        ({"capacity": "many"}, "capacity", "Enter a whole number."),
        ({"venue": ""}, "venue", "Give a place, an online link, or both."),
        ({"kind": "online_talk"}, "online_url", "An online talk needs a link."),
        ({"online_url": "javascript:alert(1)"}, "online_url", "Enter a valid URL."),
        ({"title": ""}, "title", "This field is required."),
    ],
)
def test_event_form_explains_bad_values_and_keeps_the_input(
    client, lead, station, changes, field, message
):
    client.force_login(lead)
    data = {
        "title": "Kickoff",
        "kind": "meetup",
        "starts_at": "2030-03-01T19:00",
        "ends_at": "2030-03-01T21:00",
        "venue": "Room 1",
        "capacity": "10",
        **changes,
    }

    response = client.post(reverse("stations:event_create", args=[station.slug]), data)

    assert response.status_code == 200
    assert message in response.context["form"].errors[field]
    assert 'value="Room 1"' in response.content.decode() or changes.get("venue") == ""
    assert Event.objects.count() == 0


def test_event_edit_form_keeps_capacity_above_the_seats_taken(client, lead, event):
    RegistrationFactory.create_batch(2, event=event)
    client.force_login(lead)
    local_start = timezone.localtime(event.starts_at).strftime("%Y-%m-%dT%H:%M")
    local_end = timezone.localtime(event.ends_at).strftime("%Y-%m-%dT%H:%M")

    response = client.post(
        reverse("stations:event_edit", args=[event.station.slug, event.pk]),
        {
            "title": event.title,
            "kind": event.kind,
            "starts_at": local_start,
            "ends_at": local_end,
            "venue": event.venue,
            "capacity": "1",
        },
    )

    assert response.context["form"].errors["capacity"] == [
        "2 people already hold a seat: the capacity cannot be lower."
    ]


def test_event_cancel_page_asks_for_a_reason(client, lead, event):
    client.force_login(lead)
    url = reverse("stations:event_cancel", args=[event.station.slug, event.pk])

    empty = client.post(url, {})
    done = client.post(url, {"reason": "Speaker ill"}, follow=True)

    assert empty.context["form"].errors["reason"] == ["This field is required."]
    assert "The event is cancelled; registrants are told." in done.content.decode()
    event.refresh_from_db()
    assert event.cancellation_reason == "Speaker ill"


# --- Check-in ---------------------------------------------------------------------------


def test_lead_checks_people_in_on_the_day(event, lead):
    registration = RegistrationFactory(event=event)

    with time_machine.travel(timezone.localtime(event.starts_at).replace(hour=8, minute=0)):
        services.registration_check_in(registration=registration, actor=lead)

    registration.refresh_from_db()
    assert registration.state == RegistrationState.ATTENDED
    assert registration.checked_in_by == lead


def test_check_in_waits_for_the_day_of_the_event(event, lead):
    registration = RegistrationFactory(event=event)

    with pytest.raises(services.StationError, match="day of the event"):
        services.registration_check_in(registration=registration, actor=lead)


def test_waiting_people_cannot_be_checked_in(event, lead):
    registration = RegistrationFactory(event=event, waitlisted=True)

    with (
        time_machine.travel(event.starts_at),
        pytest.raises(services.StationError, match="holding a seat"),
    ):
        services.registration_check_in(registration=registration, actor=lead)


def test_a_check_in_can_be_undone(event, lead):
    registration = RegistrationFactory(event=event)

    with time_machine.travel(event.starts_at):
        services.registration_check_in(registration=registration, actor=lead)
        services.registration_undo_check_in(registration=registration, actor=lead)

    registration.refresh_from_db()
    assert registration.state == RegistrationState.REGISTERED
    assert registration.checked_in_at is None


def test_check_in_page_checks_in_with_a_confirmation(client, deputy, event):
    registration = RegistrationFactory(event=event, member__display_name="Lin Wei")
    client.force_login(deputy)
    url = reverse("stations:check_in_toggle", args=[event.station.slug, event.pk, registration.pk])

    with time_machine.travel(event.starts_at):
        response = client.post(url, follow=True)

    assert "Lin Wei is checked in." in response.content.decode()
    assert "Undo check-in of Lin Wei" in response.content.decode()


def test_check_in_before_the_day_gives_a_message(client, lead, event):
    registration = RegistrationFactory(event=event)
    client.force_login(lead)
    url = reverse("stations:check_in_toggle", args=[event.station.slug, event.pk, registration.pk])

    response = client.post(url, follow=True)

    assert "Check-in opens on the day of the event." in response.content.decode()
    registration.refresh_from_db()
    assert registration.state == RegistrationState.REGISTERED
