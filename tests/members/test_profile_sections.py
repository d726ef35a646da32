"""The public profile shows what the other apps know about a member."""

from datetime import timedelta

import pytest
from django.utils import timezone

from submissions import services as submission_services
from tests.factories.members import MemberFactory
from tests.factories.programs import ApplicationFactory
from tests.factories.stations import MembershipFactory
from tests.factories.submissions import SubmissionFactory
from tests.factories.titles import ServiceTermFactory

pytestmark = pytest.mark.django_db


def test_profile_shows_points_selected_content_participations_and_stations(client):
    member = MemberFactory(display_name="Lin Wei")
    chosen = SubmissionFactory(author=member, selected=True, title="Tuning OceanBase")
    SubmissionFactory(author=member, title="Still a draft idea")
    submission_services.points_award(member=member, amount=1000, reason="Angel", source=chosen)
    ApplicationFactory(applicant=member, approved=True, organization_name="Northwind")
    MembershipFactory(member=member, deputy=True)

    page = client.get(member.get_absolute_url()).content.decode()

    assert "1,000 points" in page
    assert "Tuning OceanBase" in page
    assert "Still a draft idea" not in page
    assert "Northwind" in page
    assert "Deputy lead" in page


def test_profile_of_a_newcomer_says_there_is_nothing_yet(client):
    member = MemberFactory()

    page = client.get(member.get_absolute_url()).content.decode()

    assert "0 points" in page
    assert "No selected content yet." in page
    assert "Co-construction programs" not in page


@pytest.mark.parametrize("rows", [1, 50])
def test_profile_sections_do_not_add_queries_per_row(client, django_assert_num_queries, rows):
    member = MemberFactory()
    for day in range(rows):
        chosen = SubmissionFactory(author=member, selected=True, selected_at=timezone.now())
        # Awards on different days: each is a square of the contribution calendar.
        submission_services.points_award(
            member=member,
            amount=10,
            reason="Selected",
            source=chosen,
            awarded_at=timezone.now() - timedelta(days=day),
        )
        ApplicationFactory(applicant=member, approved=True)
        MembershipFactory(member=member)
        ServiceTermFactory(holder=member)

    # members' own part (4), then points + contribution calendar + selected content,
    # participations, stations, titles, stars
    with django_assert_num_queries(11):
        client.get(member.get_absolute_url())
