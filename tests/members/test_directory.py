"""The member directory: filters by tier, city and certification; pages; no e-mail."""

from datetime import date

import pytest
from django.urls import reverse

from members.services.accounts import member_update_profile
from members.services.certifications import certificate_revoke
from members.services.tiers import member_change_tier
from tests.factories.members import CertificateFactory, CertificationLevelFactory, MemberFactory

pytestmark = pytest.mark.django_db

DIRECTORY = reverse("members:directory")


def names(response):
    return [member.public_name for member in response.context["page"].object_list]


def test_directory_lists_active_members_by_name_without_their_email(client):
    MemberFactory(display_name="Zhao Lei", email="zhao.private@example.com")
    MemberFactory(display_name="an Lower", email="an@example.com")
    MemberFactory(display_name="Hidden", is_active=False)

    response = client.get(DIRECTORY)

    assert names(response) == ["an Lower", "Zhao Lei"]
    page = response.content.decode()
    assert "zhao.private" not in page
    assert "@example.com" not in page


def test_directory_filters_by_tier(client, ladder):
    contributor = MemberFactory(display_name="Chen")
    MemberFactory(display_name="Lin")
    member_change_tier(
        member=contributor, to_tier=ladder["contributor"], decided_by=None, reason="x"
    )

    response = client.get(DIRECTORY, {"tier": ladder["contributor"].pk})

    assert names(response) == ["Chen"]


def test_directory_filters_by_city(client):
    MemberFactory(display_name="Chen", city="Beijing")
    MemberFactory(display_name="Lin", city="Shanghai")

    response = client.get(DIRECTORY, {"city": "Shanghai"})

    assert names(response) == ["Lin"]


def test_directory_filters_by_a_valid_certificate(client, reviewer):
    level = CertificationLevelFactory(name="Foundation")
    holder = CertificateFactory(level=level, holder__display_name="Valid").holder
    CertificateFactory(level=level, holder__display_name="Expired", issued_on=date(2020, 1, 1))
    revoked = CertificateFactory(level=level, holder__display_name="Revoked")
    certificate_revoke(certificate=revoked, revoked_by=reviewer, reason="fraud")
    MemberFactory(display_name="Nothing")

    response = client.get(DIRECTORY, {"certification": level.pk})

    assert names(response) == [holder.public_name]


def test_directory_searches_by_name(client):
    MemberFactory(display_name="Chen Jing", username="cj")
    MemberFactory(display_name="Lin Wei", username="lw")

    response = client.get(DIRECTORY, {"q": "chen"})

    assert names(response) == ["Chen Jing"]


@pytest.mark.parametrize(
    "params", [{"tier": "999"}, {"tier": "abc"}, {"city": "Atlantis"}, {"certification": "x"}]
)
def test_bad_filter_values_get_a_message_not_an_error(client, params):
    MemberFactory()

    response = client.get(DIRECTORY, params)

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


def test_directory_is_paginated(client):
    MemberFactory.create_batch(30)

    first = client.get(DIRECTORY)
    second = client.get(DIRECTORY, {"page": 2})
    nonsense = client.get(DIRECTORY, {"page": "last-but-one"})

    assert len(first.context["page"].object_list) == 24
    assert len(second.context["page"].object_list) == 6
    assert nonsense.status_code == 200
    assert "Page 1 of 2" in first.content.decode()


@pytest.mark.parametrize("rows", [1, 50])
def test_directory_queries_do_not_grow_with_members(
    client, django_assert_num_queries, rows, ladder
):
    level = CertificationLevelFactory()
    for member in MemberFactory.create_batch(rows, city="Shanghai"):
        CertificateFactory(holder=member, level=level)
        member_change_tier(member=member, to_tier=ladder["user"], decided_by=None, reason="x")

    # count, the page's keys, its rows with tiers, valid certificates with levels,
    # the filter's tiers, cities and levels
    with django_assert_num_queries(7):
        response = client.get(DIRECTORY, {"city": "Shanghai"})

    assert len(response.context["page"].object_list) == min(rows, 24)


def test_directory_second_request_reads_count_and_cities_from_the_cache(
    client, django_assert_num_queries
):
    MemberFactory.create_batch(3, city="Shanghai")
    # Signed in, so that the page is rendered rather than taken from the page cache.
    client.force_login(MemberFactory())
    client.get(DIRECTORY)

    # the session and its member (their unread count is kept), then the page's keys,
    # its rows, certificates, the filter's tiers and levels: no count, no cities
    with django_assert_num_queries(7):
        response = client.get(DIRECTORY)

    assert response.status_code == 200


def test_directory_deep_page_keeps_the_name_order(client):
    names = [f"Member {n:03d}" for n in range(60)]
    for name in reversed(names):
        MemberFactory(display_name=name)

    response = client.get(DIRECTORY, {"page": 3})

    shown = [member.display_name for member in response.context["page"].object_list]
    assert shown == names[48:60]


def test_directory_city_filter_learns_a_new_city_at_once(client):
    member = MemberFactory(city="Shanghai")
    client.get(DIRECTORY)

    member_update_profile(
        user=member, display_name=member.display_name, preferred_language="en", city="Chengdu"
    )
    response = client.get(DIRECTORY)

    choices = [value for value, _label in response.context["filter"].form.fields["city"].choices]
    assert "Chengdu" in choices
    assert "Shanghai" not in choices


def test_directory_from_the_page_cache_shows_a_new_member_at_once(client):
    MemberFactory(display_name="Ada Chen")
    first = client.get(DIRECTORY)

    MemberFactory(display_name="Bo Li")
    second = client.get(DIRECTORY)

    assert first["X-Page-Cache"] == "miss"
    assert "Bo Li" in second.content.decode()
