"""A co-construction application from the form to the showcase: a member applies naming
two colleagues, both confirm, a reviewer approves in the admin, the applicant reads the
decision in the inbox and the showcase shows the new logo."""

import pytest
from playwright.sync_api import expect

from tests.factories.members import DEFAULT_PASSWORD, MemberFactory, ReviewerFactory
from tests.factories.programs import ProgramFactory, png_bytes

pytestmark = pytest.mark.django_db(transaction=True)


def sign_in(page, member):
    page.goto("/accounts/login/")
    page.locator("#id_login").fill(member.email)
    page.locator("#id_password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Inbox")
    ).to_be_visible()


def test_apply_confirm_approve_and_appear_on_the_showcase(page, browser, live_server, tmp_path):
    program = ProgramFactory(title="Co-construction 2026")
    applicant = MemberFactory(username="mei")
    colleagues = [MemberFactory(username="lin"), MemberFactory(username="zhang")]
    reviewer = ReviewerFactory()
    logo = tmp_path / "northwind.png"
    logo.write_bytes(png_bytes(size=(200, 80)))

    # The applicant fills in the form and saves a draft.
    sign_in(page, applicant)
    page.goto(program.get_absolute_url())
    page.get_by_role("link", name="Apply").click()
    page.get_by_label("Organization").fill("Northwind Data")
    page.get_by_label("Website").fill("https://northwind.example.com")
    page.get_by_label("Logo").set_input_files(str(logo))
    page.get_by_label("Contact person").fill("Mei Chen")
    page.get_by_label("Contact e-mail").fill("mei@northwind.example.com")
    page.get_by_label("How you use the project").fill("Wind-farm telemetry in production.")
    page.get_by_label("Used in a production environment").check()
    page.get_by_label("Named community members").fill("lin\nzhang")
    page.get_by_label("I agree to follow the code of conduct").check()
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_role("heading", name="Northwind Data", level=1)).to_be_visible()
    expect(page.get_by_text("2 named members needed have confirmed")).to_be_visible()
    application_url = page.url

    # Both colleagues open the request from their inbox and confirm.
    for colleague in colleagues:
        context = browser.new_context(base_url=live_server.url, locale="en-US")
        colleague_page = context.new_page()
        sign_in(colleague_page, colleague)
        colleague_page.goto("/inbox/")
        colleague_page.get_by_role("button", name="Open").first.click()
        colleague_page.get_by_role("button", name="Confirm").click()
        expect(colleague_page.get_by_text("you confirmed being named")).to_be_visible()
        context.close()

    # Now the applicant can submit.
    page.goto(application_url)
    expect(page.get_by_text("Everything is ready")).to_be_visible()
    page.get_by_role("button", name="Submit for review").click()
    expect(page.get_by_text("Your application is submitted.")).to_be_visible()

    # A reviewer starts the review from the list, then approves on the application's page.
    context = browser.new_context(base_url=live_server.url, locale="en-US")
    admin_page = context.new_page()
    admin_errors = []
    admin_page.on(
        "console",
        lambda message: (
            message.type == "error"
            and not message.location.get("url", "").endswith("/favicon.ico")
            and admin_errors.append(message.text)
        ),
    )
    sign_in(admin_page, reviewer)
    admin_page.goto("/admin/programs/application/")
    admin_page.get_by_role("row", name="Northwind Data").get_by_role("checkbox").check()
    admin_page.locator("select[name=action]").select_option("start_review")
    admin_page.get_by_role("button", name="Go").click()
    admin_page.get_by_role("button", name="Start the review").click()
    expect(admin_page.get_by_text("1 application is now in review.")).to_be_visible()
    admin_page.get_by_role("link", name="Northwind Data").click()
    admin_page.get_by_role("link", name="Move to: approved").click()
    admin_page.get_by_label("Comment to the applicant").fill("Welcome aboard!")
    admin_page.get_by_label("Internal note").fill("References checked.")
    admin_page.get_by_role("button", name="Approve").click()
    expect(admin_page.get_by_text("1 application is now approved.")).to_be_visible()
    context.close()

    # The applicant reads the decision in the inbox, without the internal note.
    page.goto("/inbox/")
    expect(page.get_by_text("Approved: Northwind Data joins Co-construction 2026")).to_be_visible()
    expect(page.get_by_text("Welcome aboard!")).to_be_visible()
    expect(page.get_by_text("References checked.")).to_have_count(0)

    # The showcase shows the new participant with its logo.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Showcase").click()
    logo_image = page.get_by_role("img", name="Logo of Northwind Data")
    expect(logo_image).to_be_visible()
    assert logo_image.evaluate("image => image.naturalWidth") == 200

    assert admin_errors == []
    assert page.console_errors == []  # a CSP violation would show up here
