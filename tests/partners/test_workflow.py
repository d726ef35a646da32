"""The partnership's life: application → qualification review → agreement → active,
the yearly evaluation and the renewal decision, each in the history."""

from datetime import timedelta

import pytest
from django.db import IntegrityError
from django.utils import timezone

from community_portal.notifications.models import Notification
from partners import services
from partners.enums import LevelCode, Outcome, PartnershipState, PartnerType, RenewalDecision, Step
from partners.models import PartnershipLevel
from partners.services import PartnerDetails, PartnerError
from programs.enums import NamedMemberState
from programs.models import NamedMember
from tests.factories.members import ReviewerFactory
from tests.factories.partners import PartnershipFactory, level
from tests.factories.programs import ApplicationFactory

pytestmark = pytest.mark.django_db


def details(**overrides):
    fields = {
        "organization_name": "Skyforge Cloud",
        "website": "https://skyforge.example.com",
        "partner_type": PartnerType.CLOUD_PROVIDER,
        "description": "A managed service of the project.",
        "qualifications": "Two maintainers on staff.",
        "contact_name": "Wang Fang",
        "contact_email": "alliances@skyforge.example.com",
        **overrides,
    }
    return PartnerDetails(**fields)


def active_partnership(reviewer, applicant, signed_on=None):
    partnership = services.partnership_apply(
        applicant=applicant, level=level("technical"), details=details()
    )
    services.partnership_start_review(partnership=partnership, actor=reviewer)
    services.partnership_qualify(partnership=partnership, actor=reviewer)
    return services.partnership_sign(
        partnership=partnership,
        actor=reviewer,
        signed_on=signed_on or timezone.localdate() - timedelta(days=300),
        term_years=1,
    )


def test_a_real_install_has_the_four_levels_of_the_seed_with_commitments_and_benefits():
    levels = list(PartnershipLevel.objects.order_by("rank"))

    assert [lv.code for lv in levels] == ["strategic", "technical", "business", "community"]
    strategic = levels[0]
    assert strategic.commitment_list == [
        "Long-term cooperation",
        "Deep integration",
        "Growing together",
        "Sharing resources",
    ]
    assert strategic.commitments_zh_hans.splitlines() == [
        "长期合作",
        "深度集成",
        "共同发展",
        "资源共享",
    ]
    assert levels[3].benefits_zh_hans.splitlines() == [
        "社区支持",
        "活动支持",
        "内容支持",
        "人才支持",
    ]
    assert levels[2].name_fr == "Partenaire commercial"


def test_an_application_goes_through_review_and_agreement_to_active(reviewer, member):
    partnership = active_partnership(reviewer, member, signed_on=timezone.localdate())

    assert partnership.state == PartnershipState.ACTIVE
    assert partnership.term_ends_on == timezone.localdate().replace(
        year=timezone.localdate().year + 1
    )
    steps = list(partnership.steps.values_list("step", "actor"))
    assert steps == [
        (Step.APPLIED, member.pk),
        (Step.REVIEW_STARTED, reviewer.pk),
        (Step.QUALIFIED, reviewer.pk),
        (Step.SIGNED, reviewer.pk),
    ]
    subjects = list(
        Notification.objects.filter(recipient=member).order_by("id").values_list("kind", flat=True)
    )
    assert subjects == ["partners.review_started", "partners.qualified", "partners.active"]
    assert Notification.objects.filter(recipient=reviewer, kind="partners.applied").exists()


def test_nobody_decides_their_own_application(reviewer):
    partnership = services.partnership_apply(
        applicant=reviewer, level=level("business"), details=details()
    )

    with pytest.raises(PartnerError, match="you made"):
        services.partnership_start_review(partnership=partnership, actor=reviewer)
    partnership.refresh_from_db()
    assert partnership.state == PartnershipState.SUBMITTED


def test_an_organization_applies_with_its_program_participation_name_website_and_logo(member):
    participation = ApplicationFactory(
        applicant=member, approved=True, organization_name="Northwind Data"
    )

    partnership = services.partnership_apply(
        applicant=member,
        level=level("community"),
        details=details(organization_name="", website=""),
        participation=participation,
    )

    assert partnership.organization_name == "Northwind Data"
    assert partnership.website == participation.website
    assert partnership.logo.read() == participation.logo.open("rb").read()
    assert partnership.logo.name != participation.logo.name


def test_nobody_applies_with_someone_elses_participation(member, other_member):
    participation = ApplicationFactory(applicant=other_member, approved=True)

    with pytest.raises(PartnerError) as refused:
        services.partnership_apply(
            applicant=member,
            level=level("community"),
            details=details(),
            participation=participation,
        )
    assert refused.value.field == "participation"


def test_the_applicant_of_the_named_participation_does_not_decide(reviewer, member):
    participation = ApplicationFactory(applicant=reviewer, approved=True)
    NamedMember.objects.create(
        application=participation,
        member=member,
        state=NamedMemberState.CONFIRMED,
        answered_at=timezone.now(),
    )
    partnership = services.partnership_apply(
        applicant=member, level=level("community"), details=details(), participation=participation
    )

    with pytest.raises(PartnerError, match="you made"):
        services.partnership_start_review(partnership=partnership, actor=reviewer)


def test_one_live_application_per_organization(member, other_member):
    services.partnership_apply(applicant=member, level=level("technical"), details=details())

    with pytest.raises(PartnerError) as refused:
        services.partnership_apply(
            applicant=other_member,
            level=level("business"),
            details=details(organization_name="SKYFORGE cloud"),
        )
    assert refused.value.field == "organization_name"


def test_the_database_refuses_an_active_partner_without_an_agreement():
    with pytest.raises(IntegrityError):
        PartnershipFactory(state=PartnershipState.ACTIVE)


def test_declining_needs_a_reason_and_tells_the_applicant(reviewer, member):
    partnership = PartnershipFactory(applicant=member)
    services.partnership_start_review(partnership=partnership, actor=reviewer)

    with pytest.raises(PartnerError, match="Say why"):
        services.partnership_reject(partnership=partnership, actor=reviewer, comment=" ")
    services.partnership_reject(
        partnership=partnership, actor=reviewer, comment="No integration yet."
    )

    partnership.refresh_from_db()
    assert partnership.state == PartnershipState.REJECTED
    assert partnership.steps.last().comment == "No integration yet."
    assert Notification.objects.filter(recipient=member, kind="partners.rejected").exists()


def test_the_applicant_withdraws_but_a_stranger_cannot(member, other_member):
    partnership = PartnershipFactory(applicant=member)

    with pytest.raises(PartnerError):
        services.partnership_withdraw(partnership=partnership, actor=other_member)
    services.partnership_withdraw(partnership=partnership, actor=member)

    partnership.refresh_from_db()
    assert partnership.state == PartnershipState.WITHDRAWN


def test_an_agreement_cannot_be_signed_in_the_future(reviewer):
    partnership = PartnershipFactory(state=PartnershipState.AGREEMENT)

    with pytest.raises(PartnerError) as refused:
        services.partnership_sign(
            partnership=partnership,
            actor=reviewer,
            signed_on=timezone.localdate() + timedelta(days=1),
            term_years=1,
        )
    assert refused.value.field == "signed_on"


def test_renewal_needs_the_terms_evaluation_first(reviewer, member):
    partnership = active_partnership(reviewer, member)

    with pytest.raises(PartnerError, match="evaluation"):
        services.partnership_decide_renewal(
            partnership=partnership, actor=reviewer, decision=RenewalDecision.RENEW
        )


def test_evaluation_then_renewal_extends_the_term_and_both_are_in_the_history(reviewer, member):
    partnership = active_partnership(reviewer, member)
    term_end = partnership.term_ends_on

    evaluation = services.partnership_evaluate(
        partnership=partnership,
        actor=reviewer,
        outcome=Outcome.MET,
        satisfaction=4,
        improvements="More joint talks.",
    )
    renewed = services.partnership_decide_renewal(
        partnership=partnership, actor=reviewer, decision=RenewalDecision.RENEW, comment="Thanks!"
    )

    assert evaluation.term_ends_on == term_end
    assert renewed.state == PartnershipState.ACTIVE
    assert renewed.term_ends_on == term_end.replace(year=term_end.year + 1)
    assert list(renewed.steps.values_list("step", flat=True))[-2:] == [Step.EVALUATED, Step.RENEWED]
    assert Notification.objects.filter(recipient=member, kind="partners.renewed").exists()


def test_a_term_is_evaluated_once(reviewer, member):
    partnership = active_partnership(reviewer, member)
    services.partnership_evaluate(
        partnership=partnership, actor=reviewer, outcome=Outcome.MET, satisfaction=3
    )

    with pytest.raises(PartnerError, match="evaluated already"):
        services.partnership_evaluate(
            partnership=partnership, actor=reviewer, outcome=Outcome.EXCEEDED, satisfaction=5
        )


def test_the_applicant_cannot_evaluate_their_own_partnership(member):
    applicant = ReviewerFactory()
    partnership = PartnershipFactory(applicant=applicant, active=True)

    with pytest.raises(PartnerError, match="you made"):
        services.partnership_evaluate(
            partnership=partnership, actor=applicant, outcome=Outcome.MET, satisfaction=5
        )
    with pytest.raises(PartnerError, match="reviewer"):
        services.partnership_evaluate(
            partnership=partnership, actor=member, outcome=Outcome.MET, satisfaction=5
        )


def test_renewal_at_another_level_moves_the_partner(reviewer, member):
    partnership = active_partnership(reviewer, member)
    services.partnership_evaluate(
        partnership=partnership, actor=reviewer, outcome=Outcome.EXCEEDED, satisfaction=5
    )

    changed = services.partnership_decide_renewal(
        partnership=partnership,
        actor=reviewer,
        decision=RenewalDecision.CHANGE_LEVEL,
        level=level(LevelCode.STRATEGIC),
    )

    assert changed.level.code == LevelCode.STRATEGIC
    last = changed.steps.last()
    assert (last.step, last.level.code) == (Step.LEVEL_CHANGED, LevelCode.STRATEGIC)
    assert Notification.objects.filter(recipient=member, kind="partners.level_changed").exists()


def test_ending_needs_a_reason_and_takes_the_partner_off(reviewer, member):
    partnership = active_partnership(reviewer, member)
    services.partnership_evaluate(
        partnership=partnership, actor=reviewer, outcome=Outcome.NOT_MET, satisfaction=1
    )

    with pytest.raises(PartnerError, match="Say why"):
        services.partnership_decide_renewal(
            partnership=partnership, actor=reviewer, decision=RenewalDecision.END
        )
    ended = services.partnership_decide_renewal(
        partnership=partnership,
        actor=reviewer,
        decision=RenewalDecision.END,
        comment="No activity this year.",
    )

    assert ended.state == PartnershipState.ENDED
    assert ended.ended_at is not None
    assert Notification.objects.filter(recipient=member, kind="partners.ended").exists()
