"""The public pages: directory, station page, event page; their query budgets."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone

from stations.enums import Region, StationKind, StationState
from stations.models import JoinRequest
from tests.core.test_images import image_bytes
from tests.factories.members import MemberFactory
from tests.factories.stations import (
    EventFactory,
    FoundingRequestFactory,
    MembershipFactory,
    RegistrationFactory,
    StationFactory,
)

pytestmark = pytest.mark.django_db


def names_on(response):
    return [station.name for station in response.context["page"].object_list]


def test_directory_lists_active_stations_with_their_numbers(client):
    shanghai = StationFactory(name="Shanghai")
    MembershipFactory.create_batch(3, station=shanghai)
    EventFactory(station=shanghai, title="Past", starts_at=timezone.now() - timedelta(days=3))
    EventFactory(station=shanghai, title="Later", starts_at=timezone.now() + timedelta(days=9))
    EventFactory(station=shanghai, title="Next", starts_at=timezone.now() + timedelta(days=2))
    StationFactory(name="Dormant", state=StationState.DORMANT)

    response = client.get(reverse("stations:directory"))

    page = response.content.decode()
    assert names_on(response) == ["Shanghai"]
    assert "4 members" in page
    assert "Founded May 15, 2021" in page
    assert "Next" in page and "Later" not in page


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"kind": "university"}, ["Zhejiang University"]),
        ({"region": "southwest"}, ["Chengdu"]),
        ({"q": "hang"}, ["Hangzhou", "Zhejiang University"]),
        ({"q": "CHENG"}, ["Chengdu"]),
        ({"kind": "castle"}, []),
    ],
)
def test_directory_filters(client, query, expected):
    StationFactory(name="Chengdu", region=Region.SOUTHWEST)
    StationFactory(name="Hangzhou")
    StationFactory(name="Zhejiang University", kind=StationKind.UNIVERSITY, city="Hangzhou")

    response = client.get(reverse("stations:directory"), query)

    assert response.status_code == 200
    if query.get("kind") == "castle":
        assert response.context["filter"].errors
    else:
        assert names_on(response) == expected


def test_directory_paginates(client):
    StationFactory.create_batch(13)

    first = client.get(reverse("stations:directory"))
    second = client.get(reverse("stations:directory"), {"page": "2"})
    garbage = client.get(reverse("stations:directory"), {"page": "abc"})

    assert len(first.context["page"].object_list) == 12
    assert len(second.context["page"].object_list) == 1
    assert garbage.status_code == 200


def test_directory_empty_state(client):
    assert "There is no station yet" in client.get(reverse("stations:directory")).content.decode()


@pytest.mark.parametrize("count", [1, 50])
def test_directory_query_budget(client, django_assert_num_queries, count):
    for station in StationFactory.create_batch(count):
        EventFactory(station=station)
        MembershipFactory(station=station)

    # count, the page, then member counts and next events for its rows only
    with django_assert_num_queries(3):
        client.get(reverse("stations:directory"), {"page": "1"})


def test_station_page_shows_leadership_by_role(client, station, lead):
    deputy = MembershipFactory(station=station, deputy=True, member__display_name="Na Li").member
    MembershipFactory(station=station, committee=True, member__display_name="Lei Wang")
    MembershipFactory(station=station, committee=True, member__display_name="Min Zhao")

    response = client.get(reverse("stations:detail", args=[station.slug]))

    leadership = [
        (label, [h.member.public_name for h in holders])
        for label, holders in response.context["leadership"]
    ]
    assert leadership == [
        ("lead", [lead.public_name]),
        ("deputy lead", [deputy.public_name]),
        ("committee member", ["Lei Wang", "Min Zhao"]),
    ]
    assert "4 members" in response.content.decode()


def test_station_page_splits_upcoming_and_past_events(client, station):
    EventFactory(station=station, title="Coming", starts_at=timezone.now() + timedelta(days=1))
    EventFactory(station=station, title="Done", starts_at=timezone.now() - timedelta(days=30))

    response = client.get(reverse("stations:detail", args=[station.slug]))

    assert [e.title for e in response.context["upcoming_events"]] == ["Coming"]
    assert [e.title for e in response.context["past_events"]] == ["Done"]


def test_station_page_offers_join_to_members_and_sign_in_to_visitors(client, station, member):
    anonymous = client.get(reverse("stations:detail", args=[station.slug])).content.decode()
    client.force_login(member)
    signed_in = client.get(reverse("stations:detail", args=[station.slug])).content.decode()

    assert "Sign in to join" in anonymous
    assert reverse("stations:join", args=[station.slug]) in signed_in


def test_station_page_tells_a_lead_their_role(client, station, lead):
    client.force_login(lead)

    page = client.get(reverse("stations:detail", args=[station.slug])).content.decode()

    assert "You are the station's lead" in page


def test_unknown_station_page_is_not_found(client):
    assert client.get(reverse("stations:detail", args=["atlantis"])).status_code == 404


@pytest.mark.parametrize("count", [1, 50])
def test_station_page_query_budget(client, django_assert_num_queries, station, count):
    for n in range(count):
        event = EventFactory(station=station, starts_at=timezone.now() + timedelta(days=n + 1))
        held = EventFactory(station=station, starts_at=timezone.now() - timedelta(days=n + 1))
        RegistrationFactory(event=event)
        RegistrationFactory(event=held)
        MembershipFactory(station=station, committee=True)

    # station, leadership (with their avatars), attendance of recent events, upcoming, past
    with django_assert_num_queries(5):
        client.get(reverse("stations:detail", args=[station.slug]))


@pytest.mark.parametrize("count", [1, 50])
def test_check_in_list_query_budget(client, django_assert_num_queries, lead, event, count):
    event.capacity = 100
    event.save()
    RegistrationFactory.create_batch(count, event=event)
    RegistrationFactory.create_batch(count, event=event, waitlisted=True)
    client.force_login(lead)
    url = reverse("stations:check_in", args=[event.station.slug, event.pk])
    client.get(url)  # warm the session, the reviewer lookup and the inbox count

    with django_assert_num_queries(9):
        response = client.get(url)
    assert len(response.context["registrations"]) == count


def test_past_events_page_paginates(client, station):
    for n in range(30):
        EventFactory(station=station, starts_at=timezone.now() - timedelta(days=n + 1))

    response = client.get(reverse("stations:past_events", args=[station.slug]))

    assert len(response.context["page"].object_list) == 25


def test_event_page_shows_place_seats_and_markdown(client, event):
    event.description = "**Bring a laptop** <script>alert(1)</script>"
    event.save()
    RegistrationFactory(event=event)

    page = client.get(
        reverse("stations:event", args=[event.station.slug, event.pk])
    ).content.decode()

    assert "<strong>Bring a laptop</strong>" in page
    assert "<script>alert" not in page
    assert "1 of 2 seats taken" in page
    assert event.venue in page


def test_lead_edits_the_page_text_banner_and_links(client, lead, station):
    client.force_login(lead)
    banner = SimpleUploadedFile("banner.png", image_bytes("PNG", size=(800, 200)), "image/png")

    response = client.post(
        reverse("stations:manage_page", args=[station.slug]),
        {
            "description": "## Welcome",
            "banner": banner,
            "join_link": "https://chat.example.org/invite",
            "website": "example.org",
        },
        follow=True,
    )

    station.refresh_from_db()
    assert station.banner.name.startswith("stations/banners/")
    assert not station.banner.name.endswith("banner.png")
    assert station.website == "https://example.org"
    page = response.content.decode()
    assert "The station&#x27;s page is saved." in page
    assert "<h2>Welcome</h2>" in page
    assert station.banner.url in page


def test_a_banner_that_is_not_an_image_is_refused_and_the_text_kept(client, lead, station):
    client.force_login(lead)
    fake = SimpleUploadedFile("banner.png", b"<svg onload=alert(1)>", "image/png")

    response = client.post(
        reverse("stations:manage_page", args=[station.slug]),
        {"description": "Keep me", "banner": fake, "join_link": "not a url", "website": ""},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["banner"]
    assert response.context["form"].errors["join_link"] == ["Enter a valid URL."]
    assert "Keep me" in response.content.decode()
    station.refresh_from_db()
    assert not station.banner


def test_lead_removes_the_banner(client, lead, station):
    client.force_login(lead)
    url = reverse("stations:manage_page", args=[station.slug])
    banner = SimpleUploadedFile("b.png", image_bytes("PNG"), "image/png")
    client.post(url, {"description": "", "banner": banner, "join_link": "", "website": ""})

    client.post(url, {"description": "", "remove_banner": "on", "join_link": "", "website": ""})

    station.refresh_from_db()
    assert not station.banner


def test_management_pages_have_no_inline_script_or_style(client, lead, event):
    client.force_login(lead)
    slug = event.station.slug
    for url in [
        reverse("stations:directory"),
        reverse("stations:detail", args=[slug]),
        reverse("stations:event", args=[slug, event.pk]),
        reverse("stations:manage", args=[slug]),
        reverse("stations:manage_page", args=[slug]),
        reverse("stations:manage_roles", args=[slug]),
        reverse("stations:manage_chat", args=[slug]),
        reverse("stations:join_requests", args=[slug]),
        reverse("stations:event_create", args=[slug]),
        reverse("stations:check_in", args=[slug, event.pk]),
        reverse("stations:found"),
    ]:
        page = client.get(url).content.decode()
        assert "<script>" not in page and "<style" not in page and ' style="' not in page, url


def test_nav_link_marks_the_stations_pages(client, station):
    page = client.get(reverse("stations:detail", args=[station.slug])).content.decode()

    assert f'<a href="{reverse("stations:directory")}" aria-current="page">Stations</a>' in page


def test_home_card_shows_upcoming_events(client, station):
    EventFactory(station=station, title="Kickoff meetup")

    page = client.get(reverse("home")).content.decode()

    assert "Kickoff meetup" in page


@pytest.mark.parametrize("count", [1, 50])
def test_profile_section_lists_stations_and_roles_in_one_query(django_assert_num_queries, count):
    member = MemberFactory()
    for n in range(count):
        MembershipFactory(member=member, station=StationFactory(name=f"S{n:02d}"), committee=True)
    MembershipFactory(member=member, station=StationFactory(name="Plain"))
    template = Template('{% include "stations/_profile_section.html" %}')

    with django_assert_num_queries(1):
        html = template.render(Context({"profile_member": member}))

    assert html.count("Committee member") == count
    assert "Plain" in html


def _fill_lists(station, count):
    for n in range(count):
        EventFactory(station=station, starts_at=timezone.now() - timedelta(days=n + 1))
        MembershipFactory(station=station)
        JoinRequest.objects.create(station=station, member=MemberFactory())


@pytest.mark.parametrize("count", [1, 50])
@pytest.mark.parametrize(
    ("name", "queries"),
    [("manage", 8), ("join_requests", 8), ("manage_roles", 12), ("past_events", 5)],
)
def test_management_lists_query_budget(
    client, django_assert_num_queries, station, lead, count, name, queries
):
    _fill_lists(station, count)
    client.force_login(lead)
    url = reverse(f"stations:{name}", args=[station.slug])
    client.get(url)

    with django_assert_num_queries(queries):
        response = client.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize("count", [1, 50])
def test_founding_page_query_budget(client, django_assert_num_queries, member, count):
    FoundingRequestFactory.create_batch(
        count, proposer=member, state="withdrawn", decided_at=timezone.now()
    )
    client.force_login(member)
    client.get(reverse("stations:found"))  # the inbox count is kept from here on

    with django_assert_num_queries(3):
        client.get(reverse("stations:found"))
