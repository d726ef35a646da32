"""After a meetup: an attendee answers the feedback form, the lead posts a summary with a
photo and links, and the event page shows them with the average rating."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from stations import services
from tests.browser.crawler import CrawledPage, validate_html
from tests.browser.test_stations_journey import sign_in
from tests.core.test_images import image_bytes
from tests.factories.members import MemberFactory
from tests.factories.stations import EventFactory, RegistrationFactory, StationFactory
from tests.stations.test_followup import answer, feedback_url, png, results_url, summary_url

pytestmark = pytest.mark.django_db(transaction=True)


def test_attendee_answers_the_lead_posts_a_summary_and_the_page_shows_both(
    page, live_server, tmp_path
):
    lead = MemberFactory(display_name="Chen Jie")
    station = StationFactory(name="Shanghai", slug="shanghai", lead=lead)
    starts = timezone.now() - timedelta(days=1)
    event = EventFactory(
        station=station,
        title="Tracing night",
        starts_at=starts,
        ends_at=starts + timedelta(hours=3),
    )
    attendee = RegistrationFactory(
        event=event, attended=True, member__display_name="Lin Wei"
    ).member
    for rating in (5, 4):
        other = RegistrationFactory(event=event, attended=True).member
        services.feedback_submit(event=event, member=other, rating=rating)
    event_url = f"/stations/shanghai/events/{event.pk}/"

    # The attendee answers the short form, once.
    sign_in(page, attendee)
    page.goto(event_url)
    page.get_by_role("link", name="Give your feedback").click()
    page.get_by_label("4").check()
    page.get_by_label("What was good").fill("The live demo")
    page.get_by_label("What to improve").fill("A bigger room")
    page.get_by_role("button", name="Send my feedback").click()
    expect(page.get_by_text("Thank you for your feedback!")).to_be_visible()
    expect(page.get_by_test_id("event-rating")).to_have_text("Rated 4.3 out of 5 by 3 attendees")
    expect(page.get_by_role("link", name="Give your feedback")).to_have_count(0)

    # The lead posts the summary with a photo and links.
    photo = tmp_path / "room.png"
    photo.write_bytes(image_bytes("PNG", size=(160, 90)))
    sign_in(page, lead)
    page.goto(event_url)
    page.get_by_role("link", name="Post a summary").click()
    page.locator("#id_text").fill("Thirty people and **great** questions.")
    page.get_by_label("Link to the slides").fill("https://slides.example.org/tracing")
    page.get_by_label("Link to the recording").fill("https://video.example.org/tracing")
    page.locator("#id_photo_1").set_input_files(str(photo))
    page.get_by_label("What photo 1 shows").fill("People around a screen")
    page.get_by_role("button", name="Publish the summary").click()
    expect(page.get_by_text("The summary is published on the event's page.")).to_be_visible()

    # Anyone sees it on the event page.
    page.context.clear_cookies()
    page.goto(event_url)
    summary = page.get_by_test_id("event-summary")
    expect(summary.locator("strong", has_text="great")).to_be_visible()
    expect(summary.get_by_role("link", name="Slides")).to_have_attribute(
        "href", "https://slides.example.org/tracing"
    )
    expect(summary.get_by_role("img", name="People around a screen")).to_be_visible()
    expect(page.get_by_test_id("event-rating")).to_be_visible()

    # The lead sees the attendance and the comment, without names.
    sign_in(page, lead)
    page.goto(f"/stations/shanghai/manage/events/{event.pk}/results/")
    expect(page.get_by_test_id("attendance")).to_have_text(
        "3 of 3 registered were checked in (100 %)"
    )
    expect(page.get_by_test_id("comments")).to_contain_text("The live demo")
    expect(page.get_by_test_id("comments")).not_to_contain_text("Lin Wei")


def test_the_follow_up_pages_are_valid_html(client):
    """The Nu HTML checker on the pages the crawl does not reach (it signs in as a member)."""
    lead = MemberFactory()
    station = StationFactory(lead=lead)
    starts = timezone.now() - timedelta(days=1)
    past_event = EventFactory(
        station=station, starts_at=starts, ends_at=starts + timedelta(hours=2)
    )
    attendee = RegistrationFactory(event=past_event, attended=True).member
    services.event_summary_save(
        event=past_event, actor=lead, text="Fine.", photos=[(png(), "A room")]
    )
    answer(past_event, rating=4, good="Yes")
    pages = []
    for who, url in (
        (attendee, feedback_url(past_event)),
        (lead, summary_url(past_event)),
        (lead, results_url(past_event)),
    ):
        client.force_login(who)
        html = client.get(url).content.decode()
        pages.append(CrawledPage(url=url, status=200, html=html, label=url))

    assert validate_html(pages) == {}
