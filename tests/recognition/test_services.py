"""Nominations follow selections; reviewers choose the stars; the green channel."""

from datetime import date, datetime

import pytest
from django.utils import timezone

from community_portal.notifications.models import Notification
from recognition import services
from recognition.enums import NominationState, StarKind
from recognition.errors import RecognitionError
from recognition.models import EssayRecommendation, Nomination, NominationTransition
from submissions import services as submission_services
from tests.factories.members import MemberFactory, ReviewerFactory
from tests.factories.recognition import JudgeFactory, NominationFactory
from tests.factories.submissions import CampaignFactory, SubmissionFactory

pytestmark = pytest.mark.django_db


def local(year, month, day, hour=10):
    return timezone.make_aware(datetime(year, month, day, hour))


def select(submission, reviewer, at):
    return submission_services.submission_select(submission=submission, reviewer=reviewer, now=at)


# --- Nominations -------------------------------------------------------------------------


def test_selection_nominates_the_author_for_the_month_of_the_selection(reviewer):
    submission = SubmissionFactory()

    select(submission, reviewer, local(2025, 3, 31, 23))

    nomination = Nomination.objects.get()
    assert (nomination.kind, nomination.period, nomination.member) == (
        StarKind.MONTH,
        date(2025, 3, 1),
        submission.author,
    )
    assert nomination.submission == submission
    assert nomination.state == NominationState.NOMINATED
    assert nomination.transitions.get().to_state == NominationState.NOMINATED


def test_month_boundary_is_the_local_one(reviewer, settings):
    submission = SubmissionFactory()

    # 1 April, 00:30 in Shanghai is still 31 March in UTC.
    select(submission, reviewer, local(2025, 4, 1, 0).replace(minute=30))

    assert Nomination.objects.get().period == date(2025, 4, 1)


def test_two_selections_in_one_month_nominate_once(reviewer):
    author = MemberFactory()
    campaign = CampaignFactory()
    first, second = SubmissionFactory.create_batch(2, author=author, campaign=campaign)

    select(first, reviewer, local(2025, 3, 2))
    select(second, reviewer, local(2025, 3, 20))

    assert Nomination.objects.filter(member=author).count() == 1
    assert Nomination.objects.get(member=author).submission == first


def test_selections_in_two_months_nominate_for_each(reviewer):
    author = MemberFactory()
    first, second = SubmissionFactory.create_batch(2, author=author)

    select(first, reviewer, local(2025, 2, 10))
    select(second, reviewer, local(2025, 3, 10))

    assert sorted(Nomination.objects.values_list("period", flat=True)) == [
        date(2025, 2, 1),
        date(2025, 3, 1),
    ]


def test_monthly_catch_up_nominates_earlier_selections_once():
    author, other = MemberFactory(), MemberFactory()
    SubmissionFactory(author=author, selected=True, selected_at=local(2025, 3, 5))
    SubmissionFactory(author=author, selected=True, selected_at=local(2025, 3, 9))
    SubmissionFactory(author=other, selected=True, selected_at=local(2025, 3, 31, 23))
    SubmissionFactory(selected=True, selected_at=local(2025, 4, 1, 0))  # April
    SubmissionFactory()  # not selected

    created = services.nominations_for_month(month=date(2025, 3, 1))
    again = services.nominations_for_month(month=date(2025, 3, 1))

    assert sorted(n.member_id for n in created) == sorted([author.pk, other.pk])
    assert again == []
    assert Nomination.objects.filter(period=date(2025, 3, 1)).count() == 2


def test_the_monthly_task_nominates_last_months_authors():
    from recognition.tasks import nominate_last_month

    SubmissionFactory(selected=True, selected_at=local(2025, 2, 14))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timezone, "localdate", lambda *args: date(2025, 3, 1))
        assert nominate_last_month() == 1
        assert nominate_last_month() == 0


# --- Choosing the stars ------------------------------------------------------------------


def test_reviewer_chooses_a_star_of_the_month_with_a_citation(reviewer):
    nomination = NominationFactory()

    star = services.star_choose(
        nomination=nomination, reviewer=reviewer, citation="  The backup chapter.  "
    )

    assert star.state == NominationState.CHOSEN
    assert star.citation == "The backup chapter."
    assert star.chosen_by == reviewer
    step = star.transitions.get(to_state=NominationState.CHOSEN)
    assert (step.actor, step.from_state, step.comment) == (
        reviewer,
        NominationState.NOMINATED,
        "The backup chapter.",
    )


def test_star_of_the_month_is_told_with_the_citation(reviewer):
    nomination = NominationFactory(member__preferred_language="en")

    services.star_choose(nomination=nomination, reviewer=reviewer, citation="Great chapter.")

    notification = Notification.objects.get(recipient=nomination.member)
    assert notification.kind == "recognition.star_of_month"
    assert notification.subject_text == "You are a star of the month: March 2025"
    assert "Great chapter." in notification.body_text


def test_star_of_the_month_becomes_a_nominee_for_the_year(reviewer):
    nomination = NominationFactory()

    services.star_choose(nomination=nomination, reviewer=reviewer, citation="Great chapter.")

    year = Nomination.objects.get(kind=StarKind.YEAR)
    assert (year.period, year.member, year.month_star) == (
        date(2025, 1, 1),
        nomination.member,
        nomination,
    )
    assert year.state == NominationState.NOMINATED


def test_two_stars_of_one_year_make_one_nominee_for_it(reviewer):
    member = MemberFactory()
    march = NominationFactory(member=member)
    may = NominationFactory(member=member, period=date(2025, 5, 1))

    services.star_choose(nomination=march, reviewer=reviewer, citation="March.")
    services.star_choose(nomination=may, reviewer=reviewer, citation="May.")

    assert Nomination.objects.filter(kind=StarKind.YEAR, member=member).count() == 1


def test_reviewer_chooses_the_star_of_the_year_and_it_is_told(reviewer):
    month = NominationFactory()
    services.star_choose(nomination=month, reviewer=reviewer, citation="March.")
    year = Nomination.objects.get(kind=StarKind.YEAR)

    services.star_choose(nomination=year, reviewer=ReviewerFactory(), citation="The year's best.")

    year.refresh_from_db()
    assert year.is_star
    kinds = set(Notification.objects.filter(recipient=month.member).values_list("kind", flat=True))
    assert kinds == {"recognition.star_of_month", "recognition.star_of_year"}


def test_nobody_chooses_themselves(reviewer):
    nomination = NominationFactory(member=reviewer)

    with pytest.raises(RecognitionError, match="you made or that names you"):
        services.star_choose(nomination=nomination, reviewer=reviewer, citation="Me!")

    nomination.refresh_from_db()
    assert nomination.state == NominationState.NOMINATED


def test_a_member_cannot_choose_stars(member):
    nomination = NominationFactory()

    with pytest.raises(RecognitionError, match="Only a reviewer"):
        services.star_choose(nomination=nomination, reviewer=member, citation="My friend.")


def test_a_citation_is_required_beside_its_field(reviewer):
    nomination = NominationFactory()

    with pytest.raises(RecognitionError) as refusal:
        services.star_choose(nomination=nomination, reviewer=reviewer, citation="   ")

    assert refusal.value.field == "citation"
    assert not NominationTransition.objects.filter(to_state=NominationState.CHOSEN).exists()


def test_a_star_is_chosen_once(reviewer):
    nomination = NominationFactory()
    services.star_choose(nomination=nomination, reviewer=reviewer, citation="First.")

    with pytest.raises(RecognitionError, match="is a star already"):
        services.star_choose(nomination=nomination, reviewer=ReviewerFactory(), citation="Again.")

    nomination.refresh_from_db()
    assert nomination.citation == "First."
    assert Notification.objects.filter(recipient=nomination.member).count() == 1


def test_a_citation_written_in_chinese_is_kept_in_chinese_and_shown_in_english(reviewer):
    from django.utils import translation

    nomination = NominationFactory()
    with translation.override("zh-hans"):
        services.star_choose(nomination=nomination, reviewer=reviewer, citation="备份一章写得好。")

    nomination.refresh_from_db()
    assert nomination.citation_zh_hans == "备份一章写得好。"
    assert nomination.citation_en == "备份一章写得好。"  # until someone translates it


# --- The essay competition's green channel ----------------------------------------------


def test_reviewer_recommends_a_selected_submission_and_author_and_judges_are_told(reviewer):
    judge = JudgeFactory()
    submission = SubmissionFactory(selected=True)

    recommendation = services.essay_recommend(
        submission=submission, reviewer=reviewer, note="Strong."
    )

    assert (recommendation.recommended_by, recommendation.note) == (reviewer, "Strong.")
    assert Notification.objects.get(recipient=submission.author).kind == (
        "recognition.essay_recommended"
    )
    assert Notification.objects.get(recipient=judge).kind == "recognition.essay_for_judges"


def test_only_selected_content_goes_to_the_competition(reviewer):
    submission = SubmissionFactory()

    with pytest.raises(RecognitionError, match="Only selected content"):
        services.essay_recommend(submission=submission, reviewer=reviewer)

    assert not EssayRecommendation.objects.exists()


def test_nobody_recommends_their_own_submission(reviewer):
    submission = SubmissionFactory(selected=True, author=reviewer)

    with pytest.raises(RecognitionError, match="your own submission"):
        services.essay_recommend(submission=submission, reviewer=reviewer)


def test_a_member_cannot_recommend(member):
    with pytest.raises(RecognitionError, match="Only a reviewer"):
        services.essay_recommend(submission=SubmissionFactory(selected=True), reviewer=member)


def test_a_submission_is_recommended_once(reviewer):
    submission = SubmissionFactory(selected=True)
    services.essay_recommend(submission=submission, reviewer=reviewer)

    with pytest.raises(RecognitionError, match="already"):
        services.essay_recommend(submission=submission, reviewer=ReviewerFactory())

    assert EssayRecommendation.objects.count() == 1
