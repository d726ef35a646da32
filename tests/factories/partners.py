import factory
from django.utils import timezone

from partners.enums import PartnershipState, PartnerType
from partners.levels import ensure_levels
from partners.models import Partnership
from tests.factories.members import MemberFactory


def level(code="technical"):
    """One of the four levels the data migration creates (restored after a flush)."""
    return ensure_levels()[code]


class PartnershipFactory(factory.django.DjangoModelFactory):
    """An application for the technical level, waiting for qualification review."""

    class Meta:
        model = Partnership

    class Params:
        active = factory.Trait(
            state=PartnershipState.ACTIVE,
            signed_on=factory.LazyFunction(lambda: timezone.localdate().replace(month=1, day=1)),
            term_years=1,
            term_ends_on=factory.LazyAttribute(
                lambda p: p.signed_on.replace(year=p.signed_on.year + 1)
            ),
        )

    level = factory.LazyFunction(level)
    partner_type = PartnerType.MONITORING_VENDOR
    applicant = factory.SubFactory(MemberFactory)
    organization_name = factory.Sequence(lambda n: f"Grafino {n}")
    website = factory.LazyAttribute(
        lambda p: f"https://{p.organization_name.lower().replace(' ', '')}.example.com"
    )
    description = "Dashboards and alerting built on the project."
    qualifications = "Ships the exporter; one engineer reviews upstream."
    contact_name = "Zhao Min"
    contact_email = "partners@grafino.example.com"
    state = PartnershipState.SUBMITTED
