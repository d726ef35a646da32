"""A member switches the portal to Français with the footer's switcher and walks one
journey of each app in French: saves a program application as a draft, applies for a
certification, registers for a station's event and submits a blog post to a campaign.

Texts are looked up in the French catalogs, and each must differ from the English: a
page that fell back to English fails.
"""

import re

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.text import capfirst
from playwright.sync_api import expect

from members.models import User
from tests.factories.members import DEFAULT_PASSWORD, CertificationLevelFactory, MemberFactory
from tests.factories.programs import ProgramFactory
from tests.factories.stations import EventFactory, StationFactory
from tests.factories.submissions import CampaignFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        "fr" not in dict(settings.LANGUAGES),
        reason="French is not in settings.LANGUAGES yet (it comes with the branch `french`)",
    ),
]


def fr(message, **values):
    """The French of an interface text, which must be translated."""
    with translation.override("fr"):
        french = translation.gettext(message)
    assert french != message, f"no French for {message!r}"
    return french % values if values else french


def label(message):
    """A field's French label as the form draws it: capitalized, with the language's
    label suffix (" :" in French)."""
    return re.compile(rf"^{re.escape(capfirst(fr(message)))}\s*:?$")


def test_a_member_switches_to_french_and_walks_each_app(page):
    member = MemberFactory(email="mei@example.com", display_name="Mei Chen")
    program = ProgramFactory(title="Co-construction 2026")
    CertificationLevelFactory(name="Foundation", slug="foundation")
    station = StationFactory(name="Shanghai", slug="shanghai")
    EventFactory(station=station, title="Observability night")
    CampaignFactory(title="Co-write the advanced tutorial")

    page.goto("/accounts/login/")
    page.locator("#id_login").fill(member.email)
    page.locator("#id_password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign In").click()

    # The language switcher in the footer; the member keeps the choice.
    page.get_by_label("Language").select_option("fr")
    page.get_by_role("button", name="Switch").click()
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    navigation = page.get_by_role("navigation", name=fr("Main"))
    expect(navigation.get_by_role("link", name=fr("Inbox"))).to_be_visible()
    expect(page.get_by_label(fr("Language"))).to_have_value("fr")
    assert User.objects.get(pk=member.pk).preferred_language == "fr"

    # Programs: a draft application.
    navigation.get_by_role("link", name=fr("Programs")).click()
    page.get_by_role("link", name=program.title).first.click()
    page.get_by_role("link", name=fr("Apply")).first.click()
    expect(
        page.get_by_role("heading", name=fr("Apply to %(title)s", title=program.title))
    ).to_be_visible()
    page.get_by_label(label("organization")).fill("Northwind Data")
    page.get_by_role("button", name=fr("Save draft")).click()
    expect(
        page.get_by_text(fr("Your draft is saved. You can come back to it from your applications."))
    ).to_be_visible()

    # Members: a certification application.
    page.goto("/members/certifications/")
    page.get_by_role("link", name=fr("Apply")).first.click()
    page.get_by_label(fr("What qualifies you")).fill("J'ai suivi le cours et le projet pratique.")
    page.get_by_role("button", name=fr("Send the application")).click()
    expect(
        page.get_by_text(
            fr("Your application is sent. Reviewers start with the eligibility review.")
        )
    ).to_be_visible()

    # Stations: a seat at the next event.
    navigation.get_by_role("link", name=fr("Stations")).click()
    page.get_by_role("link", name="Shanghai").first.click()
    page.get_by_role("link", name="Observability night").first.click()
    page.get_by_role("button", name=fr("Register")).click()
    expect(page.get_by_test_id("registration-state")).to_have_text(fr("You are registered."))

    # Submissions: a blog post for the campaign.
    navigation.get_by_role("link", name=fr("Campaigns")).click()
    page.get_by_role("link", name="Co-write the advanced tutorial").click()
    page.get_by_role("link", name=fr("Submit your content")).click()
    page.get_by_label(fr("Title")).fill("Sauvegarde et restauration sur NFS")
    page.get_by_label(fr("Channel")).select_option(label=fr("Blog post"))
    page.get_by_label("URL").fill("https://blog.example.org/sauvegarde-nfs")
    page.get_by_label(fr("Summary")).fill("Pas à pas, avec les commandes utilisées.")
    page.get_by_role("button", name=fr("Submit"), exact=True).click()
    expect(
        page.get_by_text(
            fr(
                "Thank you! “%(title)s” is waiting for review.",
                title="Sauvegarde et restauration sur NFS",
            )
        )
    ).to_be_visible()

    assert page.console_errors == []  # a CSP violation would show up here
