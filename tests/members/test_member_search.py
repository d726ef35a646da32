"""Choosing a member by name: the search endpoint behind the naming fields."""

import time
from types import SimpleNamespace

import pytest
from django.urls import reverse

from members.views import profiles
from members.views.profiles import SEARCH_RATE
from tests.factories.members import MemberFactory

URL = reverse("members:search")


@pytest.fixture
def people(db, member):
    # The searching member's made-up name could match too ("Melinda" holds "lin").
    member.display_name = "Searcher"
    member.save(update_fields=["display_name"])
    return [
        MemberFactory(username="linxiao", display_name="Lin Xiao", email="lin@example.org"),
        MemberFactory(username="lina", display_name="", email="lina@example.org"),
        MemberFactory(username="wanglei", display_name="Wang Lei", email="wl@example.org"),
        MemberFactory(username="linformer", display_name="Gone", is_active=False),
    ]


def test_anonymous_visitor_is_refused(client, people):
    response = client.get(URL, {"q": "lin"})

    assert response.status_code == 403
    assert "results" not in response.json()


def test_member_finds_active_members_by_username_or_name(member_client, people):
    response = member_client.get(URL, {"q": "LIN"})

    assert response.status_code == 200
    assert response.json() == {
        "results": [
            {"username": "linxiao", "name": "Lin Xiao"},  # "lin xiao" sorts before "lina"
            {"username": "lina", "name": "lina"},
        ]
    }
    assert response["Cache-Control"] == "private, no-store"


def test_search_by_part_of_the_display_name(member_client, people):
    assert member_client.get(URL, {"q": "zzz"}).json()["results"] == []
    results = member_client.get(URL, {"q": "ng Le"}).json()["results"]
    assert [row["username"] for row in results] == ["wanglei"]


def test_answer_holds_no_private_field(member_client, people):
    body = member_client.get(URL, {"q": "li"}).content.decode()

    assert "@example.org" not in body
    for row in member_client.get(URL, {"q": "li"}).json()["results"]:
        assert set(row) == {"username", "name"}


@pytest.mark.parametrize("typed", ["", "l", " l ", "@"])
def test_fewer_than_two_characters_match_nobody(member_client, people, typed):
    assert member_client.get(URL, {"q": typed}).json() == {"results": []}


def test_an_email_address_finds_nobody(member_client, people):
    assert member_client.get(URL, {"q": "lin@example.org"}).json() == {"results": []}


def test_searches_are_rate_limited(member_client, people, monkeypatch):
    # The count is per clock minute: all of them in one, however slow the machine.
    minute = 60 * (int(time.time()) // 60 + 1)
    monkeypatch.setattr(profiles, "time", SimpleNamespace(time=lambda: minute + 1.0))
    for _ in range(SEARCH_RATE):
        assert member_client.get(URL, {"q": "li"}).status_code == 200

    response = member_client.get(URL, {"q": "li"})

    assert response.status_code == 429
    assert "results" not in response.json()


def test_at_most_ten_answers(member_client, db):
    MemberFactory.create_batch(12, display_name="Zhang San")

    assert len(member_client.get(URL, {"q": "zhang"}).json()["results"]) == 10


def test_application_form_offers_the_search_with_a_plain_field_behind_it(member_client, db):
    from tests.factories.programs import ProgramFactory

    program = ProgramFactory()

    page = member_client.get(reverse("programs:apply", args=[program.slug])).content.decode()

    assert f'data-member-search="{URL}"' in page
    assert '<textarea name="named_members"' in page  # works without script
    assert "/static/js/member-search.js" in page
    assert "<script>" not in page  # CSP: no inline script
