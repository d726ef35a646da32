"""The minimal profile and the language a member chose."""

import pytest
from django.urls import reverse

from tests.factories.members import MemberFactory

pytestmark = pytest.mark.django_db

PROFILE = reverse("members:profile_edit")


def test_profile_needs_sign_in(client):
    response = client.get(PROFILE)

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_member_edits_display_name_and_language(member_client, member):
    response = member_client.post(
        PROFILE, {"display_name": "  Lin Wei ", "preferred_language": "zh-hans"}, follow=True
    )

    member.refresh_from_db()
    assert member.display_name == "Lin Wei"
    assert member.preferred_language == "zh-hans"
    assert "你的资料已保存。" in response.content.decode()


def test_bad_language_gets_a_message_beside_the_field(member_client, member):
    response = member_client.post(PROFILE, {"display_name": "Lin", "preferred_language": "xx"})

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    member.refresh_from_db()
    assert member.preferred_language == "en"


def test_public_name_never_falls_back_to_the_email_address():
    member = MemberFactory(display_name="", username="quiet", email="quiet@example.com")

    assert str(member) == "quiet"


def test_language_switcher_for_visitors_sets_the_language(client):
    response = client.post(
        reverse("set_language"), {"language": "zh-hans", "next": "/"}, follow=True
    )

    assert response.redirect_chain[-1][0] == "/"
    assert '<html lang="zh-hans">' in response.content.decode()


def test_language_switcher_remembers_a_members_choice(client, member):
    client.force_login(member)

    client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})

    member.refresh_from_db()
    assert member.preferred_language == "zh-hans"


def test_members_language_wins_over_the_browsers(client):
    client.force_login(MemberFactory(preferred_language="zh-hans"))

    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en")

    assert '<html lang="zh-hans">' in response.content.decode()


def test_unknown_language_is_ignored(client, member):
    client.force_login(member)

    response = client.post(reverse("set_language"), {"language": "klingon", "next": "/"})

    assert response.status_code == 302
    member.refresh_from_db()
    assert member.preferred_language == "en"
