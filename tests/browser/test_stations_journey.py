"""A lead runs an event with one seat; the waiting list moves up when someone cancels."""

import pytest
from playwright.sync_api import expect

from stations.models import Station
from tests.factories.members import DEFAULT_PASSWORD, MemberFactory
from tests.factories.stations import MembershipFactory, StationFactory

pytestmark = pytest.mark.django_db(transaction=True)


def sign_in(page, member):
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.locator("#id_login").fill(member.email)
    page.locator("#id_password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(
        page.get_by_role("navigation", name="Main").get_by_role("button", name="Sign out")
    ).to_be_visible()


def test_lead_runs_an_event_and_the_waiting_list_moves_up(page, live_server):
    lead = MemberFactory(username="chenjie", display_name="Chen Jie")
    station = StationFactory(name="Shanghai", slug="shanghai", lead=lead)
    first = MembershipFactory(station=station, member__display_name="Lin Wei").member
    second = MemberFactory(display_name="Zhou Yu")
    page.on("dialog", lambda dialog: dialog.accept())

    # The lead edits the station's page, then plans an event with a single seat.
    sign_in(page, lead)
    page.goto("/stations/shanghai/")
    page.get_by_role("link", name="Manage station").click()
    page.get_by_role("link", name="Page", exact=True).click()
    page.get_by_label("Description").fill("Monthly meetups in **Xuhui**.")
    page.get_by_role("button", name="Save the page").click()
    expect(page.get_by_text("The station's page is saved.")).to_be_visible()
    expect(page.locator("strong", has_text="Xuhui")).to_be_visible()

    page.get_by_role("link", name="Manage station").click()
    page.get_by_role("link", name="New event").click()
    page.get_by_label("Title").fill("Kubernetes night")
    page.get_by_label("Kind").select_option("meetup")
    page.get_by_label("Starts").fill("2031-03-01T19:00")
    page.get_by_label("Ends").fill("2031-03-01T21:00")
    page.get_by_label("Place").fill("Xuhui, room 3")
    page.get_by_label("Capacity").fill("1")
    page.get_by_role("button", name="Publish the event").click()
    expect(page.get_by_text("The event is published.")).to_be_visible()
    event_url = page.url

    # The first member takes the seat, the second joins the waiting list.
    sign_in(page, first)
    page.goto(event_url)
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_test_id("registration-state")).to_have_text("You are registered.")

    sign_in(page, second)
    page.goto(event_url)
    page.get_by_role("button", name="Join the waiting list").click()
    expect(page.get_by_test_id("registration-state")).to_have_text(
        "You are number 1 on the waiting list."
    )

    # The first cancels; the second gets the seat and hears about it.
    sign_in(page, first)
    page.goto(event_url)
    page.get_by_role("button", name="Cancel my registration").click()
    expect(page.get_by_text("Your registration is cancelled.")).to_be_visible()

    sign_in(page, second)
    page.goto(event_url)
    expect(page.get_by_test_id("registration-state")).to_have_text("You are registered.")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Inbox").click()
    expect(
        page.get_by_role(
            "heading", name="A seat opened up: you are registered for Kubernetes night"
        )
    ).to_be_visible()

    assert Station.objects.get().description == "Monthly meetups in **Xuhui**."
    assert page.console_errors == []
