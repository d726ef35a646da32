"""The yearly evaluation reminder: reviewers hear from 30 days before a partner's term
ends, once per term, until the evaluation is recorded."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from community_portal.notifications.models import Notification
from community_portal.notifications.review_digest import overdue_since
from partners import services, tasks
from partners.enums import Outcome, PartnershipState, RenewalDecision
from partners.reminders import overdue_partner_applications, remind_partner_evaluations
from tests.factories.members import ReviewerFactory
from tests.factories.partners import PartnershipFactory
from tests.reminders import TODAY, at, run_at

pytestmark = pytest.mark.django_db

ENDS = TODAY + timedelta(days=30)


@pytest.fixture
def partner(db):
    return PartnershipFactory(active=True, signed_on=ENDS - timedelta(days=365), term_ends_on=ENDS)


@pytest.mark.parametrize(
    ("days_before", "reminded"),
    [(31, False), (30, True), (10, True), (0, True), (-5, True)],
)
def test_the_evaluation_reminder_window(
    partner, reviewer, django_capture_on_commit_callbacks, days_before, reminded
):
    sent = run_at(
        at(ENDS - timedelta(days=days_before)),
        remind_partner_evaluations,
        django_capture_on_commit_callbacks,
    )
    assert [item.recipient_id for item in sent] == ([reviewer.pk] if reminded else [])


def test_each_reviewer_is_reminded_once_per_term(
    partner, reviewer, django_capture_on_commit_callbacks, mailoutbox
):
    run_at(
        at(ENDS - timedelta(days=30)),
        remind_partner_evaluations,
        django_capture_on_commit_callbacks,
    )
    again = run_at(
        at(ENDS - timedelta(days=29)),
        remind_partner_evaluations,
        django_capture_on_commit_callbacks,
    )

    assert again == []
    assert [message.to for message in mailoutbox] == [[reviewer.email]]
    assert partner.organization_name in mailoutbox[0].subject


def test_no_reminder_once_the_term_is_evaluated_and_a_new_term_is_a_new_occasion(
    partner, reviewer, django_capture_on_commit_callbacks
):
    run_at(
        at(ENDS - timedelta(days=20)),
        remind_partner_evaluations,
        django_capture_on_commit_callbacks,
    )
    services.partnership_evaluate(
        partnership=partner, actor=reviewer, outcome=Outcome.MET, satisfaction=4
    )
    assert (
        run_at(
            at(ENDS - timedelta(days=19)),
            remind_partner_evaluations,
            django_capture_on_commit_callbacks,
        )
        == []
    )

    services.partnership_decide_renewal(
        partnership=partner, actor=reviewer, decision=RenewalDecision.RENEW
    )
    partner.refresh_from_db()
    next_term = run_at(
        at(partner.term_ends_on - timedelta(days=30)),
        remind_partner_evaluations,
        django_capture_on_commit_callbacks,
    )
    assert [item.recipient_id for item in next_term] == [reviewer.pk]
    assert Notification.objects.filter(kind="partners.evaluation_due").count() == 2


def test_the_applicant_is_not_asked_to_evaluate_their_own_partnership(
    django_capture_on_commit_callbacks,
):
    applicant = ReviewerFactory()
    PartnershipFactory(
        active=True, applicant=applicant, signed_on=ENDS - timedelta(days=365), term_ends_on=ENDS
    )
    other = ReviewerFactory()

    sent = run_at(at(TODAY), remind_partner_evaluations, django_capture_on_commit_callbacks)

    assert [item.recipient_id for item in sent] == [other.pk]


def test_partners_no_longer_active_are_not_evaluated(reviewer, django_capture_on_commit_callbacks):
    PartnershipFactory(state=PartnershipState.ENDED, term_ends_on=ENDS)
    assert run_at(at(TODAY), remind_partner_evaluations, django_capture_on_commit_callbacks) == []


def test_the_beat_task_runs_the_reminder(partner, reviewer):
    with time_machine.travel(at(TODAY), tick=False):
        assert tasks.remind_partner_evaluations() == 1


def test_applications_waiting_too_long_are_in_the_reviewers_digest():
    today = timezone.localdate()
    waiting = PartnershipFactory(created_at=timezone.now() - timedelta(days=30))
    PartnershipFactory(created_at=timezone.now())
    PartnershipFactory(
        state=PartnershipState.AGREEMENT, created_at=timezone.now() - timedelta(days=30)
    )

    items = overdue_partner_applications(waiting_since_before=overdue_since(today), today=today)

    assert [item.title for item in items] == [f"{waiting.organization_name} → Technical partner"]
    assert items[0].involved == frozenset({waiting.applicant_id})
