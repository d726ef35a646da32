"""The shared review workflow: tables, the domain error, change_state, reviewers."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from community_portal.core.workflow import (
    INVOLVED,
    NEEDS_COMMENT,
    NOT_REVIEWER,
    REVIEWER,
    STALE,
    DomainError,
    Move,
    TransitionTable,
    allowed_moves,
    change_state,
    error_message,
    is_reviewer,
    notify_reviewers,
    reviewers,
)
from community_portal.notifications.models import Notification
from members.errors import MemberError
from programs.services import ApplicationError, ProgramError
from stations.services import StationError
from submissions.enums import SubmissionState as S
from submissions.errors import SubmissionsError
from submissions.models import Submission, SubmissionTransition
from tests.factories.members import MemberFactory, ReviewerFactory
from tests.factories.submissions import SubmissionFactory
from tests.parallel import refusals, run_at_once

TABLE = TransitionTable(
    [
        Move(S.SUBMITTED, S.SELECTED, REVIEWER),
        Move(S.SUBMITTED, S.REJECTED, REVIEWER, needs_comment=True),
        Move(S.SUBMITTED, S.WITHDRAWN, "author"),
    ],
    parties=["author"],
)


class Refused(DomainError):
    pass


def selected(row):
    return {"selected_at": timezone.now(), "decided_at": timezone.now()}


def decide(submission, target=S.SELECTED, *, actor, role=REVIEWER, **options):
    if target == S.SELECTED:
        options.setdefault("changes", selected)
    return change_state(
        submission,
        table=TABLE,
        target=target,
        actor=actor,
        role=role,
        error=Refused,
        involved=lambda row: [row.author_id],
        history=SubmissionTransition,
        history_fields=lambda row: {"submission": row},
        **options,
    )


# --- The table --------------------------------------------------------------------------


def test_table_lists_moves_by_source_and_role():
    assert TABLE.targets(S.SUBMITTED) == [S.SELECTED, S.REJECTED, S.WITHDRAWN]
    assert TABLE.targets(S.SUBMITTED, REVIEWER) == [S.SELECTED, S.REJECTED]
    assert TABLE.targets(S.SELECTED) == []


def test_table_allows_a_move_only_to_its_role():
    assert TABLE.allows(S.SUBMITTED, S.WITHDRAWN, "author")
    assert not TABLE.allows(S.SUBMITTED, S.WITHDRAWN, REVIEWER)
    assert not TABLE.allows(S.SELECTED, S.REJECTED, REVIEWER)


def test_table_knows_which_moves_need_a_comment_and_who_decides():
    assert TABLE.needs_comment(S.REJECTED)
    assert not TABLE.needs_comment(S.SELECTED)
    assert TABLE.decides(REVIEWER)
    assert not TABLE.decides("author")


# --- The domain error -------------------------------------------------------------------


def test_domain_error_keeps_every_message_and_the_field():
    error = DomainError("First.", "Second.", field="comment")

    assert error.messages == ["First.", "Second."]
    assert str(error) == error_message(error) == error.message == "First. Second."
    assert error.field == "comment"


@pytest.mark.parametrize(
    "error_class", [MemberError, ApplicationError, ProgramError, StationError, SubmissionsError]
)
def test_every_app_error_is_a_domain_error(error_class):
    assert issubclass(error_class, DomainError)
    assert error_message(error_class("No.")) == "No."


# --- change_state -----------------------------------------------------------------------


@pytest.mark.django_db
def test_change_state_saves_the_move_and_records_it():
    reviewer = ReviewerFactory()
    submission = SubmissionFactory()

    row, source = decide(submission, actor=reviewer, comment="  Great  ")

    assert (row.state, source) == (S.SELECTED, S.SUBMITTED)
    assert Submission.objects.get(pk=submission.pk).state == S.SELECTED
    step = SubmissionTransition.objects.get(submission=submission)
    assert (step.actor, step.from_state, step.to_state, step.comment) == (
        reviewer,
        S.SUBMITTED,
        S.SELECTED,
        "Great",
    )


@pytest.mark.django_db
def test_change_state_saves_only_the_fields_that_changed():
    reviewer = ReviewerFactory()
    submission = SubmissionFactory()

    with CaptureQueriesContext(connection) as queries:
        decide(
            submission,
            actor=reviewer,
            changes=lambda row: {**selected(row), "title": row.title, "summary": "Shorter."},
        )

    (update,) = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("UPDATE")]
    assert '"summary"' in update and '"state"' in update
    assert '"title"' not in update
    assert Submission.objects.get(pk=submission.pk).summary == "Shorter."


@pytest.mark.django_db
def test_change_state_refuses_a_move_the_table_does_not_list():
    submission = SubmissionFactory(selected=True)

    with pytest.raises(Refused) as refused:
        decide(submission, S.REJECTED, actor=ReviewerFactory(), comment="No")

    assert refused.value.messages == [str(STALE)]
    assert not SubmissionTransition.objects.exists()


@pytest.mark.django_db
def test_change_state_words_a_refused_move_as_the_caller_asks():
    submission = SubmissionFactory(selected=True)

    with pytest.raises(Refused) as refused:
        decide(
            submission,
            actor=ReviewerFactory(),
            refused_move=lambda row, source: f"{row.title} is {source}.",
        )

    assert refused.value.messages == [f"{submission.title} is selected."]


@pytest.mark.django_db
def test_change_state_refuses_a_role_the_move_is_not_for():
    submission = SubmissionFactory()

    with pytest.raises(Refused):
        decide(submission, S.WITHDRAWN, actor=ReviewerFactory())

    assert Submission.objects.get(pk=submission.pk).state == S.SUBMITTED


@pytest.mark.django_db
def test_change_state_refuses_a_member_who_is_not_a_reviewer():
    with pytest.raises(Refused) as refused:
        decide(SubmissionFactory(), actor=MemberFactory())

    assert refused.value.messages == [str(NOT_REVIEWER)]


@pytest.mark.django_db
def test_change_state_refuses_a_reviewer_involved_in_the_request():
    reviewer = ReviewerFactory()
    submission = SubmissionFactory(author=reviewer)

    with pytest.raises(Refused) as refused:
        decide(submission, actor=reviewer)

    assert refused.value.messages == [str(INVOLVED)]
    assert Submission.objects.get(pk=submission.pk).state == S.SUBMITTED


@pytest.mark.django_db
def test_change_state_lets_the_party_move_their_own_request():
    submission = SubmissionFactory()

    row, _source = decide(submission, S.WITHDRAWN, actor=submission.author, role="author")

    assert row.state == S.WITHDRAWN


@pytest.mark.django_db
def test_change_state_requires_a_comment_where_the_table_says():
    with pytest.raises(Refused) as refused:
        decide(SubmissionFactory(), S.REJECTED, actor=ReviewerFactory(), comment="  ")

    assert refused.value.messages == [str(NEEDS_COMMENT)]
    assert refused.value.field == "comment"


@pytest.mark.django_db
def test_change_state_runs_the_callers_check_on_the_locked_row():
    def no_blogs(row):
        raise Refused(f"{row.channel} is closed.")

    with pytest.raises(Refused) as refused:
        decide(SubmissionFactory(), actor=ReviewerFactory(), check=no_blogs)

    assert refused.value.messages == ["blog_post is closed."]


# --- What the admin offers --------------------------------------------------------------


@pytest.mark.django_db
def test_allowed_moves_are_the_reviewers_decisions_from_the_current_state():
    reviewer = ReviewerFactory()
    submission = SubmissionFactory()

    moves = allowed_moves(submission, table=TABLE, user=reviewer, involved=[submission.author])

    assert [m.target for m in moves] == [S.SELECTED, S.REJECTED]


@pytest.mark.django_db
def test_allowed_moves_are_none_for_an_involved_reviewer_or_a_member():
    reviewer = ReviewerFactory()
    own = SubmissionFactory(author=reviewer)

    assert allowed_moves(own, table=TABLE, user=reviewer, involved=[own.author]) == []
    assert allowed_moves(SubmissionFactory(), table=TABLE, user=MemberFactory()) == []


# --- Reviewers --------------------------------------------------------------------------


@pytest.mark.django_db
def test_reviewers_are_the_users_that_is_reviewer_says():
    reviewer, member = ReviewerFactory(), MemberFactory()

    assert list(reviewers()) == [reviewer]
    assert is_reviewer(reviewer)
    assert not is_reviewer(member)
    assert not is_reviewer(None)


@pytest.mark.django_db
def test_notify_reviewers_tells_every_reviewer_but_the_actor():
    actor, other = ReviewerFactory(), ReviewerFactory()

    created = notify_reviewers(actor=actor, subject="Something to review")

    assert created == 1
    assert list(Notification.objects.values_list("recipient", flat=True)) == [other.pk]


# --- Two decisions at once --------------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_decisions_at_once_make_one_move():
    submission = SubmissionFactory()
    first, second = ReviewerFactory(), ReviewerFactory()

    results = run_at_once([lambda r=r: decide(submission, actor=r) for r in (first, second)])

    assert len(refusals(results, Refused)) == 1
    assert SubmissionTransition.objects.filter(submission=submission).count() == 1
    assert Submission.objects.get(pk=submission.pk).state == S.SELECTED
