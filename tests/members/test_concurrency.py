"""Decisions sent twice at once (a double click, two reviewers) have the effect of one.

Each test runs the same decision in two threads, each with its own database
connection, released together. The first holds the row lock a moment longer
(its notification is slowed) so the second is sure to arrive while it is held.
"""

import threading
import time
from datetime import timedelta
from unittest import mock

import pytest
from django.db import connection
from django.utils import timezone

from members.enums import ApplicationState, CertificateEventKind
from members.errors import MemberError
from members.models import (
    Certificate,
    CertificateEvent,
    Mentorship,
    TierChange,
    VolunteerApplication,
)
from members.services import certifications, mentorship, tiers, volunteering
from tests.factories.members import (
    CertificateFactory,
    CertificationApplicationFactory,
    CertificationLevelFactory,
    MemberFactory,
    MentorshipFactory,
    ReviewerFactory,
    TierFactory,
    VolunteerApplicationFactory,
)

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def run_together(module, *jobs):
    """Run each job in its own thread and connection, all at once; "done" or "refused"."""
    barrier = threading.Barrier(len(jobs))
    outcomes = [None] * len(jobs)
    original_notify = module.notify

    def slow_notify(*args, **kwargs):
        # Hold the row lock long enough for the other thread to wait on it.
        time.sleep(0.3)
        return original_notify(*args, **kwargs)

    def run(index, job):
        try:
            barrier.wait()
            try:
                job()
                outcomes[index] = "done"
            except MemberError:
                outcomes[index] = "refused"
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    with mock.patch.object(module, "notify", slow_notify):
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    return outcomes


def test_two_renew_clicks_at_once_extend_the_certificate_once():
    level = CertificationLevelFactory(validity_years=2)
    today = timezone.localdate()
    certificate = CertificateFactory(
        level=level, issued_on=today - timedelta(days=700), expires_on=today + timedelta(days=30)
    )
    first, second = ReviewerFactory.create_batch(2)

    outcomes = run_together(
        certifications,
        lambda: certifications.certificate_renew(certificate=certificate, renewed_by=first),
        lambda: certifications.certificate_renew(certificate=certificate, renewed_by=second),
    )

    assert sorted(outcomes) == ["done", "refused"]
    renewed = Certificate.objects.get(pk=certificate.pk)
    assert renewed.expires_on == level.expiry_for(today + timedelta(days=31))  # +2 years, not +4
    assert (
        CertificateEvent.objects.filter(
            certificate=certificate, kind=CertificateEventKind.RENEWED
        ).count()
        == 1
    )


def test_two_issue_decisions_at_once_issue_one_certificate():
    application = CertificationApplicationFactory(state=ApplicationState.DECISION)
    first, second = ReviewerFactory.create_batch(2)

    outcomes = run_together(
        certifications,
        lambda: certifications.certification_application_issue(
            application=application, reviewer=first
        ),
        lambda: certifications.certification_application_issue(
            application=application, reviewer=second
        ),
    )

    assert sorted(outcomes) == ["done", "refused"]
    assert Certificate.objects.filter(holder=application.applicant).count() == 1
    assert application.steps.filter(to_state=ApplicationState.ISSUED).count() == 1


def test_two_tier_approvals_at_once_change_the_tier_once():
    user_tier = TierFactory(level="user")
    member = MemberFactory()
    request = tiers.tier_request_submit(member=member, to_tier=user_tier, evidence="I use it")
    first, second = ReviewerFactory.create_batch(2)

    outcomes = run_together(
        tiers,
        lambda: tiers.tier_request_approve(request=request, decided_by=first, reason="Welcome"),
        lambda: tiers.tier_request_approve(request=request, decided_by=second, reason="Hi"),
    )

    assert sorted(outcomes) == ["done", "refused"]
    assert TierChange.objects.filter(member=member).count() == 1


def test_accepting_a_volunteer_twice_at_once_adds_one_member():
    application = VolunteerApplicationFactory()
    owner = application.group.owner

    def accept():
        volunteering.volunteer_application_answer(
            application=application, answered_by=owner, accept=True
        )

    outcomes = run_together(volunteering, accept, accept)

    assert sorted(outcomes) == ["done", "refused"]
    assert VolunteerApplication.objects.get(pk=application.pk).state == "accepted"
    assert application.group.applications.filter(state="accepted").count() == 1


def test_accepting_a_mentee_twice_at_once_makes_one_match():
    ask = MentorshipFactory()
    mentor = ask.slot.mentor.member

    def accept():
        mentorship.mentorship_accept(mentorship=ask, mentor=mentor)

    outcomes = run_together(mentorship, accept, accept)

    assert sorted(outcomes) == ["done", "refused"]
    assert Mentorship.objects.filter(slot=ask.slot, state="active").count() == 1
    assert ask.mentee.notifications.count() == 1
