"""The contributor summary: kept by the selection service, rebuilt and checked from the
submissions, and right under concurrent selections (PostgreSQL)."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command

from insight.models import Contributor
from insight.selectors import Filters, community_health
from submissions import services
from submissions.enums import SubmissionState
from submissions.models import Submission
from tests.factories.members import MemberFactory
from tests.factories.submissions import CampaignFactory, SubmissionFactory
from tests.insight.conftest import MARCH, at
from tests.parallel import run_at_once


def check() -> tuple[int, str]:
    """``rebuild_insight_summary --check``: (exit status, output)."""
    out = StringIO()
    try:
        call_command("rebuild_insight_summary", "--check", stdout=out, stderr=StringIO())
    except SystemExit as exit_:
        return exit_.code, out.getvalue()
    return 0, out.getvalue()


def first_selected(member):
    return Contributor.objects.get(author=member).first_selected_at


@pytest.mark.django_db
def test_selecting_records_the_first_selection_only(reviewer):
    author = MemberFactory()
    first, second = SubmissionFactory.create_batch(2, author=author)

    services.submission_select(submission=first, reviewer=reviewer, now=at(date(2026, 3, 10)))
    services.submission_select(submission=second, reviewer=reviewer, now=at(date(2026, 3, 20)))

    assert first_selected(author) == at(date(2026, 3, 10))
    assert check() == (0, "Insight summary matches the submissions.\n")


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
