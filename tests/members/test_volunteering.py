"""Volunteer groups: applying, the 7-working-day answer, overdue lists, who may answer."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import IntegrityError
from django.test import Client
from django.urls import reverse

from community_portal.core.models import CalendarDay, CalendarDayKind
from community_portal.notifications.models import Notification
from members.errors import VolunteerError
from members.models import VolunteerApplication
from members.services.volunteering import (
    volunteer_application_answer,
    volunteer_application_withdraw,
    volunteer_apply,
)
from tests.factories.members import (
    MemberFactory,
    VolunteerApplicationFactory,
    VolunteerGroupFactory,
)
from tests.members.utils import post_admin_action

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
OVERDUE = reverse("members:volunteer_overdue")


@pytest.fixture
def group(db):
    return VolunteerGroupFactory(name="Design group", slug="design-group")


def applications_page(group):
    return reverse("members:volunteer_applications", args=[group.slug])


def test_answer_is_due_7_working_days_after_applying_skipping_weekends_and_holidays(group, member):
    # Friday 2026-05-01 is a holiday here; Sunday 2026-05-10 a make-up working day.
    CalendarDay.objects.create(
        date=date(2026, 5, 4), kind=CalendarDayKind.HOLIDAY, name="Labour Day"
    )
    CalendarDay.objects.create(
        date=date(2026, 5, 10), kind=CalendarDayKind.WORKING_DAY, name="Make-up day"
    )

    with time_machine.travel(datetime(2026, 4, 30, 20, tzinfo=SHANGHAI), tick=False):
        application = volunteer_apply(group=group, applicant=member, motivation="I draw")

    # Fri 1, Tue 5, Wed 6, Thu 7, Fri 8, Sun 10 (make-up), Mon 11.
    assert application.answer_due_on == date(2026, 5, 11)


def test_application_is_overdue_from_the_day_after_its_due_date(group, member):
    application = VolunteerApplicationFactory(group=group, answer_due_on=date(2026, 5, 11))

    with time_machine.travel(datetime(2026, 5, 11, 23, 59, tzinfo=SHANGHAI), tick=False):
        assert application.is_overdue is False
    with time_machine.travel(datetime(2026, 5, 12, 0, 1, tzinfo=SHANGHAI), tick=False):
        assert application.is_overdue is True
        assert list(VolunteerApplication.objects.overdue_on(date(2026, 5, 12))) == [application]


def test_member_applies_and_the_owner_hears_of_it(
    group, member_client, member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = member_client.post(
            group.get_absolute_url(), {"motivation": "I love design"}, follow=True
        )

    assert VolunteerApplication.objects.get().applicant == member
    assert "answers within 7 working days" in response.content.decode()
    notification = Notification.objects.get(recipient=group.owner)
    assert notification.url == applications_page(group)


def test_visitor_is_sent_to_sign_in_to_apply(group, client):
    response = client.post(group.get_absolute_url(), {"motivation": "hi"})

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert VolunteerApplication.objects.count() == 0


def test_empty_motivation_gets_a_message_beside_the_field(group, member_client):
    response = member_client.post(group.get_absolute_url(), {"motivation": ""})

    assert "This field is required." in response.content.decode()


def test_second_application_to_one_group_is_refused(group, member):
    volunteer_apply(group=group, applicant=member, motivation="a")

    with pytest.raises(VolunteerError):
        volunteer_apply(group=group, applicant=member, motivation="b")


def test_database_refuses_two_live_applications_to_one_group(group, member):
    VolunteerApplicationFactory(group=group, applicant=member)
    with pytest.raises(IntegrityError):
        VolunteerApplicationFactory(group=group, applicant=member)


def test_closed_group_refuses_applications(member):
    group = VolunteerGroupFactory(is_open=False)

    with pytest.raises(VolunteerError):
        volunteer_apply(group=group, applicant=member, motivation="a")


def test_owner_accepts_and_the_applicant_hears_of_it(
    group, member, django_capture_on_commit_callbacks
):
    application = volunteer_apply(group=group, applicant=member, motivation="a")

    with django_capture_on_commit_callbacks(execute=True):
        volunteer_application_answer(
            application=application, answered_by=group.owner, accept=True, answer="Welcome!"
        )

    application.refresh_from_db()
    assert (application.state, application.answered_by) == ("accepted", group.owner)
    notification = Notification.objects.get(recipient=member)
    assert notification.subject_text == "Your application to Design group: accepted"
    assert notification.body_text == "Their message: Welcome!"


def test_owner_answers_from_the_applications_page(group, client):
    application = VolunteerApplicationFactory(group=group)
    client.force_login(group.owner)

    response = client.post(
        reverse("members:volunteer_application_answer", args=[application.pk]),
        {"decision": "decline", "answer": "Full for now"},
        follow=True,
    )

    application.refresh_from_db()
    assert application.state == "declined"
    assert "Your answer is sent" in response.content.decode()


def test_answer_without_a_decision_is_refused_with_a_message(group, client):
    application = VolunteerApplicationFactory(group=group)
    client.force_login(group.owner)

    response = client.post(
        reverse("members:volunteer_application_answer", args=[application.pk]),
        {"decision": "maybe"},
        follow=True,
    )

    assert "Choose to accept or decline." in response.content.decode()
    application.refresh_from_db()
    assert application.state == "pending"


def test_another_member_cannot_answer_or_see_the_applications(group, member_client):
    application = VolunteerApplicationFactory(group=group, motivation="private motivation")

    answer = member_client.post(
        reverse("members:volunteer_application_answer", args=[application.pk]),
        {"decision": "accept"},
    )
    listing = member_client.get(applications_page(group))

    assert answer.status_code == listing.status_code == 403
    application.refresh_from_db()
    assert application.state == "pending"


def test_maintainer_may_answer_in_the_owners_place(group, reviewer):
    application = VolunteerApplicationFactory(group=group)

    volunteer_application_answer(application=application, answered_by=reviewer, accept=True)

    application.refresh_from_db()
    assert application.answered_by == reviewer


def test_answered_application_cannot_be_answered_again(group):
    application = VolunteerApplicationFactory(group=group)
    volunteer_application_answer(application=application, answered_by=group.owner, accept=False)

    with pytest.raises(VolunteerError):
        volunteer_application_answer(application=application, answered_by=group.owner, accept=True)


def test_applicant_withdraws_but_nobody_else_can(group, member, other_member):
    application = VolunteerApplicationFactory(group=group, applicant=member)

    with pytest.raises(VolunteerError):
        volunteer_application_withdraw(application=application, applicant=other_member)
    volunteer_application_withdraw(application=application, applicant=member)

    application.refresh_from_db()
    assert application.state == "withdrawn"


def test_owner_sees_the_overdue_badge_and_row(group, client):
    VolunteerApplicationFactory(group=group, answer_due_on=date(2026, 5, 11))
    client.force_login(group.owner)

    with time_machine.travel(datetime(2026, 5, 13, 10, tzinfo=SHANGHAI), tick=False):
        listing = client.get(reverse("members:volunteer_groups")).content.decode()
        detail = client.get(group.get_absolute_url()).content.decode()
        applications = client.get(applications_page(group)).content.decode()

    assert "1 overdue answer" in listing
    assert '<span class="badge">1</span>' in detail
    assert 'class="is-overdue"' in applications


def test_maintainers_see_every_overdue_application_and_members_do_not(
    group, reviewer_client, member
):
    member_client = Client()
    member_client.force_login(member)
    VolunteerApplicationFactory(group=group, answer_due_on=date(2026, 5, 11))
    VolunteerApplicationFactory(answer_due_on=date(2026, 5, 20))

    with time_machine.travel(datetime(2026, 5, 13, 10, tzinfo=SHANGHAI), tick=False):
        response = reviewer_client.get(OVERDUE)
        refused = member_client.get(OVERDUE)

    assert response.status_code == 200, response
    assert len(response.context["page"].object_list) == 1
    assert refused.status_code == 403


def test_admin_filters_the_overdue_applications(group, reviewer_client):
    late = VolunteerApplicationFactory(group=group, answer_due_on=date(2026, 5, 11))
    VolunteerApplicationFactory(answer_due_on=date(2026, 5, 20))

    with time_machine.travel(datetime(2026, 5, 13, 10, tzinfo=SHANGHAI), tick=False):
        response = reviewer_client.get(
            reverse("admin:members_volunteerapplication_changelist"), {"answer": "overdue"}
        )

    assert list(response.context["cl"].result_list) == [late]


def test_maintainer_accepts_in_the_admin(group, reviewer_client):
    application = VolunteerApplicationFactory(group=group)

    post_admin_action(reviewer_client, "volunteerapplication", "accept", [application.pk])

    application.refresh_from_db()
    assert application.state == "accepted"


def test_accepted_volunteers_show_on_the_group_and_their_profile(group, client):
    application = VolunteerApplicationFactory(
        group=group, applicant=MemberFactory(display_name="Ana")
    )
    volunteer_application_answer(application=application, answered_by=group.owner, accept=True)

    group_page = client.get(group.get_absolute_url()).content.decode()
    profile = client.get(application.applicant.get_absolute_url()).content.decode()

    assert "Ana" in group_page
    assert "Design group" in profile


@pytest.mark.parametrize("rows", [1, 50])
def test_applications_page_queries_do_not_grow_with_rows(
    group, client, django_assert_num_queries, rows
):
    VolunteerApplicationFactory.create_batch(rows, group=group)
    client.force_login(group.owner)
    url = applications_page(group)
    client.get(url)  # warm the session

    # session, user, group, count, the page of applications (the inbox count is kept)
    with django_assert_num_queries(5):
        client.get(url)


def test_answer_goes_back_to_the_page_it_came_from_but_never_off_site(group, reviewer_client):
    first, second = VolunteerApplicationFactory.create_batch(2, group=group)
    url = "members:volunteer_application_answer"

    back = reviewer_client.post(
        reverse(url, args=[first.pk]), {"decision": "accept", "next": OVERDUE}
    )
    off_site = reviewer_client.post(
        reverse(url, args=[second.pk]), {"decision": "accept", "next": "https://evil.example/"}
    )

    assert back.url == OVERDUE
    assert off_site.url == applications_page(group)
