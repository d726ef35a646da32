"""``make run`` shows partners on the partners page, and one application in review."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from partners.enums import PartnershipState
from partners.models import Partnership

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _development_mode(settings):
    settings.DEBUG = True


def test_the_demo_shows_active_partners_with_logos_and_is_safe_to_run_again(client):
    call_command("seed_demo")
    call_command("seed_demo")

    active = Partnership.objects.filter(state=PartnershipState.ACTIVE)
    assert sorted(active.values_list("organization_name", flat=True)) == [
        "Cloudlake",
        "Northwind Data",
    ]
    assert all(partner.logo for partner in active)
    assert Partnership.objects.get(organization_name="Open Campus Lab").state == (
        PartnershipState.IN_REVIEW
    )
    page = client.get(reverse("partners:list")).content.decode()
    assert "Cloudlake" in page and "Northwind Data" in page
