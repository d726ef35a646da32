"""Who may open which members page, and the query budgets of the list pages."""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from members.services.certifications import certification_application_confirm_eligibility
from tests.factories.members import (
    CertificateFactory,
    CertificationApplicationFactory,
    CertificationLevelFactory,
    MemberFactory,
    MentorFactory,
    MentorshipFactory,
    MentorSlotFactory,
    ReviewerFactory,
    VolunteerApplicationFactory,
    VolunteerGroupFactory,
)

pytestmark = pytest.mark.django_db

SIGNED_IN_PAGES = [
    "members:profile_edit",
    "members:tier",
    "members:certifications",
    "members:mentorship",
]
POST_ONLY = [
    ("members:tier_request_withdraw", [1]),
    ("members:certification_application_withdraw", [1]),
    ("members:volunteer_application_answer", [1]),
    ("members:volunteer_application_withdraw", [1]),
    ("members:mentor_update", []),
    ("members:mentor_slot_add", []),
    ("members:mentor_slot_close", [1]),
    ("members:mentorship_action", [1, "accept"]),
    ("members:certificate_renewal", ["AAAA-BBBB-CCCC-DDDD"]),
]


@pytest.mark.parametrize("name", SIGNED_IN_PAGES)
def test_own_pages_send_visitors_to_sign_in(client, name):
    response = client.get(reverse(name))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("name", SIGNED_IN_PAGES)
def test_own_pages_open_for_a_member(member_client, name):
    assert member_client.get(reverse(name)).status_code == 200


@pytest.mark.parametrize(("name", "args"), POST_ONLY)
def test_changes_need_a_post_from_a_signed_in_member(client, member, name, args):
    url = reverse(name, args=args)

    assert client.post(url).status_code == 302  # to sign in
    client.force_login(member)
    assert client.get(url).status_code == 405


@pytest.mark.parametrize(
    "name",
    [
        "members:directory",
        "members:certification_levels",
        "members:certificate_verify",
        "members:volunteer_groups",
        "members:mentors",
    ],
)
def test_public_pages_open_for_visitors(client, name):
    assert client.get(reverse(name)).status_code == 200


def test_group_applications_page_is_for_the_owner_and_maintainers_only(db):
    group = VolunteerGroupFactory()
    VolunteerApplicationFactory(group=group, motivation="private words")
    url = reverse("members:volunteer_applications", args=[group.slug])
    visitors = {
        "anonymous": (None, 302),
        "member": (MemberFactory(), 403),
        "owner": (group.owner, 200),
        "reviewer": (ReviewerFactory(), 200),
    }

    for who, (user, expected) in visitors.items():
        client = Client()
        if user is not None:
            client.force_login(user)
        response = client.get(url)
        assert response.status_code == expected, who
        assert ("private words" in response.content.decode()) == (expected == 200), who


def test_member_sees_only_their_own_mentorships(member_client, member):
    MentorshipFactory(mentee=member, goals="my goals")
    MentorshipFactory(goals="someone else's goals")

    page = member_client.get(reverse("members:mentorship")).content.decode()

    assert "someone else" not in page


def test_mentor_sees_only_the_asks_for_their_slots(client):
    mentor = MentorFactory()
    MentorshipFactory(slot=MentorSlotFactory(mentor=mentor), goals="for me")
    MentorshipFactory(goals="for another mentor")
    client.force_login(mentor.member)

    page = client.get(reverse("members:mentorship")).content.decode()

    assert "for me" in page
    assert "for another mentor" not in page


# --- Query budgets ------------------------------------------------------------------------


@pytest.mark.parametrize("rows", [1, 50])
def test_volunteer_group_list_queries_do_not_grow(
    member_client, member, django_assert_num_queries, rows
):
    for group in VolunteerGroupFactory.create_batch(rows):
        VolunteerApplicationFactory(group=group, applicant=member)
    url = reverse("members:volunteer_groups")
    member_client.get(url)

    # session, user, groups with counts, my applications (the inbox count is kept)
    with django_assert_num_queries(4):
        member_client.get(url)


@pytest.mark.parametrize("rows", [1, 50])
def test_overdue_list_queries_do_not_grow(reviewer_client, django_assert_num_queries, rows):
    VolunteerApplicationFactory.create_batch(rows, answer_due_on=date(2020, 1, 1))
    url = reverse("members:volunteer_overdue")
    reviewer_client.get(url)

    # session, user, reviewer check, count, page (the inbox count is kept)
    with django_assert_num_queries(5):
        reviewer_client.get(url)


@pytest.mark.parametrize("rows", [1, 50])
def test_certification_levels_queries_do_not_grow(client, django_assert_num_queries, rows):
    CertificationLevelFactory.create_batch(rows)

    with django_assert_num_queries(1):
        client.get(reverse("members:certification_levels"))


@pytest.mark.parametrize("rows", [1, 50])
def test_my_certifications_queries_do_not_grow(
    member_client, member, reviewer, django_assert_num_queries, rows
):
    for _ in range(rows):
        level = CertificationLevelFactory()
        application = CertificationApplicationFactory(applicant=member, level=level)
        certification_application_confirm_eligibility(application=application, reviewer=reviewer)
        CertificateFactory(holder=member, level=level)
    url = reverse("members:certifications")
    member_client.get(url)

    # session, user, certificates, applications, their steps (the inbox count is kept)
    with django_assert_num_queries(5):
        member_client.get(url)


@pytest.mark.parametrize("rows", [1, 50])
def test_my_mentorship_queries_do_not_grow(client, django_assert_num_queries, rows):
    mentor = MentorFactory()
    for _ in range(rows):
        slot = MentorSlotFactory(mentor=mentor, capacity=2)
        MentorshipFactory(slot=slot)
        MentorshipFactory(slot=MentorSlotFactory(), mentee=mentor.member)
    client.force_login(mentor.member)
    url = reverse("members:mentorship")
    client.get(url)

    # session, user, mentor, as mentee, as mentor, slots (the inbox count is kept)
    with django_assert_num_queries(6):
        client.get(url)
