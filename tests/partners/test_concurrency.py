"""Races on PostgreSQL: two reviewers deciding at once decide once; the same
organization applying twice at once makes one application."""

import pytest

from partners import services
from partners.enums import Outcome, PartnerType, RenewalDecision
from partners.models import Partnership, PartnershipStep
from partners.services import PartnerDetails, PartnerError
from tests.factories.members import MemberFactory, ReviewerFactory
from tests.factories.partners import PartnershipFactory, level
from tests.parallel import refusals, run_at_once

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_renewals_at_once_extend_the_term_once():
    partnership = PartnershipFactory(active=True)
    first, second = ReviewerFactory(), ReviewerFactory()
    services.partnership_evaluate(
        partnership=partnership, actor=first, outcome=Outcome.MET, satisfaction=4
    )
    ends = partnership.term_ends_on

    def renew(reviewer):
        return lambda: services.partnership_decide_renewal(
            partnership=partnership, actor=reviewer, decision=RenewalDecision.RENEW
        )

    results = run_at_once([renew(first), renew(second)])

    partnership.refresh_from_db()
    # The second sees a new term, whose evaluation is not recorded: refused.
    assert len(refusals(results, PartnerError)) == 1
    assert partnership.term_ends_on == ends.replace(year=ends.year + 1)
    assert PartnershipStep.objects.filter(step="renewed").count() == 1


def test_one_organization_applying_twice_at_once_gets_one_application():
    technical = level("technical")
    members = [MemberFactory() for _n in range(4)]
    details = PartnerDetails(
        organization_name="Skyforge",
        website="https://skyforge.example.com",
        partner_type=PartnerType.CLOUD_PROVIDER,
        description="A managed service.",
        qualifications="Two maintainers.",
        contact_name="Wang Fang",
        contact_email="alliances@skyforge.example.com",
    )

    results = run_at_once(
        [
            lambda member=member: services.partnership_apply(
                applicant=member, level=technical, details=details
            )
            for member in members
        ]
    )

    assert Partnership.objects.filter(organization_name="Skyforge").count() == 1
    assert len(refusals(results, PartnerError)) == 3
