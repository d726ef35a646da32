"""The member's service page and its forms, for every kind of visitor; the public
pages (verification, print, credential, profile) of a certificate of service."""

import json
from datetime import date

import pytest
from django.urls import reverse

from members.services.certifications import certificate_revoke
from tests.factories.members import MemberFactory, VolunteerApplicationFactory
from tests.factories.titles import ServiceCertificateRequestFactory, ServiceTermFactory
from titles.enums import ServiceRequestState
from titles.models import ServiceCertificateRequest
from titles.services import service_certificate_issue

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(db):
    return MemberFactory(username="owner", display_name="Chen Jie")


@pytest.fixture
def term(owner, station):
    return ServiceTermFactory(holder=owner, station=station)


@pytest.fixture
def cast(owner, another_member, other_lead, reviewer):
    return {
        "anonymous": None,
        "another member": another_member,
        "owner": owner,
        "lead of another station": other_lead,
        "reviewer": reviewer,
    }


@pytest.mark.parametrize(
    "who", ["anonymous", "another member", "owner", "lead of another station", "reviewer"]
)
def test_the_service_page_shows_only_ones_own_terms(client, cast, term, who):
    user = cast[who]
    if user is not None:
        client.force_login(user)

    response = client.get(reverse("titles:mine"))

    if user is None:
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
        return
    page = response.content.decode()
    assert response.status_code == 200
    assert ("Lead of the Shanghai station" in page) == (who == "owner")


@pytest.mark.parametrize(
    "who", ["anonymous", "another member", "owner", "lead of another station", "reviewer"]
)
def test_only_the_owner_asks_for_a_certificate_of_their_term(client, cast, term, who):
    user = cast[who]
    if user is not None:
        client.force_login(user)

    response = client.post(
        reverse("titles:request_for_term", args=[term.pk]), {"note": "Twelve meetups"}
    )

    made = ServiceCertificateRequest.objects.filter(term=term)
    if who == "owner":
        assert response.status_code == 302
        assert made.get().state == ServiceRequestState.REQUESTED
        assert made.get().requested_by == user
    else:
        assert response.status_code in (302, 404)
        if user is None:
            assert "/accounts/login/" in response["Location"]
        assert not made.exists()


@pytest.mark.parametrize(
    "who", ["anonymous", "another member", "owner", "lead of another station", "reviewer"]
)
def test_only_the_owner_withdraws_their_request(client, cast, term, who):
    request = ServiceCertificateRequestFactory(term=term)
    user = cast[who]
    if user is not None:
        client.force_login(user)

    client.post(reverse("titles:withdraw", args=[request.pk]))

    request.refresh_from_db()
    expected = ServiceRequestState.WITHDRAWN if who == "owner" else ServiceRequestState.REQUESTED
    assert request.state == expected


def test_a_note_too_long_is_refused_beside_the_field_and_kept(client, owner, term):
    client.force_login(owner)
    note = "x" * 2001

    response = client.post(reverse("titles:request_for_term", args=[term.pk]), {"note": note})

    page = response.content.decode()
    assert response.status_code == 400
    assert "at most 2000 characters" in page
    assert note in page
    assert not ServiceCertificateRequest.objects.exists()


def test_asking_twice_says_it_already_waits(client, owner, term):
    ServiceCertificateRequestFactory(term=term)
    client.force_login(owner)

    response = client.post(reverse("titles:request_for_term", args=[term.pk]), {"note": ""})

    assert "already waits for review" in response.content.decode()
    assert ServiceCertificateRequest.objects.count() == 1


def test_an_accepted_volunteer_is_offered_a_certificate_of_their_group(client, owner):
    from django.utils import timezone

    application = VolunteerApplicationFactory(
        applicant=owner, state="accepted", answered_at=timezone.now()
    )
    client.force_login(owner)

    page = client.get(reverse("titles:mine")).content.decode()
    response = client.post(
        reverse("titles:request_for_group", args=[application.group.slug]), {"note": ""}
    )

    assert f"Volunteer in the {application.group.name}" in page
    assert response.status_code == 302
    assert ServiceCertificateRequest.objects.get().term.volunteer_group == application.group


def test_the_service_page_says_when_there_is_nothing(client, another_member):
    client.force_login(another_member)

    page = client.get(reverse("titles:mine")).content.decode()

    assert "No terms of service yet." in page


@pytest.mark.parametrize("rows", [1, 50])
def test_the_service_page_costs_the_same_for_1_and_50_terms(
    client, owner, django_assert_num_queries, rows
):
    for _ in range(rows):
        ServiceCertificateRequestFactory(term=ServiceTermFactory(holder=owner))
    client.force_login(owner)

    # session, user, terms, their requests, groups without a term, the header's unread count
    with django_assert_num_queries(6):
        response = client.get(reverse("titles:mine"))

    assert response.status_code == 200


@pytest.fixture
def issued(term, reviewer):
    request = ServiceCertificateRequestFactory(term=term)
    return service_certificate_issue(request=request, reviewer=reviewer)


def test_the_verification_page_shows_the_role_station_and_period(client, issued):
    page = client.get(issued.get_absolute_url()).content.decode()

    assert "This certificate is valid." in page
    assert "Lead of the Shanghai station" in page
    assert "March 1, 2021 – June 30, 2024" in page  # noqa: RUF001


def test_a_revoked_certificate_of_service_shows_as_revoked(client, issued, reviewer):
    certificate_revoke(certificate=issued, revoked_by=reviewer, reason="Issued by mistake")

    page = client.get(issued.get_absolute_url()).content.decode()

    assert "This certificate was revoked." in page
    assert "Issued by mistake" in page


def test_the_printed_certificate_names_the_service(client, issued):
    page = client.get(reverse("members:certificate_print", args=[issued.number])).content.decode()

    assert "served the community as Lead of the Shanghai station" in page
    assert reverse("members:certificate_qr", args=[issued.number]) in page


def test_the_open_badge_names_the_role_and_period(client, issued):
    response = client.get(reverse("members:certificate_credential", args=[issued.number]))

    subject = json.loads(response.content)["credentialSubject"]
    assert subject["achievement"]["achievementType"] == "CommunityService"
    assert subject["role"] == "Lead of the Shanghai station"
    assert subject["activityStartDate"].startswith("2021-03-01")
    assert subject["activityEndDate"].startswith("2024-06-30")


def test_the_profile_shows_titles_with_their_periods(client, owner, term, station):
    ServiceTermFactory(
        holder=owner,
        station=station,
        role="station_deputy",
        started_on=date(2025, 1, 1),
        ended_on=None,
    )

    page = client.get(owner.get_absolute_url()).content.decode()

    assert "Lead of the Shanghai station, 2021 – 2024" in page  # noqa: RUF001
    assert "Deputy lead of the Shanghai station, since 2025" in page


def test_the_profile_shows_titles_in_chinese(client, owner, term):
    page = client.get(owner.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()

    assert "Shanghai 站点站长" in page


def test_the_levels_page_does_not_offer_service_levels(client, issued):
    page = client.get(reverse("members:certification_levels")).content.decode()

    assert "Certificate of service" not in page
    apply = client.get(reverse("members:certification_apply", args=[issued.level.slug]))
    assert apply.status_code in (302, 404)
