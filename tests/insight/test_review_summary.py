"""The review-time summary (``insight.review_summary``): kept exact by the review
services' history rows, the requests' saves and deletions, rebuilt and checked from
them, and right under concurrent decisions (PostgreSQL)."""

from collections import Counter
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from insight.models import ReviewDay, ReviewTiming
from insight.selectors import MEASURES, Filters, community_health
from stations import services as station_services
from submissions import services
from submissions.models import Submission, SubmissionTransition
from tests.factories.members import MemberFactory
from tests.factories.stations import StationFactory
from tests.factories.submissions import CampaignFactory, SubmissionFactory
from tests.insight.conftest import MARCH, at, check
from tests.parallel import run_at_once

NOW = at(date(2026, 4, 15))


def days(kind="submissions"):
    """The kind's day counts, every campaign's together."""
    found = Counter()
    for row in ReviewDay.objects.filter(kind=kind).exclude(requests=0):
        found[row.measure, row.since, row.answered_on] += row.requests
    return dict(found)


def submitted(day, **kwargs):
    return SubmissionFactory(submitted_at=at(day), **kwargs)


@pytest.mark.django_db
def test_the_first_response_and_the_first_decision_are_counted_once(reviewer):
    asked, rejected = submitted(date(2026, 3, 2)), submitted(date(2026, 3, 2))

    services.submission_request_changes(
        submission=asked, reviewer=reviewer, comment="Add a link", now=at(date(2026, 3, 4))
    )
    services.submission_reject(
        submission=rejected, reviewer=reviewer, comment="Off topic", now=at(date(2026, 3, 9))
    )

    # Changes asked: a response, no decision yet. Rejected: the response and the decision.
    assert days() == {
        ("response", date(2026, 3, 2), date(2026, 3, 4)): 1,
        ("response", date(2026, 3, 2), date(2026, 3, 9)): 1,
        ("decision", date(2026, 3, 2), date(2026, 3, 9)): 1,
    }
    assert check() == (0, "Insight summary matches the submissions and registrations.\n")


@pytest.mark.django_db
def test_the_charts_read_the_summary_by_campaign(reviewer):
    campaign = CampaignFactory()
    for day in (date(2026, 3, 2), date(2026, 3, 3)):
        services.submission_reject(
            submission=submitted(day, campaign=campaign),
            reviewer=reviewer,
            now=at(day + timedelta(days=1)),
        )
    services.submission_select(
        submission=submitted(date(2026, 3, 10)), reviewer=reviewer, now=at(date(2026, 3, 16))
    )

    everyone = community_health(MARCH, Filters(), now=NOW)["reviews"]["submissions"]
    in_campaign = community_health(MARCH, Filters(campaign=campaign.pk), now=NOW)["reviews"]

    assert everyone["decision"]["current"] == {"count": 3, "median": 1, "p90": 4}
    assert in_campaign["submissions"]["decision"]["current"] == {
        "count": 2,
        "median": 1,
        "p90": 1,
    }


@pytest.mark.django_db
def test_a_deleted_request_leaves_the_counts(reviewer):
    kept, removed = submitted(date(2026, 3, 2)), submitted(date(2026, 3, 2))
    for submission in (kept, removed):
        services.submission_reject(submission=submission, reviewer=reviewer, now=at(MARCH.end))

    removed.delete()
    kept.author.delete()  # deleting the author deletes their submissions

    assert days() == {}
    assert not ReviewTiming.objects.exists()
    assert check()[0] == 0


@pytest.mark.django_db
def test_a_decided_join_request_counts_and_moves_with_its_station():
    lead = MemberFactory()
    station = StationFactory(lead=lead)
    request = station_services.join_request_create(station=station, member=MemberFactory())
    assert not ReviewTiming.objects.exists()  # waiting: not answered yet

    station_services.join_request_accept(join_request=request, actor=lead)

    timing = ReviewTiming.objects.get(kind="station_joins", request_id=request.pk)
    assert timing.scope == station.pk
    assert timing.responded_on == timing.decided_on
    assert check()[0] == 0


@pytest.mark.django_db
def test_rows_written_around_the_signals_are_found_and_rebuilt(reviewer):
    submission = submitted(date(2026, 3, 2))
    SubmissionTransition.objects.bulk_create(
        [
            SubmissionTransition(
                submission=submission,
                from_state="submitted",
                to_state="rejected",
                created_at=at(date(2026, 3, 3)),
            )
        ]
    )
    Submission.objects.filter(pk=submission.pk).update(state="rejected")

    status, output = check()
    assert status == 1
    assert f"submissions {submission.pk}: timing" in output

    call_command("rebuild_insight_summary", stdout=StringIO())

    assert days() == {
        ("response", date(2026, 3, 2), date(2026, 3, 3)): 1,
        ("decision", date(2026, 3, 2), date(2026, 3, 3)): 1,
    }
    assert check()[0] == 0


@pytest.mark.django_db
def test_the_review_chart_is_a_fixed_number_of_queries_however_many_answers(reviewer):
    def queries_for(count):
        for n in range(count):
            services.submission_reject(
                submission=submitted(date(2026, 3, 2) + timedelta(days=n % 20)),
                reviewer=reviewer,
                now=at(date(2026, 3, 25)),
            )
        with CaptureQueriesContext(connection) as captured:
            MEASURES["reviews"](MARCH, Filters(), NOW)
        return len(captured)

    assert queries_for(1) == queries_for(40)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_decisions_add_up(reviewer):
    # One campaign each: the decisions do not wait for each other's campaign lock.
    submissions = [submitted(date(2026, 3, 2)) for _ in range(8)]
    jobs = [
        lambda submission=submission: services.submission_reject(
            submission=submission, reviewer=reviewer, now=at(date(2026, 3, 4))
        )
        for submission in submissions
    ]

    results = run_at_once(jobs)

    assert [r for r in results if isinstance(r, Exception)] == []
    assert days() == {
        ("response", date(2026, 3, 2), date(2026, 3, 4)): 8,
        ("decision", date(2026, 3, 2), date(2026, 3, 4)): 8,
    }
    assert check()[0] == 0


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_moves_of_one_request_count_it_once(reviewer):
    submission = submitted(date(2026, 3, 2))
    jobs = [
        lambda: services.submission_reject(
            submission=Submission.objects.get(pk=submission.pk),
            reviewer=reviewer,
            now=at(date(2026, 3, 4)),
        ),
        lambda: services.submission_select(
            submission=Submission.objects.get(pk=submission.pk),
            reviewer=reviewer,
            now=at(date(2026, 3, 5)),
        ),
    ]

    run_at_once(jobs)

    assert sum(days().values()) == 2  # one response, one decision
    assert check()[0] == 0
