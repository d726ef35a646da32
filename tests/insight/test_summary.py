"""The dashboard's summaries (first selections, event attendance, members joined): kept
by the services and the rows' own saves, rebuilt and checked from their rows, and right
under concurrent writes (PostgreSQL)."""

from datetime import UTC, date, datetime, timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command

from insight.models import Contributor, EventAttendance, MembersJoined, Selection
from insight.selectors import Filters, community_health
from stations import services as station_services
from stations.models import Registration
from submissions import services
from submissions.enums import SubmissionState
from submissions.models import Submission
from tests.factories.members import MemberFactory
from tests.factories.stations import EventFactory, RegistrationFactory, StationFactory
from tests.factories.submissions import CampaignFactory, SubmissionFactory
from tests.insight.conftest import MARCH, at, check
from tests.parallel import run_at_once


def first_selected(member):
    return Contributor.objects.get(author=member).first_selected_at


@pytest.mark.django_db
def test_selecting_records_the_first_selection_only(reviewer):
    author = MemberFactory()
    first, second = SubmissionFactory.create_batch(2, author=author)

    services.submission_select(submission=first, reviewer=reviewer, now=at(date(2026, 3, 10)))
    services.submission_select(submission=second, reviewer=reviewer, now=at(date(2026, 3, 20)))

    assert first_selected(author) == at(date(2026, 3, 10))
    assert check() == (0, "Insight summary matches the submissions and registrations.\n")


@pytest.mark.django_db
def test_a_replayed_older_selection_becomes_the_first(reviewer):
    author = MemberFactory()
    later, earlier = SubmissionFactory.create_batch(2, author=author)

    services.submission_select(submission=later, reviewer=reviewer, now=at(date(2026, 3, 20)))
    services.submission_select(submission=earlier, reviewer=reviewer, now=at(date(2026, 1, 5)))

    assert first_selected(author) == at(date(2026, 1, 5))


@pytest.mark.django_db
def test_rejected_and_waiting_submissions_make_no_contributor(reviewer):
    rejected = SubmissionFactory()
    SubmissionFactory()

    services.submission_reject(submission=rejected, reviewer=reviewer, comment="Off topic")

    assert not Contributor.objects.exists()


@pytest.mark.django_db
def test_check_reports_each_difference_and_rebuild_repairs_them():
    kept, lost, wrong = MemberFactory.create_batch(3)
    for member, day in ((kept, 2), (lost, 3), (wrong, 4)):
        SubmissionFactory(author=member, selected=True, selected_at=at(date(2026, 3, day)))
    stray = MemberFactory()
    # Rows written behind the services' back (a bulk load, a restore).
    Contributor.objects.filter(author=lost).delete()
    Contributor.objects.filter(author=wrong).update(first_selected_at=at(date(2026, 3, 9)))
    Contributor.objects.create(author=stray, first_selected_at=at(date(2026, 3, 1)))

    status, output = check()

    assert status == 1
    assert f"member {lost.pk}: missing" in output
    assert f"member {wrong.pk}: first selected 2026-03-04" in output
    assert f"member {stray.pk}: stored but has no selected submission" in output
    assert f"member {kept.pk}" not in output

    call_command("rebuild_insight_summary", stdout=StringIO())

    assert check()[0] == 0
    assert first_selected(wrong) == at(date(2026, 3, 4))


@pytest.mark.django_db
def test_bulk_loaded_submissions_count_once_rebuilt():
    author = MemberFactory()
    campaign = CampaignFactory()
    Submission.objects.bulk_create(
        Submission(
            campaign=campaign,
            author=author,
            title=f"Story {n}",
            channel="blog_post",
            url=f"https://example.org/{n}",
            url_key=f"https://example.org/{n}",
            summary="…",
            state=SubmissionState.SELECTED,
            selected_at=at(date(2026, 3, 5 + n)),
            decided_at=at(date(2026, 3, 5 + n)),
        )
        for n in range(2)
    )
    assert community_health(MARCH, Filters())["contributors"]["new"]["current"] == 0

    call_command("rebuild_insight_summary", stdout=StringIO())

    health = community_health(MARCH, Filters())["contributors"]
    assert health["new"]["current"] == 1
    assert health["active"]["current"] == 1


@pytest.mark.django_db
def test_summary_and_campaign_filter_agree_on_one_campaign():
    # With one campaign, the whole community's figures (from the summary) and the
    # campaign's (from its submissions) must be the same.
    campaign = CampaignFactory()
    veteran, newcomer, lapsed = MemberFactory.create_batch(3)
    for member, day in (
        (veteran, date(2025, 12, 1)),
        (veteran, date(2026, 3, 10)),
        (newcomer, date(2026, 3, 20)),
        (lapsed, date(2026, 2, 5)),
        (lapsed, date(2025, 11, 5)),
    ):
        SubmissionFactory(campaign=campaign, author=member, selected=True, selected_at=at(day))

    everyone = community_health(MARCH, Filters())["contributors"]
    in_campaign = community_health(MARCH, Filters(campaign=campaign.pk))["contributors"]

    for key in ("new", "active", "inactive"):
        assert everyone[key] == in_campaign[key], key
    assert everyone["new"] == {"current": 1, "previous": 0}
    assert everyone["inactive"] == {"current": 1, "previous": 1}


@pytest.mark.django_db
def test_each_selection_knows_its_authors_previous_one(reviewer):
    author = MemberFactory()
    campaign, other = CampaignFactory.create_batch(2)
    first, second, third = (
        SubmissionFactory(author=author, campaign=c) for c in (campaign, other, campaign)
    )
    for submission, day in ((first, 2), (second, 9), (third, 20)):
        services.submission_select(
            submission=submission, reviewer=reviewer, now=at(date(2026, 3, day))
        )

    rows = Selection.objects.order_by("day").values_list(
        "submission_id", "previous_day", "previous_in_campaign"
    )
    assert list(rows) == [
        (first.pk, None, None),
        (second.pk, date(2026, 3, 2), None),
        (third.pk, date(2026, 3, 9), date(2026, 3, 2)),
    ]
    second.delete()
    assert Selection.objects.get(pk=third.pk).previous_day == date(2026, 3, 2)
    first.delete()
    assert first_selected(author) == at(date(2026, 3, 20))
    assert check()[0] == 0


@pytest.mark.django_db
def test_check_reports_a_stale_selection_and_rebuild_repairs_it():
    author = MemberFactory()
    kept = SubmissionFactory(author=author, selected=True, selected_at=at(date(2026, 3, 2)))
    later = SubmissionFactory(author=author, selected=True, selected_at=at(date(2026, 3, 5)))
    Selection.objects.filter(pk=later.pk).update(previous_day=None)
    Selection.objects.filter(pk=kept.pk).delete()

    status, output = check()

    assert status == 1
    assert f"submission {kept.pk}: selection missing" in output
    assert f"submission {later.pk}: selected 2026-03-05 after 2026-03-02" in output
    call_command("rebuild_insight_summary", stdout=StringIO())
    assert check()[0] == 0
    assert Selection.objects.get(pk=later.pk).previous_day == date(2026, 3, 2)


@pytest.mark.django_db
def test_deleting_a_member_deletes_their_row():
    author = MemberFactory()
    SubmissionFactory(author=author, selected=True)

    author.delete()

    assert not Contributor.objects.exists()
    assert check()[0] == 0


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_selections_of_one_author_keep_the_earliest(reviewer):
    author = MemberFactory()
    # One campaign each: the selections do not wait for each other's campaign lock.
    submissions = [SubmissionFactory(author=author) for _ in range(6)]
    moments = [at(date(2026, 3, 2)) + timedelta(hours=n) for n in range(6)]
    jobs = [
        lambda submission=submission, moment=moment: services.submission_select(
            submission=submission, reviewer=reviewer, now=moment
        )
        for submission, moment in zip(submissions, reversed(moments), strict=True)
    ]

    results = run_at_once(jobs)

    assert [r for r in results if isinstance(r, Exception)] == []
    assert Contributor.objects.count() == 1
    assert first_selected(author) == moments[0]
    assert check()[0] == 0


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_first_selections_of_many_authors_each_get_a_row(reviewer):
    submissions = SubmissionFactory.create_batch(8)
    jobs = [
        lambda submission=submission: services.submission_select(
            submission=submission, reviewer=reviewer
        )
        for submission in submissions
    ]

    results = run_at_once(jobs)

    assert [r for r in results if isinstance(r, Exception)] == []
    assert Contributor.objects.count() == 8
    assert check()[0] == 0


# --- Event attendance ---------------------------------------------------------------------


def attendance(event) -> tuple[int, int]:
    row = EventAttendance.objects.filter(event=event).first()
    return (row.seats, row.checkins) if row else (0, 0)


@pytest.mark.django_db
@time_machine.travel(at(date(2026, 3, 10), 10), tick=False)
def test_registrations_move_the_events_seats_and_checkins():
    lead = MemberFactory()
    event = EventFactory(station=StationFactory(lead=lead), starts_at=at(date(2026, 3, 10), 14))
    holder, second, waiting = MemberFactory.create_batch(3)
    event.capacity = 2
    event.save()

    seat = station_services.registration_create(event=event, member=holder)
    other = station_services.registration_create(event=event, member=second)
    station_services.registration_create(event=event, member=waiting)
    assert attendance(event) == (2, 0)

    station_services.registration_check_in(registration=seat, actor=lead)
    assert attendance(event) == (2, 1)

    station_services.registration_undo_check_in(registration=seat, actor=lead)
    station_services.registration_cancel(registration=other, member=second)
    # The freed seat went to the first in line.
    assert attendance(event) == (2, 0)
    assert check()[0] == 0


@pytest.mark.django_db
def test_rows_written_outside_the_services_count_too():
    event = EventFactory()
    RegistrationFactory(event=event, attended=True)
    registration = RegistrationFactory(event=event)
    RegistrationFactory(event=event, waitlisted=True)
    assert attendance(event) == (2, 1)

    registration.member.delete()

    assert attendance(event) == (1, 1)
    assert check()[0] == 0


@pytest.mark.django_db
def test_a_save_that_leaves_the_state_alone_moves_nothing():
    event = EventFactory()
    registration = RegistrationFactory(event=event, attended=True)

    Registration.objects.only("pk", "event", "updated_at").get(pk=registration.pk).save()
    registration.save(update_fields=["updated_at"])

    assert attendance(event) == (1, 1)
    assert check()[0] == 0


@pytest.mark.django_db
def test_deleting_an_event_with_registrations_deletes_its_row():
    event = EventFactory()
    RegistrationFactory.create_batch(2, event=event)

    event.delete()

    assert not EventAttendance.objects.exists()
    assert check()[0] == 0


@pytest.mark.django_db
def test_check_reports_attendance_differences_and_rebuild_repairs_them():
    event = EventFactory()
    RegistrationFactory.create_batch(3, event=event)
    EventAttendance.objects.filter(event=event).update(seats=1, checkins=1)

    status, output = check()

    assert status == 1
    assert f"event {event.pk}: 3 seats and 0 check-ins, stored 1 and 1" in output

    call_command("rebuild_insight_summary", stdout=StringIO())

    assert attendance(event) == (3, 0)
    assert check()[0] == 0


@pytest.mark.django_db
def test_dashboard_attendance_reads_the_summary():
    event = EventFactory(starts_at=at(date(2026, 3, 10)))
    RegistrationFactory.create_batch(2, event=event)
    RegistrationFactory(event=event, attended=True)
    RegistrationFactory(event=event, waitlisted=True)

    events = community_health(MARCH, Filters(), now=at(date(2026, 4, 15)))["events"]

    assert (events["events"], events["registrations"], events["checkins"]) == (1, 3, 1)
    assert events["per_station"][0]["registrations"] == 3


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_registrations_written_at_once_all_count():
    event = EventFactory()
    people = MemberFactory.create_batch(8)

    results = run_at_once(
        [
            lambda person=person, n=n: RegistrationFactory(
                event=event,
                member=person,
                **({"attended": True} if n % 2 else {}),
            )
            for n, person in enumerate(people)
        ]
    )

    assert [r for r in results if isinstance(r, Exception)] == []
    assert attendance(event) == (8, 4)
    assert check()[0] == 0


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@time_machine.travel(at(date(2026, 3, 10), 10), tick=False)
def test_check_ins_at_once_all_count():
    lead = MemberFactory()
    event = EventFactory(station=StationFactory(lead=lead), starts_at=at(date(2026, 3, 10), 14))
    seats = [
        station_services.registration_create(event=event, member=person)
        for person in MemberFactory.create_batch(5)
    ]

    results = run_at_once(
        [
            lambda seat=seat: station_services.registration_check_in(registration=seat, actor=lead)
            for seat in seats
        ]
    )

    assert [r for r in results if isinstance(r, Exception)] == []
    assert attendance(event) == (5, 5)
    assert check()[0] == 0


# --- Members joined -----------------------------------------------------------------------


def joined(day) -> int:
    row = MembersJoined.objects.filter(day=day).first()
    return row.members if row else 0


@pytest.mark.django_db
def test_members_joined_counted_on_their_local_day():
    # 23:30 UTC on 1 March is already 2 March in Shanghai.
    MemberFactory(date_joined=datetime(2026, 3, 1, 23, 30, tzinfo=UTC))
    MemberFactory(date_joined=at(date(2026, 3, 2), 9))
    leaving = MemberFactory(date_joined=at(date(2026, 3, 3)))

    leaving.delete()

    assert (joined(date(2026, 3, 1)), joined(date(2026, 3, 2)), joined(date(2026, 3, 3))) == (
        0,
        2,
        0,
    )
    assert community_health(MARCH, Filters())["members"]["current"] == 2
    assert check()[0] == 0


@pytest.mark.django_db
def test_check_reports_members_joined_differences_and_rebuild_repairs_them():
    MemberFactory(date_joined=at(date(2026, 3, 5)))
    MembersJoined.objects.filter(day=date(2026, 3, 5)).update(members=4)

    status, output = check()

    assert status == 1
    assert "2026-03-05: 1 members joined, stored 4" in output

    call_command("rebuild_insight_summary", stdout=StringIO())

    assert joined(date(2026, 3, 5)) == 1
    assert check()[0] == 0


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_members_joining_at_once_all_count():
    day = at(date(2026, 3, 5))

    results = run_at_once([lambda n=n: MemberFactory(date_joined=day) for n in range(6)])

    assert [r for r in results if isinstance(r, Exception)] == []
    assert joined(date(2026, 3, 5)) == 6
