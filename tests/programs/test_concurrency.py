"""Transitions that race: the application row lock makes them happen one after the other."""

import threading
import time
from unittest import mock

import pytest
from django.db import connection

from community_portal.notifications.models import Notification
from programs import services
from programs.enums import ApplicationState, NamedMemberState
from programs.models import Application, ApplicationTransition, NamedMember
from programs.services import ApplicationError
from tests.factories.members import ReviewerFactory
from tests.factories.programs import ApplicationFactory, NamedMemberFactory, ProgramFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

original_notify_many = services.review.notify_many


def slow_notify_many(*args, **kwargs):
    # Hold the lock long enough for the other thread to arrive at the same row.
    time.sleep(0.3)
    return original_notify_many(*args, **kwargs)


def run_together(*jobs):
    """Run each job in its own thread and database connection, all starting at once."""
    barrier = threading.Barrier(len(jobs))
    outcomes = [None] * len(jobs)

    def run(index, job):
        try:
            barrier.wait()
            try:
                job()
                outcomes[index] = "done"
            except ApplicationError:
                outcomes[index] = "refused"
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    with mock.patch.object(services.review, "notify_many", slow_notify_many):
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    return outcomes


def test_two_reviewers_deciding_at_once_decide_once():
    application = ApplicationFactory(in_review=True)
    first, second = ReviewerFactory.create_batch(2)

    def approve():
        services.application_approve(application=application, actor=first)

    def reject():
        services.application_reject(application=application, actor=second, comment="No.")

    outcomes = run_together(approve, reject)

    application.refresh_from_db()
    assert sorted(outcomes) == ["done", "refused"]
    decisions = ApplicationTransition.objects.filter(
        application=application, from_state=ApplicationState.IN_REVIEW
    )
    assert decisions.count() == 1
    assert application.state == decisions.get().to_state


def test_one_approval_sent_twice_at_once_approves_and_notifies_once():
    application = ApplicationFactory(in_review=True)
    NamedMemberFactory(application=application, confirmed=True)
    first, second = ReviewerFactory.create_batch(2)

    outcomes = run_together(
        *[
            lambda who=who: services.application_approve(application=application, actor=who)
            for who in (first, second)
        ]
    )

    assert sorted(outcomes) == ["done", "refused"]
    approvals = ApplicationTransition.objects.filter(
        application=application, to_state=ApplicationState.APPROVED
    )
    assert approvals.count() == 1
    # The applicant and the named member hear of it once each.
    told = Notification.objects.filter(subject__startswith="Approved:")
    assert sorted(told.values_list("recipient", flat=True)) == sorted(
        [application.applicant_id, application.named_members.get().member_id]
    )


def test_named_member_declining_while_the_applicant_submits_never_leaves_too_few():
    program = ProgramFactory(min_named_members=2)
    application = ApplicationFactory(program=program)
    leaving, _staying = NamedMemberFactory.create_batch(2, application=application, confirmed=True)

    def submit():
        services.application_submit(application=application, actor=application.applicant)

    def decline():
        services.named_member_answer(
            application=application, member=leaving.member, answer=NamedMemberState.DECLINED
        )

    outcomes = run_together(submit, decline)

    state = Application.objects.get(pk=application.pk).state
    answer = NamedMember.objects.get(pk=leaving.pk).state
    assert sorted(outcomes) == ["done", "refused"]
    assert (state, answer) in {
        (ApplicationState.SUBMITTED, NamedMemberState.CONFIRMED),
        (ApplicationState.DRAFT, NamedMemberState.DECLINED),
    }
