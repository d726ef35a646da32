"""The profile a member edits, the public profile, and the language a member chose."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from tests.factories.members import (
    CertificateFactory,
    CertificationLevelFactory,
    MemberFactory,
)

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


def test_a_members_switch_needs_the_csrf_token_a_visitors_does_not(member):
    from django.test import Client

    visitor, signed_in = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    signed_in.force_login(member)
    form = {"language": "zh-hans", "next": "/"}

    assert visitor.post(reverse("set_language"), form).status_code == 302
    assert signed_in.post(reverse("set_language"), form).status_code == 403
    member.refresh_from_db()
    assert member.preferred_language == "en"
    page = signed_in.get("/").content.decode()
    token = page.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    assert (
        signed_in.post(reverse("set_language"), {**form, "csrfmiddlewaretoken": token}).status_code
        == 302
    )
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


# --- The full profile ---------------------------------------------------------------------


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 40), color=(200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def profile_data(**changes):
    return {
        "display_name": "Lin Wei",
        "preferred_language": "en",
        "bio": "I trace **everything**.",
        "city": "Shanghai",
        "organization": "Fudan",
        "github_handle": "linwei",
        "languages": "中文, English",
        **changes,
    }


def test_member_edits_the_whole_public_profile(member_client, member):
    member_client.post(PROFILE, profile_data())

    member.refresh_from_db()
    assert (member.city, member.organization, member.github_handle, member.languages) == (
        "Shanghai",
        "Fudan",
        "linwei",
        "中文, English",
    )


@pytest.mark.parametrize(
    "typed", ["@linwei", "https://github.com/linwei", "github.com/linwei/", " linwei "]
)
def test_github_handle_is_taken_however_it_is_pasted(member_client, member, typed):
    member_client.post(PROFILE, profile_data(github_handle=typed))

    member.refresh_from_db()
    assert member.github_handle == "linwei"


def test_bad_github_handle_keeps_everything_typed_with_a_message(member_client, member):
    response = member_client.post(PROFILE, profile_data(github_handle="-no-", city="Typed City"))

    page = response.content.decode()
    assert "Enter a GitHub user name" in page
    assert 'value="Typed City"' in page
    member.refresh_from_db()
    assert member.city == ""


def test_avatar_is_re_encoded_and_shown_on_the_profile(member_client, member, client):
    upload = SimpleUploadedFile("me.png", png_bytes(), content_type="image/png")

    member_client.post(PROFILE, {**profile_data(), "avatar": upload})

    member.refresh_from_db()
    assert member.avatar.name.startswith("avatars/")
    assert member.avatar.name != "avatars/me.png"
    page = member_client.get(member.get_absolute_url()).content.decode()
    assert member.avatar.url in page


def test_a_file_that_is_not_an_image_is_refused_beside_the_field(member_client, member):
    upload = SimpleUploadedFile("me.png", b"<svg onload=alert(1)>", content_type="image/png")

    response = member_client.post(PROFILE, {**profile_data(), "avatar": upload})

    assert "not a PNG, JPEG or WebP image" in response.content.decode()
    member.refresh_from_db()
    assert not member.avatar


def test_profile_form_edits_only_the_signed_in_member(member_client, member, other_member):
    member_client.post(PROFILE, {**profile_data(city="Hacked"), "id": other_member.pk})

    other_member.refresh_from_db()
    assert other_member.city == ""


def test_public_profile_shows_the_profile_but_never_the_email(client):
    member = MemberFactory(
        display_name="Lin Wei",
        email="lin.private@example.com",
        city="Shanghai",
        bio="Hello <script>alert(1)</script> **world**",
        github_handle="linwei",
    )

    page = client.get(reverse("members:profile", args=[member.username])).content.decode()

    assert "Lin Wei" in page
    assert "Shanghai" in page
    assert "<strong>world</strong>" in page
    assert "<script>alert(1)" not in page
    assert 'href="https://github.com/linwei"' in page
    assert "lin.private" not in page


def test_public_profile_includes_the_other_apps_sections(client, member):
    response = client.get(member.get_absolute_url())

    used = {template.name for template in response.templates}
    assert {
        "submissions/_profile_section.html",
        "programs/_profile_section.html",
        "stations/_profile_section.html",
        "recognition/_profile_section.html",
    } <= used
    assert response.context["profile_member"] == member


def test_profile_of_an_inactive_or_unknown_member_is_not_found(client):
    inactive = MemberFactory(is_active=False)

    assert client.get(reverse("members:profile", args=[inactive.username])).status_code == 404
    assert client.get(reverse("members:profile", args=["nobody"])).status_code == 404


def test_own_profile_links_to_the_edit_page_and_others_do_not(member_client, member, other_member):
    own = member_client.get(member.get_absolute_url()).content.decode()
    other = member_client.get(other_member.get_absolute_url()).content.decode()

    assert "Edit your profile" in own
    assert "Edit your profile" not in other


def test_edit_page_links_to_the_public_profile(member_client, member):
    page = member_client.get(PROFILE).content.decode()

    assert reverse("members:profile", args=[member.username]) in page


@pytest.mark.parametrize("rows", [1, 50])
def test_profile_page_queries_do_not_grow_with_certificates(
    client, django_assert_num_queries, rows
):
    member = MemberFactory()
    level = CertificationLevelFactory()
    CertificateFactory.create_batch(rows, holder=member, level=level)

    # member with tier, certificates with levels, volunteer groups, mentor; then the
    # other apps' sections: points, contribution calendar, selected content,
    # participations, stations, titles, stars
    with django_assert_num_queries(11):
        response = client.get(member.get_absolute_url())

    assert len(response.context["certificates"]) == rows
