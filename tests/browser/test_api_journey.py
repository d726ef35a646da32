"""The API's docs page works under the site's Content-Security-Policy, and a member
makes a token on their account page and reads their own data with it."""

import pytest
from playwright.sync_api import expect

from tests.factories.members import DEFAULT_PASSWORD, MemberFactory
from tests.factories.programs import ProgramFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_docs_page_runs_and_calls_the_api_without_policy_violations(page):
    ProgramFactory(title="Docs program")
    violations = []
    page.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text and violations.append(message.text)
        ),
    )

    page.goto("/api/v1/docs")
    page.locator("#operations-programs-programs_list").click()
    page.get_by_role("button", name="Execute").click()

    expect(page.locator(".live-responses-table")).to_contain_text("Docs program")
    assert violations == []
    assert page.console_errors == []


def test_member_makes_a_token_and_reads_their_own_data(page, live_server):
    member = MemberFactory(email="token-maker@example.org", username="token-maker")
    page.goto("/accounts/login/")
    page.locator("#id_login").fill(member.email)
    page.locator("#id_password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign In").click()

    page.goto("/accounts/api-tokens/")
    page.get_by_label("Token name").fill("my script")
    page.get_by_role("button", name="Make the token").click()
    token = page.get_by_test_id("new-token").inner_text()

    answer = page.request.get(
        f"{live_server.url}/api/v1/me", headers={"Authorization": f"Bearer {token}"}
    )
    assert answer.json()["username"] == "token-maker"

    page.get_by_role("button", name="Revoke my script").click()
    expect(page.get_by_text("is revoked")).to_be_visible()
    refused = page.request.get(
        f"{live_server.url}/api/v1/me", headers={"Authorization": f"Bearer {token}"}
    )
    assert refused.status == 401
