"""The three languages: the switcher offers each in its own name, and each one sticks."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import translation

from community_portal.core.admin import permission_label
from tests.factories.members import MemberFactory

pytestmark = pytest.mark.django_db


def test_language_switcher_offers_each_language_in_its_own_name(client):
    page = client.get("/").content.decode()

    assert '<option value="en" lang="en" selected>English</option>' in page
    assert '<option value="zh-hans" lang="zh-hans">简体中文</option>' in page
    assert '<option value="fr" lang="fr">français</option>' in page


def test_switching_to_french_shows_the_site_in_french(client):
    response = client.post(reverse("set_language"), {"language": "fr", "next": "/"}, follow=True)

    page = response.content.decode()
    assert '<html lang="fr">' in page
    assert "Rejoindre la communauté" in page


def test_a_browser_asking_for_french_gets_french(client):
    response = client.get("/", headers={"accept-language": "fr-FR,fr;q=0.9,en;q=0.5"})

    assert response["Content-Language"] == "fr"


def test_a_member_who_chose_french_reads_french_whatever_the_browser_says(client):
    member = MemberFactory()
    client.force_login(member)
    client.post(reverse("set_language"), {"language": "fr", "next": "/"})

    response = client.get("/", headers={"accept-language": "zh-CN"})

    member.refresh_from_db()
    assert member.preferred_language == "fr"
    assert '<html lang="fr">' in response.content.decode()


def test_permission_names_read_in_the_readers_language():
    add_member = Permission.objects.get(codename="add_user", content_type__app_label="members")
    change_tier = Permission.objects.get(codename="change_member_tier")

    with translation.override("fr"):
        assert permission_label(add_member).endswith("| Ajout\u00a0: membre")
        assert permission_label(change_tier).endswith("| Peut changer le palier d\u2019un membre")
    with translation.override("zh-hans"):
        assert permission_label(add_member).endswith("| 可以添加成员")
