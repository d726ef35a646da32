"""An organization applies to the partner program from the partners page, with its logo;
a field it got wrong is marked and nothing typed is lost; once reviewers qualify it and
record the signed agreement, it is listed under its level with its logo."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from partners import services
from partners.levels import ensure_levels
from partners.models import Partnership
from tests.browser.test_submissions_journey import sign_in
from tests.factories.members import MemberFactory, ReviewerFactory
from tests.factories.programs import png_bytes

pytestmark = pytest.mark.django_db(transaction=True)


def test_apply_to_the_partner_program_and_be_listed_after_approval(page, live_server):
    ensure_levels()
    member = MemberFactory()
    reviewer = ReviewerFactory()

    sign_in(page, member.email)
    page.goto("/partners/")
    expect(page.get_by_text("No partner yet")).to_be_visible()
    page.get_by_role("link", name="Become a partner").click()
    page.get_by_label("Technical partner").check()
    page.get_by_label("Type of partner").select_option("monitoring_vendor")
    page.locator("#id_organization_name").fill("Grafino")
    page.locator("#id_logo").set_input_files(
        {"name": "logo.png", "mimeType": "image/png", "buffer": png_bytes((240, 96))}
    )
    page.get_by_label("Public description").fill("Dashboards and alerting built on the project.")
    page.get_by_label("How you meet the commitments").fill("We maintain the exporter.")
    page.get_by_label("Contact person").fill("Zhao Min")
    page.get_by_label("Contact e-mail").fill("partners@grafino.example.com")
    page.get_by_role("button", name="Send the application").click()

    # The website was left out: marked beside its field, the rest kept.
    expect(page.get_by_text("Needed, unless you choose a program participation.")).to_be_visible()
    expect(page.get_by_label("Public description")).to_have_value(
        "Dashboards and alerting built on the project."
    )
    page.get_by_label("Website").fill("https://grafino.example.com")
    page.locator("#id_logo").set_input_files(
        {"name": "logo.png", "mimeType": "image/png", "buffer": png_bytes((240, 96))}
    )
    page.get_by_role("button", name="Send the application").click()

    expect(page.get_by_text("Your application is sent.")).to_be_visible()
    expect(page.get_by_test_id("partnership-state")).to_have_text("applied")

    partnership = Partnership.objects.get(organization_name="Grafino")
    services.partnership_start_review(partnership=partnership, actor=reviewer)
    services.partnership_qualify(partnership=partnership, actor=reviewer)
    services.partnership_sign(
        partnership=partnership, actor=reviewer, signed_on=timezone.localdate(), term_years=1
    )

    page.reload()
    expect(page.get_by_test_id("partnership-state")).to_have_text("active")
    page.goto("/partners/")
    technical = page.get_by_test_id("level-technical")
    expect(technical.get_by_role("link", name="Grafino")).to_be_visible()
    expect(technical.get_by_role("img", name="Logo of Grafino")).to_be_visible()
