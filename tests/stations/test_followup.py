"""After an event: the attendees' feedback (once each), the lead's summary with photos
and links, what the event page shows of them, and the organizers' results page."""

import threading
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from stations import services
from stations.enums import LogAction, RegistrationState
from stations.models import EventFeedback, EventPhoto, EventSummary, StationLogEntry
from stations.services import StationError
from tests.core.test_images import image_bytes
from tests.factories.members import MemberFactory, ReviewerFactory
from tests.factories.stations import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def past_event(station):
    starts = timezone.now() - timedelta(days=2)
    return EventFactory(
        station=station,
        title="Tracing night",
        starts_at=starts,
        ends_at=starts + timedelta(hours=3),
    )


@pytest.fixture
def attendee(past_event):
    return RegistrationFactory(event=past_event, attended=True).member


def feedback_url(event):
    return reverse("stations:event_feedback", args=[event.station.slug, event.pk])


def summary_url(event):
    return reverse("stations:event_summary", args=[event.station.slug, event.pk])


def results_url(event):
    return reverse("stations:event_results", args=[event.station.slug, event.pk])


def event_url(event):
    return reverse("stations:event", args=[event.station.slug, event.pk])


def answer(event, rating=4, good="", improve=""):
    member = RegistrationFactory(event=event, attended=True).member
    return services.feedback_submit(
        event=event, member=member, rating=rating, what_was_good=good, what_to_improve=improve
    )


def png(name="photo.png", size=(120, 80)):
    return SimpleUploadedFile(name, image_bytes("PNG", size=size), "image/png")


# --- Who may answer ---------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_sign_in(client, past_event):
    response = client.get(feedback_url(past_event))

    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


@pytest.mark.parametrize("who", ["other member", "lead of another station", "reviewer", "lead"])
def test_people_who_did_not_register_are_refused(client, past_event, other_lead, lead, who):
    person = {
        "other member": MemberFactory(),
        "lead of another station": other_lead,
        "reviewer": ReviewerFactory(),
        "lead": lead,
    }[who]
    client.force_login(person)

    assert client.get(feedback_url(past_event)).status_code == 403
    assert client.post(feedback_url(past_event), {"rating": "5"}).status_code == 403
    assert not EventFeedback.objects.exists()


def test_registrants_not_checked_in_are_told_why(client, past_event):
    member = RegistrationFactory(event=past_event).member
    client.force_login(member)

    response = client.post(feedback_url(past_event), {"rating": "5"})

    assert response.status_code == 403
    assert "Only people who were checked in at the event can give feedback." in (
        response.content.decode()
    )
    assert not EventFeedback.objects.exists()


def test_feedback_opens_when_the_event_ends(client, station):
    event = EventFactory(station=station, starts_at=timezone.now() - timedelta(hours=1))
    member = RegistrationFactory(event=event, attended=True).member
    client.force_login(member)

    response = client.post(feedback_url(event), {"rating": "5"})

    assert response.status_code == 200
    assert "This is possible once the event has ended." in response.content.decode()
    assert not EventFeedback.objects.exists()


def test_a_checked_in_attendee_answers_once(client, past_event, attendee):
    client.force_login(attendee)

    response = client.post(
        feedback_url(past_event),
        {"rating": "4", "what_was_good": "The demos", "what_to_improve": "More chairs"},
        follow=True,
    )

    assert "Thank you for your feedback!" in response.content.decode()
    (feedback,) = EventFeedback.objects.all()
    assert (feedback.rating, feedback.what_was_good, feedback.what_to_improve) == (
        4,
        "The demos",
        "More chairs",
    )
    assert feedback.registration.member == attendee


def test_a_second_answer_is_refused_with_a_message(client, past_event, attendee):
    client.force_login(attendee)
    client.post(feedback_url(past_event), {"rating": "4"})

    again = client.post(feedback_url(past_event), {"rating": "1"})

    assert again.status_code == 400
    assert "You already gave your feedback on this event." in again.content.decode()
    assert list(EventFeedback.objects.values_list("rating", flat=True)) == [4]
    page = client.get(feedback_url(past_event)).content.decode()
    assert "You already gave your feedback on this event." in page
    assert 'name="rating"' not in page


def test_a_rating_outside_1_to_5_is_refused_beside_the_field(client, past_event, attendee):
    client.force_login(attendee)

    response = client.post(feedback_url(past_event), {"rating": "9"})

    assert response.status_code == 200
    assert response.context["form"].errors["rating"]
    assert not EventFeedback.objects.exists()


def test_the_database_refuses_a_second_answer_for_a_registration(past_event, attendee):
    first = services.feedback_submit(event=past_event, member=attendee, rating=5)

    with pytest.raises(IntegrityError):
        EventFeedback.objects.create(event=past_event, registration=first.registration, rating=2)


def test_the_database_refuses_a_rating_of_zero(past_event, attendee):
    registration = attendee.event_registrations.get()

    with pytest.raises(IntegrityError):
        EventFeedback.objects.create(event=past_event, registration=registration, rating=0)


@pytest.mark.django_db(transaction=True)
def test_two_answers_at_once_record_one(station):
    """Two tabs sending at the same moment: the unique key keeps one, the other is told."""
    starts = timezone.now() - timedelta(days=1)
    event = EventFactory(station=station, starts_at=starts, ends_at=starts + timedelta(hours=2))
    member = RegistrationFactory(event=event, attended=True).member
    threaded = connection.vendor != "sqlite"
    barrier = threading.Barrier(2)
    outcomes = []

    def send(rating):
        try:
            if threaded:
                barrier.wait()
            services.feedback_submit(event=event, member=member, rating=rating)
            outcomes.append("saved")
        except StationError as error:
            outcomes.append(str(error))
        finally:
            if threaded:
                connection.close()

    if not threaded:
        # SQLite serializes writers; the second still meets the unique key.
        send(5)
        send(3)
    else:
        threads = [threading.Thread(target=send, args=(rating,)) for rating in (5, 3)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    assert sorted(outcomes) == sorted(
        ["saved", "You already gave your feedback on this event. Thank you!"]
    )
    assert EventFeedback.objects.filter(event=event).count() == 1


# --- What the event page shows ----------------------------------------------------------


def test_the_average_is_shown_from_three_answers_on(client, past_event):
    answer(past_event, rating=5)
    answer(past_event, rating=4)

    two = client.get(event_url(past_event)).content.decode()
    answer(past_event, rating=4)
    three = client.get(event_url(past_event)).content.decode()

    assert 'data-testid="event-rating"' not in two
    assert "out of 5" not in two
    assert "Rated 4.3 out of 5 by 3 attendees" in three


def test_the_average_is_written_the_readers_way():
    rating = {"average": 4.25, "count": 3}

    with translation.override("fr"):
        text = render_to_string("stations/_event_rating.html", {"rating": rating})

    assert "4,3" in text


def test_the_event_page_shows_no_names_of_those_who_answered(client, past_event):
    for rating in (5, 4, 3):
        feedback = answer(past_event, rating=rating, good="Lovely")
        feedback.registration.member.display_name = f"Attendee {rating}"
        feedback.registration.member.save()

    page = client.get(event_url(past_event)).content.decode()

    assert "Attendee" not in page
    assert "Lovely" not in page


def test_the_summary_photos_and_links_are_on_the_event_page(client, past_event, lead):
    services.event_summary_save(
        event=past_event,
        actor=lead,
        text="Forty people came; **great** questions.",
        slides_url="https://slides.example.org/tracing",
        recording_url="https://video.example.org/tracing",
        photos=[(png(), "People at a whiteboard")],
    )

    page = client.get(event_url(past_event)).content.decode()

    assert "<strong>great</strong>" in page
    assert 'href="https://slides.example.org/tracing"' in page
    assert 'href="https://video.example.org/tracing"' in page
    photo = EventPhoto.objects.get()
    assert f'src="{photo.image.url}" alt="People at a whiteboard"' in page


@pytest.mark.parametrize("count", [1, 20])
def test_event_page_query_count_does_not_grow(
    client, past_event, lead, django_assert_num_queries, count
):
    services.event_summary_save(
        event=past_event,
        actor=lead,
        text="It went well.",
        photos=[(png(f"p{n}.png", size=(8, 8)), f"Photo {n}") for n in range(min(count, 24))],
    )
    for _ in range(count):
        answer(past_event, rating=4, good="Good")
    member = RegistrationFactory(event=past_event, attended=True).member
    client.force_login(member)

    # session, user, inbox count, station, event, registration, manager role, summary,
    # photos, rating, feedback given
    with django_assert_num_queries(11):
        response = client.get(event_url(past_event))

    assert response.status_code == 200


# --- The summary ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 302),
        ("other member", 403),
        ("attendee", 403),
        ("lead of another station", 403),
        ("deputy", 200),
        ("lead", 200),
        ("reviewer", 200),
    ],
)
def test_who_may_open_the_summary_and_results_pages(
    client, past_event, attendee, lead, deputy, other_lead, who, status
):
    person = {
        "anonymous": None,
        "other member": MemberFactory(),
        "attendee": attendee,
        "lead of another station": other_lead,
        "deputy": deputy,
        "lead": lead,
        "reviewer": ReviewerFactory(),
    }[who]
    if person:
        client.force_login(person)

    assert client.get(summary_url(past_event)).status_code == status
    assert client.get(results_url(past_event)).status_code == status
    forged = client.post(summary_url(past_event), {"text": "Forged"})
    assert forged.status_code == (302 if status == 200 else status)
    assert EventSummary.objects.exists() == (status == 200)


def test_the_lead_posts_a_summary_with_photos_in_one_logged_change(client, past_event, lead):
    client.force_login(lead)

    response = client.post(
        summary_url(past_event),
        {
            "text": "A full room.",
            "slides_url": "slides.example.org/deck",
            "recording_url": "",
            "photo_1": png(),
            "alt_1": "The speaker",
            "photo_2": png("second.png"),
            "alt_2": "The audience",
        },
    )

    assert response.status_code == 302
    summary = EventSummary.objects.get()
    assert (summary.text, summary.slides_url, summary.written_by) == (
        "A full room.",
        "https://slides.example.org/deck",
        lead,
    )
    photos = list(EventPhoto.objects.order_by("id"))
    assert [photo.alt_text for photo in photos] == ["The speaker", "The audience"]
    assert all(photo.image.name.startswith("stations/events/photos/") for photo in photos)
    assert not photos[0].image.name.endswith("photo.png")
    entry = StationLogEntry.objects.get(action=LogAction.EVENT_SUMMARY_POSTED)
    assert entry.event == past_event
    assert entry.comment_text == "Summary saved; photos added: 2"


def test_a_file_that_is_not_an_image_is_refused_beside_the_field(client, past_event, lead):
    client.force_login(lead)
    fake = SimpleUploadedFile("photo.png", b"<svg onload=alert(1)>", "image/png")

    response = client.post(
        summary_url(past_event),
        {"text": "Keep me", "photo_1": fake, "alt_1": "x", "slides_url": "not a url"},
    )

    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors["photo_1"] == [
        "This file is not a PNG, JPEG or WebP image that can be read."
    ]
    assert form.errors["slides_url"] == ["Enter a valid URL."]
    assert "Keep me" in response.content.decode()
    assert not EventSummary.objects.exists()
    assert not EventPhoto.objects.exists()


def test_a_photo_needs_words_for_those_who_cannot_see_it(client, past_event, lead):
    client.force_login(lead)

    response = client.post(summary_url(past_event), {"text": "Hi", "photo_1": png(), "alt_1": ""})

    assert response.status_code == 400
    assert response.context["form"].errors["alt_1"] == ["Say what the photo shows."]
    assert not EventPhoto.objects.exists()


def test_no_summary_before_the_event_ends(station, lead):
    event = EventFactory(station=station)

    with pytest.raises(StationError, match="once the event has ended"):
        services.event_summary_save(event=event, actor=lead, text="Too early")


def test_a_second_save_rewrites_the_text_and_adds_photos(past_event, lead):
    services.event_summary_save(event=past_event, actor=lead, text="First", photos=[(png(), "A")])

    services.event_summary_save(event=past_event, actor=lead, text="Second", photos=[(png(), "B")])

    assert EventSummary.objects.get().text == "Second"
    assert EventPhoto.objects.count() == 2


# --- The organizers' results ------------------------------------------------------------


def test_the_lead_sees_attendance_distribution_and_comments_without_names(
    client, past_event, attendee, lead
):
    RegistrationFactory(event=past_event)  # registered, did not come
    RegistrationFactory(event=past_event, state=RegistrationState.CANCELLED)
    services.feedback_submit(
        event=past_event, member=attendee, rating=5, what_was_good="The live demo"
    )
    attendee.display_name = "Secret Name"
    attendee.save()
    client.force_login(lead)

    response = client.get(results_url(past_event))

    page = response.content.decode()
    results = response.context["results"]
    assert (results["registered"], results["checked_in"]) == (2, 1)
    assert "1 of 2 registered were checked in (50 %)" in page
    assert [(row["rating"], row["count"]) for row in results["distribution"]] == [
        (5, 1),
        (4, 0),
        (3, 0),
        (2, 0),
        (1, 0),
    ]
    assert "The live demo" in page
    assert "Secret Name" not in page
    assert attendee.username not in page


def test_a_summary_written_in_chinese_is_read_in_chinese_and_falls_back_in_english(
    client, past_event, lead
):
    with translation.override("zh-hans"):
        services.event_summary_save(event=past_event, actor=lead, text="三十人到场。")

    summary = EventSummary.objects.get()
    assert summary.text_zh_hans == "三十人到场。"
    # The middleware activates the reader's language; override puts ours back afterwards.
    with translation.override("en"):
        chinese = client.get(event_url(past_event), HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert "三十人到场。" in chinese.content.decode()
    assert "活动回顾" in chinese.content.decode()


def test_reviewers_read_summaries_and_feedback_in_the_admin(client, past_event, attendee, lead):
    summary = services.event_summary_save(event=past_event, actor=lead, text="It went well.")
    feedback = services.feedback_submit(event=past_event, member=attendee, rating=5)
    client.force_login(ReviewerFactory())

    summary_page = client.get(f"/admin/stations/eventsummary/{summary.pk}/change/")
    feedback_page = client.get(f"/admin/stations/eventfeedback/{feedback.pk}/change/")

    assert summary_page.status_code == 200
    assert "It went well." in summary_page.content.decode()
    assert feedback_page.status_code == 200
    assert attendee.username not in feedback_page.content.decode()
