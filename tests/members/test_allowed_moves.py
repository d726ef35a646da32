"""The admin shows, for a members request, the decisions its viewer may make now.

The conflict of interest itself (the involved reviewer refused and offered
nothing) is in ``tests/core/test_conflict_of_interest.py``, with every kind.
"""

import pytest
from django.urls import reverse

from community_portal.core.workflow import INVOLVED
from members.enums import ApplicationState
from members.services.tiers import tier_request_submit
from tests.factories.members import (
    CertificationApplicationFactory,
    MentorshipFactory,
    TierFactory,
    VolunteerApplicationFactory,
)

pytestmark = pytest.mark.django_db

# (admin model, the request about ``member``, the decisions offered to a reviewer)
CASES = [
    (
        "tierrequest",
        lambda member: tier_request_submit(
            member=member, to_tier=TierFactory(level="user"), evidence="x"
        ),
        "approved, declined",
    ),
    (
        "certificationapplication",
        lambda member: CertificationApplicationFactory(applicant=member),
        "test, rejected",
    ),
    (
        "certificationapplication",
        lambda member: CertificationApplicationFactory(
            applicant=member, state=ApplicationState.DECISION
        ),
        "certificate issued, rejected",
    ),
    (
        "volunteerapplication",
        lambda member: VolunteerApplicationFactory(applicant=member),
        "accepted, declined",
    ),
    ("mentorship", lambda member: MentorshipFactory(mentee=member), "active, declined"),
]


@pytest.mark.parametrize(("model", "make", "moves"), CASES, ids=[c[2] for c in CASES])
def test_request_page_lists_the_moves_of_the_table(model, make, moves, member, reviewer_client):
    request = make(member)

    page = reviewer_client.get(
        reverse(f"admin:members_{model}_change", args=[request.pk])
    ).content.decode()

    assert f'<div class="readonly">{moves}</div>' in page
    assert str(INVOLVED) not in page
