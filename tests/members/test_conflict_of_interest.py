"""Conflict of interest in the members workflows: nobody decides a request about themselves.

One case per kind of request (tier requests, certification applications,
certificate renewals, volunteer applications, mentorship asks). In each, a
reviewer is the person the request is about: the service refuses them with a
message, the admin's action leaves their row out with that message, and the
request's page offers them no decision.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from community_portal.core.workflow import INVOLVED
from members.enums import ApplicationState
from members.errors import MemberError
from members.models import Certificate
from members.services.certifications import (
    certificate_renew,
    certification_application_confirm_eligibility,
)
from members.services.mentorship import mentorship_accept
from members.services.tiers import tier_request_approve, tier_request_submit
from members.services.volunteering import volunteer_application_answer
from tests.factories.members import (
    CertificateFactory,
    CertificationApplicationFactory,
    CertificationLevelFactory,
    MentorshipFactory,
    TierFactory,
    VolunteerApplicationFactory,
)
from tests.members.utils import post_admin_action

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Case:
    kind: str
    make: Callable[[Any], Any]  # the request about ``reviewer``
    decide: Callable[[Any, Any], Any]  # the service call, as ``reviewer``
    model: str  # members.<model> in the admin
    action: str
    data: dict
    outcome: Callable[[Any], Any]  # what a decision would change
    moves: str = ""  # the decisions its page offers another reviewer, "" for no such field


def _renewable(reviewer):
    today = timezone.localdate()
    return CertificateFactory(
        holder=reviewer,
        level=CertificationLevelFactory(validity_years=2),
        issued_on=today - timedelta(days=700),
        expires_on=today + timedelta(days=20),
    )


def _state(obj):
    obj.refresh_from_db()
    return obj.state


CASES = [
    Case(
        kind="tier request",
        make=lambda reviewer: tier_request_submit(
            member=reviewer, to_tier=TierFactory(level="user"), evidence="I review a lot"
        ),
        decide=lambda request, reviewer: tier_request_approve(
            request=request, decided_by=reviewer, reason="Me"
        ),
        model="tierrequest",
        action="approve",
        data={"reason": "Me"},
        outcome=_state,
        moves="approved, declined",
    ),
    Case(
        kind="certification application",
        make=lambda reviewer: CertificationApplicationFactory(applicant=reviewer),
        decide=lambda application, reviewer: certification_application_confirm_eligibility(
            application=application, reviewer=reviewer
        ),
        model="certificationapplication",
        action="confirm_eligibility",
        data={"comment": ""},
        outcome=_state,
        moves="test, rejected",
    ),
    Case(
        kind="certificate renewal",
        make=_renewable,
        decide=lambda certificate, reviewer: certificate_renew(
            certificate=certificate, renewed_by=reviewer
        ),
        model="certificate",
        action="renew",
        data={"comment": ""},
        outcome=lambda certificate: Certificate.objects.get(pk=certificate.pk).expires_on,
    ),
    Case(
        kind="volunteer application",
        make=lambda reviewer: VolunteerApplicationFactory(applicant=reviewer),
        decide=lambda application, reviewer: volunteer_application_answer(
            application=application, answered_by=reviewer, accept=True
        ),
        model="volunteerapplication",
        action="accept",
        data={"comment": ""},
        outcome=_state,
        moves="accepted, declined",
    ),
    Case(
        kind="mentorship ask",
        make=lambda reviewer: MentorshipFactory(mentee=reviewer),
        decide=lambda mentorship, reviewer: mentorship_accept(
            mentorship=mentorship, mentor=reviewer
        ),
        model="mentorship",
        action="accept",
        data={"message": ""},
        outcome=_state,
        moves="active, declined",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.kind)
def test_service_refuses_a_reviewer_deciding_a_request_about_themselves(case, reviewer):
    request = case.make(reviewer)
    before = case.outcome(request)

    with pytest.raises(MemberError) as refused:
        case.decide(request, reviewer)

    assert str(refused.value) != ""
    assert case.outcome(request) == before


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.kind)
def test_admin_action_leaves_out_a_request_about_the_reviewer(case, reviewer, reviewer_client):
    request = case.make(reviewer)
    before = case.outcome(request)

    response = post_admin_action(
        reviewer_client, case.model, case.action, [request.pk], **case.data
    )

    assert str(INVOLVED) in response.content.decode()
    assert case.outcome(request) == before


@pytest.mark.parametrize("case", [case for case in CASES if case.moves], ids=lambda case: case.kind)
def test_request_page_offers_the_reviewer_no_decision_about_themselves(
    case, reviewer, reviewer_client
):
    request = case.make(reviewer)

    page = reviewer_client.get(
        reverse(f"admin:members_{case.model}_change", args=[request.pk])
    ).content.decode()

    assert str(INVOLVED) in page


@pytest.mark.parametrize("case", [case for case in CASES if case.moves], ids=lambda case: case.kind)
def test_request_page_offers_another_reviewer_the_moves_of_the_table(
    case, reviewer, reviewer_client, member
):
    request = case.make(member)

    page = reviewer_client.get(
        reverse(f"admin:members_{case.model}_change", args=[request.pk])
    ).content.decode()

    assert f'<div class="readonly">{case.moves}</div>' in page
    assert str(INVOLVED) not in page


def test_application_at_the_decision_offers_issue_and_reject(reviewer_client, member):
    application = CertificationApplicationFactory(applicant=member, state=ApplicationState.DECISION)

    page = reviewer_client.get(
        reverse("admin:members_certificationapplication_change", args=[application.pk])
    ).content.decode()

    assert '<div class="readonly">certificate issued, rejected</div>' in page
