"""Mentorship: asking for a slot, answering, ending, and slots never over-booked."""

import threading
from datetime import timedelta

import pytest
from django.db import IntegrityError, connection
from django.urls import reverse
from django.utils import timezone

from community_portal.notifications.models import Notification
from members.errors import MentorshipError
from members.models import Mentorship, MentorSlot
from members.services.mentorship import (
    mentor_slot_add,
    mentorship_accept,
    mentorship_ask,
    mentorship_cancel,
    mentorship_decline,
    mentorship_end,
)
from tests.factories.members import (
    MemberFactory,
    MentorFactory,
    MentorshipFactory,
    MentorSlotFactory,
)

pytestmark = pytest.mark.django_db

PAGE = reverse("members:mentorship")


def action_url(mentorship, action):
    return reverse("members:mentorship_action", args=[mentorship.pk, action])


@pytest.fixture
def slot(db):
    return MentorSlotFactory(mentor__kind="technical", mentor__member__display_name="Wang Fang")


def test_member_asks_for_a_slot_and_the_mentor_hears_of_it(
    slot, member_client, member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = member_client.post(
            reverse("members:mentorship_ask", args=[slot.pk]), {"goals": "Tracing"}, follow=True
        )

    mentorship = Mentorship.objects.get()
    assert (mentorship.mentee, mentorship.state) == (member, "requested")
    assert (mentorship.starts_on, mentorship.ends_on) == (slot.starts_on, slot.ends_on)
    assert "Your ask is sent to Wang Fang." in response.content.decode()
    assert Notification.objects.filter(recipient=slot.mentor.member).count() == 1


def test_ask_without_goals_keeps_the_form_with_a_message(slot, member_client):
    response = member_client.post(reverse("members:mentorship_ask", args=[slot.pk]), {"goals": ""})

    assert "This field is required." in response.content.decode()
    assert Mentorship.objects.count() == 0


def test_a_taken_slot_refuses_the_next_ask(slot, member):
    MentorshipFactory(slot=slot)

    with pytest.raises(MentorshipError, match="already taken"):
        mentorship_ask(slot=slot, mentee=member, goals="me too")


def test_a_declined_ask_frees_the_seat(slot, member):
    first = MentorshipFactory(slot=slot)
    mentorship_decline(mentorship=first, mentor=slot.mentor.member)

    mentorship = mentorship_ask(slot=slot, mentee=member, goals="me")

    assert mentorship.state == "requested"


def test_mentor_cannot_ask_for_their_own_slot(slot):
    with pytest.raises(MentorshipError):
        mentorship_ask(slot=slot, mentee=slot.mentor.member, goals="myself")


def test_closed_or_past_slot_refuses_asks(member):
    today = timezone.localdate()
    closed = MentorSlotFactory(is_open=False)
    past = MentorSlotFactory(
        starts_on=today - timedelta(days=30), ends_on=today - timedelta(days=1)
    )

    for slot in (closed, past):
        with pytest.raises(MentorshipError):
            mentorship_ask(slot=slot, mentee=member, goals="x")


def test_database_refuses_two_live_asks_of_one_member_for_one_slot(slot, member):
    MentorshipFactory(slot=slot, mentee=member)
    with pytest.raises(IntegrityError):
        MentorshipFactory(slot=slot, mentee=member)


def test_mentor_accepts_and_the_mentee_hears_of_it(
    slot, client, member, django_capture_on_commit_callbacks
):
    mentorship = MentorshipFactory(slot=slot, mentee=member)
    client.force_login(slot.mentor.member)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(action_url(mentorship, "accept"), {"message": "See you Tuesday"})

    mentorship.refresh_from_db()
    assert (mentorship.state, mentorship.message) == ("active", "See you Tuesday")
    assert Notification.objects.get(recipient=member).subject_text == "Wang Fang is your mentor"


def test_mentee_cannot_accept_their_own_ask(slot, member_client, member):
    mentorship = MentorshipFactory(slot=slot, mentee=member)

    response = member_client.post(action_url(mentorship, "accept"), follow=True)

    mentorship.refresh_from_db()
    assert mentorship.state == "requested"
    assert "Only the mentor can answer this ask." in response.content.decode()


def test_a_stranger_cannot_touch_a_mentorship(slot, member_client):
    mentorship = MentorshipFactory(slot=slot)

    for action in ("accept", "decline", "cancel", "end"):
        assert member_client.post(action_url(mentorship, action)).status_code == 404
    mentorship.refresh_from_db()
    assert mentorship.state == "requested"


def test_unknown_action_is_not_found(slot, client):
    mentorship = MentorshipFactory(slot=slot)
    client.force_login(slot.mentor.member)

    assert client.post(action_url(mentorship, "explode")).status_code == 404


@pytest.mark.parametrize("side", ["mentor", "mentee"])
def test_either_side_ends_an_active_mentorship_and_the_other_hears_of_it(
    slot, side, django_capture_on_commit_callbacks
):
    mentorship = MentorshipFactory(slot=slot)
    mentorship_accept(mentorship=mentorship, mentor=slot.mentor.member)
    ender, other = (
        (slot.mentor.member, mentorship.mentee)
        if side == "mentor"
        else (mentorship.mentee, slot.mentor.member)
    )

    with django_capture_on_commit_callbacks(execute=True):
        mentorship_end(mentorship=mentorship, ended_by=ender, message="Thanks")

    mentorship.refresh_from_db()
    assert (mentorship.state, mentorship.ended_by) == ("ended", ender)
    assert mentorship.ends_on == timezone.localdate()
    assert Notification.objects.filter(recipient=other, subject__contains="ended").count() == 1


def test_mentee_cancels_an_unanswered_ask(slot, member):
    mentorship = MentorshipFactory(slot=slot, mentee=member)

    mentorship_cancel(mentorship=mentorship, mentee=member)

    mentorship.refresh_from_db()
    assert mentorship.state == "cancelled"


@pytest.mark.parametrize(
    ("state", "step"),
    [("requested", "end"), ("active", "cancel"), ("declined", "accept"), ("ended", "end")],
)
def test_illegal_steps_are_refused(slot, state, step):
    mentorship = MentorshipFactory(
        slot=slot, state=state, ended_at=timezone.now() if state == "ended" else None
    )
    mentor, mentee = slot.mentor.member, mentorship.mentee
    steps = {
        "end": lambda: mentorship_end(mentorship=mentorship, ended_by=mentee),
        "cancel": lambda: mentorship_cancel(mentorship=mentorship, mentee=mentee),
        "accept": lambda: mentorship_accept(mentorship=mentorship, mentor=mentor),
    }

    with pytest.raises(MentorshipError):
        steps[step]()


def test_database_refuses_an_ended_mentorship_without_an_end(slot):
    with pytest.raises(IntegrityError):
        MentorshipFactory(slot=slot, state="ended", ended_at=None)


def test_database_refuses_a_slot_that_ends_before_it_starts(slot):
    with pytest.raises(IntegrityError):
        MentorSlot.objects.create(
            mentor=slot.mentor, starts_on=slot.starts_on, ends_on=slot.starts_on - timedelta(days=1)
        )


def test_mentor_publishes_a_slot_from_their_page(client):
    mentor = MentorFactory()
    client.force_login(mentor.member)
    start = timezone.localdate() + timedelta(days=3)

    response = client.post(
        reverse("members:mentor_slot_add"),
        {
            "starts_on": start,
            "ends_on": start + timedelta(days=30),
            "capacity": 2,
            "note": "Online",
        },
        follow=True,
    )

    assert MentorSlot.objects.get(mentor=mentor).capacity == 2
    assert "Your slot is published." in response.content.decode()


@pytest.mark.parametrize(
    "data",
    [
        {"starts_on": "not a date", "ends_on": "2030-01-01", "capacity": 1},
        {"starts_on": "2030-02-01", "ends_on": "2030-01-01", "capacity": 1},
        {"starts_on": "2000-01-01", "ends_on": "2000-02-01", "capacity": 1},
        {"starts_on": "2030-01-01", "ends_on": "2030-02-01", "capacity": 0},
        {},
    ],
)
def test_bad_slot_input_keeps_what_was_typed_with_a_message(client, data):
    mentor = MentorFactory()
    client.force_login(mentor.member)

    response = client.post(reverse("members:mentor_slot_add"), {"note": "kept note", **data})

    assert response.status_code == 200
    page = response.content.decode()
    assert "errorlist" in page
    assert "kept note" in page
    assert MentorSlot.objects.count() == 0


def test_slot_in_the_past_is_refused_by_the_service():
    with pytest.raises(MentorshipError):
        mentor_slot_add(
            mentor=MentorFactory(),
            starts_on=timezone.localdate() - timedelta(days=1),
            ends_on=timezone.localdate(),
        )


def test_a_member_who_is_not_a_mentor_cannot_publish_slots(member_client):
    response = member_client.post(reverse("members:mentor_slot_add"), {"capacity": 1})

    assert response.status_code == 403


def test_mentor_cannot_close_another_mentors_slot(client, slot):
    other = MentorFactory()
    client.force_login(other.member)

    response = client.post(reverse("members:mentor_slot_close", args=[slot.pk]))

    assert response.status_code == 404
    slot.refresh_from_db()
    assert slot.is_open is True


def test_mentors_page_lists_free_and_taken_slots_by_kind(client, slot):
    taken = MentorSlotFactory(mentor=slot.mentor)
    MentorshipFactory(slot=taken)
    MentorFactory(kind="community", member__display_name="Zhao Lei")

    technical = client.get(reverse("members:mentors"), {"kind": "technical"}).content.decode()

    assert "Wang Fang" in technical
    assert "Zhao Lei" not in technical
    assert reverse("members:mentorship_ask", args=[slot.pk]) in technical
    assert reverse("members:mentorship_ask", args=[taken.pk]) not in technical


@pytest.mark.parametrize("rows", [1, 50])
def test_mentors_page_queries_do_not_grow_with_mentors(client, django_assert_num_queries, rows):
    for _ in range(rows):
        MentorSlotFactory()

    # mentors, their open slots with seats taken
    with django_assert_num_queries(2):
        client.get(reverse("members:mentors"))


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_members_asking_at_once_never_over_book_a_slot():
    slot = MentorSlotFactory(capacity=2)
    mentees = MemberFactory.create_batch(6)
    barrier = threading.Barrier(len(mentees))
    outcomes = []

    def ask(mentee):
        try:
            barrier.wait()
            mentorship_ask(slot=slot, mentee=mentee, goals="please")
            outcomes.append("asked")
        except MentorshipError:
            outcomes.append("taken")
        finally:
            connection.close()

    threads = [threading.Thread(target=ask, args=(mentee,)) for mentee in mentees]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["asked"] * 2 + ["taken"] * 4
    assert Mentorship.objects.filter(slot=slot).count() == 2


# --- Ending asks first ----------------------------------------------------------------------


def end_url(mentorship):
    return reverse("members:mentorship_end", args=[mentorship.pk])


def test_end_the_mentorship_opens_a_confirmation_that_changes_nothing(slot, client):
    mentorship = MentorshipFactory(slot=slot, state="active")
    client.force_login(mentorship.mentee)

    page = client.get(reverse("members:mentorship")).content.decode()
    confirmation = client.get(end_url(mentorship))

    assert f'href="{end_url(mentorship)}"' in page
    assert confirmation.status_code == 200
    assert "Wang Fang" in confirmation.content.decode()
    assert 'name="confirm" value="end"' in confirmation.content.decode()
    mentorship.refresh_from_db()
    assert mentorship.state == "active"


def test_a_post_without_the_confirmation_changes_nothing(slot, client):
    mentorship = MentorshipFactory(slot=slot, state="active")
    client.force_login(mentorship.mentee)

    client.post(end_url(mentorship), {"message": "Bye"})

    mentorship.refresh_from_db()
    assert mentorship.state == "active"


@pytest.mark.parametrize("side", ["mentee", "mentor"])
def test_confirming_ends_the_mentorship(slot, client, side):
    mentorship = MentorshipFactory(slot=slot, state="active")
    client.force_login(mentorship.mentee if side == "mentee" else slot.mentor.member)

    response = client.post(end_url(mentorship), {"confirm": "end", "message": "Thanks!"})

    assert response.status_code == 302
    mentorship.refresh_from_db()
    assert mentorship.state == "ended"


def test_the_confirmation_is_only_for_the_two_people(slot, member_client, client):
    mentorship = MentorshipFactory(slot=slot, state="active")

    assert member_client.get(end_url(mentorship)).status_code == 404
    assert member_client.post(end_url(mentorship), {"confirm": "end"}).status_code == 404
    client.logout()
    assert client.get(end_url(mentorship)).status_code == 302  # to sign in
    mentorship.refresh_from_db()
    assert mentorship.state == "active"
