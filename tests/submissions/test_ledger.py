"""The append-only points ledger and the interface other apps read it through."""

from datetime import datetime, timedelta
from types import SimpleNamespace

import pytest
import time_machine
from django.db import DatabaseError, connection, transaction
from django.utils import timezone, translation

from community_portal.core.messages import POINTS_REWARD_RULE, content, stored
from community_portal.notifications.models import Notification
from submissions import selectors, services
from submissions.errors import AlreadyReversedError, DuplicateAwardError, LedgerError
from submissions.models import PointEntry
from tests.factories.members import MemberFactory
from tests.factories.submissions import RewardRuleFactory, SubmissionFactory

pytestmark = pytest.mark.django_db


def local(text: str) -> datetime:
    return timezone.make_aware(datetime.fromisoformat(text))


# --- Awarding and reversing -------------------------------------------------------------


def test_award_records_member_amount_reason_source_and_awarder(member, reviewer):
    source = SubmissionFactory(author=member, selected=True)

    entry = services.points_award(
        member=member, amount=500, reason="Early bird", source=source, awarded_by=reviewer
    )

    entry = PointEntry.objects.get(pk=entry.pk)
    assert (entry.member, entry.amount, entry.reason) == (member, 500, "Early bird")
    assert entry.source == source
    assert entry.awarded_by == reviewer
    assert entry.reverses is None


def test_second_award_for_the_same_source_is_refused(member, award):
    first = award(member, 1000)

    with pytest.raises(DuplicateAwardError):
        services.points_award(member=member, amount=1000, reason="Again", source=first.source)

    assert PointEntry.objects.count() == 1
    assert selectors.points_balance(member=member) == 1000


def test_award_for_another_member_from_the_same_source_is_refused(member, other_member, award):
    first = award(member, 1000)

    with pytest.raises(DuplicateAwardError):
        services.points_award(member=other_member, amount=5, reason="x", source=first.source)


def test_any_model_can_be_the_source(member, award):
    award(member, 100)
    other_source = MemberFactory()  # stands for an attended event, a station role...

    entry = services.points_award(member=member, amount=50, reason="Event", source=other_source)

    assert PointEntry.objects.get(pk=entry.pk).source == other_source
    assert selectors.points_balance(member=member) == 150


@pytest.mark.parametrize(
    ("amount", "reason"), [(0, "Zero"), (10, ""), (10, "   "), (2.5, "Half"), (True, "Bool")]
)
def test_award_refuses_a_bad_amount_or_an_empty_reason(member, amount, reason):
    source = SubmissionFactory(author=member)

    with pytest.raises(LedgerError):
        services.points_award(member=member, amount=amount, reason=reason, source=source)

    assert PointEntry.objects.count() == 0


def test_award_refuses_an_unsaved_source(member):
    with pytest.raises(LedgerError):
        services.points_award(
            member=member, amount=10, reason="x", source=SubmissionFactory.build()
        )


def test_reversal_adds_the_opposite_entry_and_tells_the_member(member, reviewer, award):
    entry = award(member, 1000)

    reversal = services.points_reverse(entry=entry, reason="Counted twice", reversed_by=reviewer)

    assert reversal.amount == -1000
    assert reversal.reverses == entry
    assert reversal.source == entry.source
    assert reversal.awarded_by == reviewer
    entry.refresh_from_db()
    assert entry.amount == 1000  # the original is untouched
    assert selectors.points_balance(member=member) == 0
    notification = Notification.objects.get(recipient=member)
    assert notification.subject_text == "A correction of -1000 points on your account"
    assert "Counted twice" in notification.body_text
    assert notification.url == "/campaigns/points/"


def test_entry_is_reversed_only_once(member, reviewer, award):
    entry = award(member, 1000)
    services.points_reverse(entry=entry, reason="Mistake", reversed_by=reviewer)

    with pytest.raises(AlreadyReversedError):
        services.points_reverse(entry=entry, reason="Again", reversed_by=reviewer)

    assert selectors.points_balance(member=member) == 0


def test_a_correction_is_not_itself_reversed(member, reviewer, award):
    reversal = services.points_reverse(
        entry=award(member, 1000), reason="Mistake", reversed_by=reviewer
    )

    with pytest.raises(LedgerError):
        services.points_reverse(entry=reversal, reason="Undo", reversed_by=reviewer)


def test_reversal_needs_a_reason(member, reviewer, award):
    entry = award(member, 100)

    with pytest.raises(LedgerError) as refused:
        services.points_reverse(entry=entry, reason=" ", reversed_by=reviewer)

    assert refused.value.field == "reason"
    assert PointEntry.objects.count() == 1


def test_source_is_awarded_again_after_its_award_was_reversed(member, reviewer, award):
    entry = award(member, 100)
    reversal = services.points_reverse(entry=entry, reason="Mistake", reversed_by=reviewer)

    again = services.points_award(member=member, amount=120, reason="Again", source=entry.source)

    assert again.after_reversal == reversal
    assert again.source == entry.source
    assert selectors.points_balance(member=member) == 120


def test_source_awarded_again_is_not_awarded_a_third_time(member, reviewer, award):
    entry = award(member, 100)
    services.points_reverse(entry=entry, reason="Mistake", reversed_by=reviewer)
    services.points_award(member=member, amount=100, reason="Again", source=entry.source)

    with pytest.raises(DuplicateAwardError):
        services.points_award(member=member, amount=100, reason="Third", source=entry.source)

    assert selectors.points_balance(member=member) == 100


def test_corrections_of_one_source_add_up_at_every_step(member, other_member, reviewer, award):
    first = award(member, 100)
    source = first.source
    steps = [
        lambda: services.points_reverse(entry=first, reason="Wrong amount", reversed_by=reviewer),
        lambda: services.points_award(member=member, amount=150, reason="Fixed", source=source),
        lambda: services.points_reverse(
            entry=live_award(source), reason="Wrong member", reversed_by=reviewer
        ),
        lambda: services.points_award(member=other_member, amount=80, reason="x", source=source),
    ]

    for step in steps:
        step()
        for someone in (member, other_member):
            entries = PointEntry.objects.filter(member=someone)
            assert selectors.points_balance(member=someone) == sum(e.amount for e in entries)

    assert selectors.points_balance(member=member) == 0
    assert selectors.points_balance(member=other_member) == 80
    assert live_award(source).member == other_member
    assert PointEntry.objects.filter(source_id=source.pk).count() == 5


def test_reversing_a_correction_is_refused_with_a_message(member, reviewer, award):
    reversal = services.points_reverse(
        entry=award(member, 100), reason="Mistake", reversed_by=reviewer
    )

    with pytest.raises(LedgerError) as refused:
        services.points_reverse(entry=reversal, reason="Undo", reversed_by=reviewer)

    assert str(refused.value) == "This entry is itself a correction and cannot be reversed."
    assert selectors.points_balance(member=member) == 0


def live_award(source):
    return PointEntry.objects.get(source_id=source.pk, reverses__isnull=True, reversal__isnull=True)


# --- No path edits or deletes an entry --------------------------------------------------


def test_saving_an_existing_entry_is_refused(member, award):
    entry = award(member, 100)
    entry.amount = 1_000_000

    with pytest.raises(LedgerError):
        entry.save()

    assert PointEntry.objects.get(pk=entry.pk).amount == 100


def test_deleting_an_entry_is_refused(member, award):
    entry = award(member, 100)

    with pytest.raises(LedgerError):
        entry.delete()

    assert PointEntry.objects.filter(pk=entry.pk).exists()


def test_queryset_update_is_refused(member, award):
    award(member, 100)

    with pytest.raises(LedgerError):
        PointEntry.objects.filter(member=member).update(amount=5)
    with pytest.raises(LedgerError):
        PointEntry.objects.update(amount=5)

    assert selectors.points_balance(member=member) == 100


def test_queryset_delete_is_refused(member, award):
    award(member, 100)

    with pytest.raises(LedgerError):
        PointEntry.objects.filter(member=member).delete()
    with pytest.raises(LedgerError):
        PointEntry.objects.all().delete()

    assert PointEntry.objects.count() == 1


def test_bulk_update_is_refused(member, award):
    entry = award(member, 100)
    entry.amount = 5

    # bulk_update opens a transaction without a savepoint: give it one to break.
    with pytest.raises(LedgerError), transaction.atomic():
        PointEntry.objects.bulk_update([entry], ["amount"])

    assert PointEntry.objects.get(pk=entry.pk).amount == 100


def test_deleting_a_member_with_points_is_refused(member, award):
    from django.db.models import ProtectedError

    award(member, 100)

    with pytest.raises(ProtectedError):
        member.delete()

    assert PointEntry.objects.count() == 1


@pytest.mark.postgres
@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE submissions_pointentry SET amount = 5",
        "DELETE FROM submissions_pointentry",
    ],
)
def test_database_refuses_raw_updates_and_deletes_on_postgres(member, award, statement):
    award(member, 100)

    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement)

    assert selectors.points_balance(member=member) == 100


# --- Reading: balance, history, recent activity -----------------------------------------


def test_balance_is_the_sum_of_every_entry(member, other_member, reviewer, award):
    award(member, 1000)
    award(member, 500)
    services.points_reverse(entry=award(member, 200), reason="Oops", reversed_by=reviewer)
    award(other_member, 300)

    assert selectors.points_balance(member=member) == 1500
    assert selectors.points_balance(member=MemberFactory()) == 0


def test_history_lists_the_members_entries_newest_first(member, other_member, reviewer, award):
    with time_machine.travel(local("2025-01-01T10:00"), tick=False):
        first = award(member, 1000)
    with time_machine.travel(local("2025-02-01T10:00"), tick=False):
        second = award(member, 500)
    award(other_member, 300)
    with time_machine.travel(local("2025-03-01T10:00"), tick=False):
        reversal = services.points_reverse(entry=first, reason="Oops", reversed_by=reviewer)

    history = list(selectors.points_history(member=member))

    assert history == [reversal, second, first]
    assert history[2].reversal == reversal


def test_earned_since_sums_positive_unreversed_entries_from_the_moment_on(member, reviewer, award):
    with time_machine.travel(local("2025-03-31T23:59:59"), tick=False):
        award(member, 1000)  # before
    with time_machine.travel(local("2025-04-01T00:00"), tick=False):
        award(member, 500)  # exactly at ``since``: counted
    with time_machine.travel(local("2025-05-01T00:00"), tick=False):
        services.points_reverse(entry=award(member, 200), reason="Oops", reversed_by=reviewer)
        award(member, -50, reason="Redeemed a T-shirt")

    assert selectors.points_earned_since(member=member, since=local("2025-04-01T00:00")) == 500
    assert selectors.points_earned_since(member=member, since=local("2025-01-01T00:00")) == 1500
    assert selectors.points_earned_since(member=member, since=local("2025-06-01T00:00")) == 0


def test_selected_submissions_count(member):
    with time_machine.travel(local("2025-03-01T10:00"), tick=False):
        SubmissionFactory(author=member, selected=True)
    with time_machine.travel(local("2025-05-01T10:00"), tick=False):
        SubmissionFactory(author=member, selected=True)
    SubmissionFactory(author=member)
    SubmissionFactory(selected=True)

    assert selectors.selected_submissions_count(member=member) == 2
    assert selectors.selected_submissions_count(member=member, since=local("2025-05-01")) == 1
    assert selectors.selected_submissions_count(member=member, since=local("2025-06-01")) == 0


def test_member_was_active_since_a_selection(member):
    with time_machine.travel(local("2025-05-01T10:00"), tick=False):
        SubmissionFactory(author=member, selected=True)

    assert selectors.member_was_active_since(member=member, since=local("2025-05-01T10:00"))
    assert not selectors.member_was_active_since(member=member, since=local("2025-05-01T10:01"))


def test_member_was_active_since_points(member, award):
    with time_machine.travel(local("2025-05-01T10:00"), tick=False):
        entry = award(member, 100)
    # The award's source was selected long before: only the points count here.
    since = entry.created_at - timedelta(hours=1)

    assert selectors.member_was_active_since(member=member, since=since)
    assert not selectors.member_was_active_since(
        member=member, since=entry.created_at + timedelta(seconds=1)
    )


def test_member_with_only_reversed_points_and_no_selection_was_not_active(member, reviewer):
    source = MemberFactory()  # any model: an event attendance, say
    with time_machine.travel(local("2025-05-01T10:00"), tick=False):
        entry = services.points_award(member=member, amount=100, reason="x", source=source)
        services.points_reverse(entry=entry, reason="Wrong member", reversed_by=reviewer)

    assert not selectors.member_was_active_since(member=member, since=local("2025-01-01"))
    assert not selectors.member_was_active_since(member=MemberFactory(), since=local("2025-01-01"))


# --- Reasons in each member's language --------------------------------------------------


def test_award_for_a_reward_rule_reads_the_rules_name_in_each_language(member, reviewer, award):
    rule = SimpleNamespace(
        name="Article selected", name_en="Article selected", name_zh_hans="文章入选"
    )

    entry = award(member, reason=stored(POINTS_REWARD_RULE, rule=content(rule, "name")))

    entry = PointEntry.objects.get(pk=entry.pk)
    assert entry.reason == "Article selected"
    with translation.override("zh-hans"):
        assert entry.reason_text == "文章入选"
    with translation.override("en"):
        assert entry.reason_text == "Article selected"


def test_correction_names_the_original_reason_in_the_members_language(member, reviewer, award):
    rule = SimpleNamespace(
        name="Article selected", name_en="Article selected", name_zh_hans="文章入选"
    )
    entry = award(member, reason=stored(POINTS_REWARD_RULE, rule=content(rule, "name")))

    services.points_reverse(entry=entry, reason="Counted twice", reversed_by=reviewer)

    notification = Notification.objects.get(recipient=member)
    with translation.override("zh-hans"):
        assert "文章入选" in notification.body_text
        assert "Counted twice" in notification.body_text


def test_selection_awards_points_with_the_rule_as_a_stored_message(member, reviewer):
    submission = SubmissionFactory(author=member)
    rule = RewardRuleFactory(campaign=submission.campaign)

    services.submission_select(submission=submission, reviewer=reviewer, comment="Great")

    entry = PointEntry.objects.get(member=member)
    assert entry.message_id == POINTS_REWARD_RULE.id
    assert entry.reason_text == rule.name
