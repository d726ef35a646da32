"""The members app's demo data matches what issue 5 asks for."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from members.enums import CertificateState
from members.models import Certificate, CertificationLevel, Mentor, Tier, User, VolunteerGroup

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _seeded(settings):
    settings.DEBUG = True
    call_command("seed_demo")


def test_demo_has_the_four_tiers_with_members_at_each():
    tiers = list(Tier.objects.order_by("rank").values_list("level", flat=True))

    assert tiers == ["user", "contributor", "core_contributor", "maintainer"]
    for level in tiers:
        assert User.objects.filter(tier__level=level).exists(), level
    assert User.objects.get(username="zhao").is_reviewer


def test_demo_levels_have_the_seed_validity():
    validity = dict(CertificationLevel.objects.values_list("slug", "validity_years"))

    assert {key: validity[key] for key in ("foundation", "professional", "expert", "master")} == {
        "foundation": 2,
        "professional": 3,
        "expert": 5,
        "master": None,
    }
    assert CertificationLevel.objects.filter(track="member_badge").count() == 4


def test_demo_has_valid_expired_and_revoked_certificates():
    states = {
        certificate.state_on(timezone.localdate()) for certificate in Certificate.objects.all()
    }

    assert {CertificateState.VALID, CertificateState.EXPIRED, CertificateState.REVOKED} <= states


def test_demo_has_the_four_volunteer_groups_with_pending_applications_and_two_mentors():
    assert VolunteerGroup.objects.count() == 4
    assert VolunteerGroup.objects.filter(applications__state="pending").distinct().count() == 3
    assert Mentor.objects.count() == 2
