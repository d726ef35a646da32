"""Demo data: two active partners on the partners page (one applied with its program
participation, so its logo comes from there), one in qualification review, and a
term that ends within the month so the evaluation reminder has something to say."""

from datetime import timedelta

from django.utils import timezone

from members.models import User
from partners import services
from partners.enums import LevelCode, PartnerType
from partners.levels import ensure_levels
from partners.models import Partnership
from programs.demo import demo_logo
from programs.models import Application


def seed():
    reviewer = User.objects.filter(username="reviewer").first()
    if reviewer is None or Partnership.objects.exists():
        return None
    levels = ensure_levels()
    today = timezone.localdate()

    northwind = Application.objects.filter(organization_name="Northwind Data").first()
    if northwind is not None:
        partnership = services.partnership_apply(
            applicant=northwind.applicant,
            level=levels[LevelCode.TECHNICAL],
            participation=northwind,
            details=services.PartnerDetails(
                organization_name="",
                website="",
                partner_type=PartnerType.TECHNOLOGY_VENDOR,
                description="Wind-farm telemetry platform built on the project; "
                "contributes the IoT ingestion connector.",
                qualifications="Maintains the IoT connector upstream; two engineers review "
                "storage-engine pull requests.",
                contact_name="Lin Wei",
                contact_email="partners@northwind.example.com",
            ),
        )
        _activate(partnership, reviewer, signed_on=today - timedelta(days=200))

    member = User.objects.get(username="member")
    cloud = services.partnership_apply(
        applicant=member,
        level=levels[LevelCode.STRATEGIC],
        logo=demo_logo("#0f766e", "C"),
        details=services.PartnerDetails(
            organization_name="Cloudlake",
            website="https://cloudlake.example.com",
            partner_type=PartnerType.CLOUD_PROVIDER,
            description="Offers the project as a managed time-series service in 12 regions.",
            qualifications="Long-term roadmap agreed with the maintainers; a managed service "
            "deeply integrated with the project; two full-time maintainers.",
            contact_name="Sofia Rossi",
            contact_email="alliances@cloudlake.example.com",
        ),
    )
    # Signed eleven months ago for one year: the evaluation is due this month.
    _activate(cloud, reviewer, signed_on=today - timedelta(days=340))

    campus = services.partnership_apply(
        applicant=member,
        level=levels[LevelCode.COMMUNITY],
        logo=demo_logo("#9333ea", "O"),
        details=services.PartnerDetails(
            organization_name="Open Campus Lab",
            website="https://opencampus.example.edu",
            partner_type=PartnerType.INDUSTRY_ACADEMIC,
            description="A university lab teaching observability with the project.",
            qualifications="Hosts the campus meetups and writes course material.",
            contact_name="Li Na",
            contact_email="lab@opencampus.example.edu",
        ),
    )
    services.partnership_start_review(partnership=campus, actor=reviewer)
    return None


def _activate(partnership, reviewer, *, signed_on):
    services.partnership_start_review(partnership=partnership, actor=reviewer)
    services.partnership_qualify(partnership=partnership, actor=reviewer, comment="Welcome!")
    services.partnership_sign(
        partnership=partnership, actor=reviewer, signed_on=signed_on, term_years=1
    )
