"""My events: the events a member registered for, from the header."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories.stations import EventFactory, RegistrationFactory

URL = reverse("stations:my_events")


def test_my_events_needs_an_account(client, db):
    assert client.get(URL).status_code == 302


def test_my_events_lists_only_mine_coming_and_past(member_client, member, other_member):
    coming = RegistrationFactory(member=member, event__title="Tracing night")
    RegistrationFactory(member=member, waitlisted=True, event__title="Full workshop")
    past_event = EventFactory(
        title="Last year",
        starts_at=timezone.now() - timedelta(days=30),
        ends_at=timezone.now() - timedelta(days=30) + timedelta(hours=2),
    )
    RegistrationFactory(member=member, event=past_event, attended=True)
    RegistrationFactory(member=member, state="cancelled", event__title="Dropped")
    RegistrationFactory(member=other_member, event__title="Not mine")

    response = member_client.get(URL)

    page = response.content.decode()
    assert [r.event.title for r in response.context["upcoming"]] == [
        coming.event.title,
        "Full workshop",
    ]
    assert [r.event.title for r in response.context["past"]] == ["Last year"]
    assert "Dropped" not in page
    assert "Not mine" not in page
    assert "on the waiting list" in page


@pytest.mark.parametrize("rows", [1, 50])
def test_my_events_query_count_does_not_grow(client, member, django_assert_num_queries, rows):
    RegistrationFactory.create_batch(rows, member=member)
    client.force_login(member)

    # session, user, inbox count, upcoming, past
    with django_assert_num_queries(5):
        client.get(URL)


def test_header_has_the_personal_links(member_client):
    page = member_client.get(reverse("home")).content.decode()

    for name in (
        "programs:dashboard",
        "stations:my_events",
        "submissions:mine",
        "submissions:points",
    ):
        assert f'href="{reverse(name)}"' in page


def test_visitors_get_no_personal_links(client, db):
    page = client.get(reverse("home")).content.decode()

    assert f'href="{URL}"' not in page
