"""The base layout: landmarks, navigation, local assets, messages."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_home_page_has_the_landmarks_and_a_skip_link(client):
    page = client.get(reverse("home")).content.decode()

    assert '<a class="skip-link" href="#main">' in page
    assert '<main id="main"' in page
    assert "<header" in page
    assert '<nav id="site-nav"' in page
    assert "<footer" in page
    assert '<html lang="en">' in page


def test_every_asset_is_served_by_the_site_itself(client):
    page = client.get(reverse("home")).content.decode()
    # Links to the page's own addresses (canonical, languages, feeds) are not assets.
    assets = re.findall(
        r'<(?:script|link(?! rel="(?:canonical|alternate)")|img)[^>]+(?:src|href)="([^"]+)"',
        page,
    )

    assert assets
    for asset in assets:
        assert asset.startswith("/"), asset
        assert not asset.startswith("//"), asset
        assert client.get(asset).status_code == 200, asset


def test_no_inline_script_or_style_in_the_layout(member_client):
    page = member_client.get(reverse("notifications:inbox")).content.decode()

    assert re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page) is None
    assert "<style" not in page
    assert ' style="' not in page
    assert re.search(r"\son[a-z]+=", page) is None


def test_anonymous_header_offers_sign_in_and_sign_up(client):
    page = client.get(reverse("home")).content.decode()

    assert reverse("account_login") in page
    assert reverse("account_signup") in page
    assert reverse("notifications:inbox") not in page


def test_signed_in_header_offers_inbox_profile_and_sign_out(member_client, member):
    page = member_client.get(reverse("home")).content.decode()

    assert reverse("notifications:inbox") in page
    assert member.public_name in page
    assert f'action="{reverse("account_logout")}"' in page


def test_footer_shows_the_configured_community(client, settings):
    settings.COMMUNITY_NAME = "openGemini"
    settings.CODE_OF_CONDUCT_URL = "https://example.org/coc"
    settings.CONTACT_EMAIL = "hello@example.org"

    page = client.get(reverse("home")).content.decode()

    assert "openGemini" in page
    assert 'href="https://example.org/coc"' in page
    assert "mailto:hello@example.org" in page


def test_flash_messages_are_announced(member_client, member):
    from community_portal.notifications.models import Notification

    Notification.objects.create(recipient=member, subject="Hello")

    response = member_client.post(reverse("notifications:mark_all_read"), follow=True)

    page = response.content.decode()
    assert 'role="status" aria-live="polite"' in page
    assert 'class="message message--success">All notifications are marked as read.<' in page


def test_favicon_points_at_the_logo(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 301
    assert response.url == "/static/img/logo.svg"


def test_missing_page_is_explained_inside_the_layout(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    page = response.content.decode()
    assert "Page not found" in page
    assert '<main id="main"' in page


def test_refused_page_is_explained_inside_the_layout(member_client):
    response = member_client.get(reverse("admin:login"))

    assert response.status_code == 403
    page = response.content.decode()
    assert "You don't have permission to do this here." in page
    assert '<main id="main"' in page


def test_header_marks_the_open_section_on_each_page(client):
    sections = [
        reverse("stations:directory"),
        reverse("submissions:leaderboard"),
        reverse("programs:showcase"),
    ]
    for url in sections:
        html = client.get(url).content.decode()
        for section in sections:
            marked = f'href="{section}" aria-current="page"' in html
            assert marked == (section == url)
