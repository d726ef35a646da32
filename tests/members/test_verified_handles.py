"""GitHub handles verified by signing in with GitHub; forum user names on profiles."""

import pytest
from allauth.account.signals import user_signed_up
from allauth.socialaccount.models import SocialAccount, SocialLogin
from allauth.socialaccount.signals import social_account_added, social_account_updated
from django.db import IntegrityError
from django.urls import reverse

from members.models import User
from tests.factories.members import MemberFactory

pytestmark = pytest.mark.django_db

PROFILE = reverse("members:profile_edit")


def _github_login(user, login, provider="github"):
    account = SocialAccount(user=user, provider=provider, uid="583231", extra_data={"login": login})
    return SocialLogin(user=user, account=account)


def test_signing_up_with_github_verifies_the_handle(member):
    user_signed_up.send(
        sender=User, request=None, user=member, sociallogin=_github_login(member, "OctoCat")
    )

    member.refresh_from_db()
    assert member.github_handle == "OctoCat"
    assert member.github_handle_verified is True


def test_linking_github_replaces_a_typed_handle_with_the_verified_login(member):
    member.github_handle = "someone-else"
    member.save()

    social_account_added.send(
        sender=SocialLogin, request=None, sociallogin=_github_login(member, "octocat")
    )

    member.refresh_from_db()
    assert member.github_handle == "octocat"
    assert member.github_handle_verified is True


def test_signing_in_again_after_a_rename_on_github_follows_it(member):
    social_account_updated.send(
        sender=SocialLogin, request=None, sociallogin=_github_login(member, "octo-renamed")
    )

    member.refresh_from_db()
    assert member.github_handle == "octo-renamed"
    assert member.github_handle_verified is True


@pytest.mark.parametrize("login", ["", None, "bad login!", "-x"])
def test_a_login_github_would_not_give_changes_nothing(member, login):
    social_account_added.send(
        sender=SocialLogin, request=None, sociallogin=_github_login(member, login)
    )

    member.refresh_from_db()
    assert member.github_handle == ""
    assert member.github_handle_verified is False


def test_another_provider_verifies_nothing(member):
    social_account_added.send(
        sender=SocialLogin, request=None, sociallogin=_github_login(member, "octocat", "gitlab")
    )

    member.refresh_from_db()
    assert member.github_handle_verified is False


def test_typed_handle_shows_as_unverified_on_the_profile(client):
    member = MemberFactory(github_handle="octocat")

    page = client.get(member.get_absolute_url()).content.decode()

    assert "@octocat" in page
    assert "unverified" in page


def test_verified_handle_shows_as_verified_on_the_profile(client):
    member = MemberFactory(github_handle="octocat", github_handle_verified=True)

    page = client.get(member.get_absolute_url()).content.decode()

    assert ">verified<" in page
    assert "unverified" not in page


def _save_profile(client, **fields):
    data = {"display_name": "Lin", "preferred_language": "en", **fields}
    return client.post(PROFILE, data)


def test_changing_the_handle_by_hand_clears_verification(member_client, member):
    member.github_handle = "octocat"
    member.github_handle_verified = True
    member.save()

    _save_profile(member_client, github_handle="octodog")

    member.refresh_from_db()
    assert member.github_handle == "octodog"
    assert member.github_handle_verified is False


def test_saving_the_profile_with_the_same_handle_keeps_verification(member_client, member):
    member.github_handle = "octocat"
    member.github_handle_verified = True
    member.save()

    _save_profile(member_client, github_handle="@OctoCat")

    member.refresh_from_db()
    assert member.github_handle_verified is True


def test_profile_form_says_whether_the_handle_is_verified(member_client, member):
    member.github_handle = "octocat"
    member.save()

    assert "Unverified: typed by hand" in member_client.get(PROFILE).content.decode()


def test_member_adds_a_forum_user_name(member_client, member):
    _save_profile(member_client, forum_username="@zlatan_ob")

    member.refresh_from_db()
    assert member.forum_username == "zlatan_ob"


@pytest.mark.parametrize("name", ["has space", "a..b", ".start", "end-", "x" * 61, "semi;colon"])
def test_bad_forum_user_name_gets_a_message_beside_the_field(member_client, member, name):
    response = _save_profile(member_client, forum_username=name)

    assert response.status_code == 200
    assert response.context["form"].errors["forum_username"]
    member.refresh_from_db()
    assert member.forum_username == ""


def test_forum_user_name_of_another_member_is_refused(member_client, member):
    MemberFactory(forum_username="Zlatan")

    response = _save_profile(member_client, forum_username="zlatan")

    assert response.context["form"].errors["forum_username"] == [
        "Another member gave this forum user name."
    ]


def test_database_keeps_forum_user_names_unique_ignoring_case():
    MemberFactory(forum_username="Zlatan")

    with pytest.raises(IntegrityError):
        MemberFactory(forum_username="zlatan")


def test_admin_shows_whether_the_handle_is_verified(client, db):
    admin_user = MemberFactory(is_staff=True, is_superuser=True)
    member = MemberFactory(github_handle="octocat")
    client.force_login(admin_user)

    page = client.get(reverse("admin:members_user_change", args=[member.pk])).content.decode()

    assert "unverified (typed by hand)" in page


def test_admin_changing_the_handle_clears_verification(client, db):
    admin_user = MemberFactory(is_staff=True, is_superuser=True)
    member = MemberFactory(github_handle="octocat", github_handle_verified=True)
    client.force_login(admin_user)
    url = reverse("admin:members_user_change", args=[member.pk])
    form = client.get(url).context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and name not in ("groups", "user_permissions", "avatar", "tier")
    }
    data.update(
        {
            "github_handle": "octodog",
            "date_joined_0": member.date_joined.strftime("%Y-%m-%d"),
            "date_joined_1": member.date_joined.strftime("%H:%M:%S"),
            "tier_changes-TOTAL_FORMS": "0",
            "tier_changes-INITIAL_FORMS": "0",
        }
    )
    data.pop("date_joined", None)
    data.pop("last_login", None)

    response = client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    member.refresh_from_db()
    assert member.github_handle == "octodog"
    assert member.github_handle_verified is False


@pytest.mark.parametrize(
    ("handle", "verified", "shown"),
    [("octocat", True, True), ("octocat", False, False), ("", True, False)],
)
def test_api_profile_says_whether_the_handle_is_verified(client, handle, verified, shown):
    MemberFactory(username="sofia", github_handle=handle, github_handle_verified=verified)

    body = client.get("/api/v1/members/sofia").json()

    assert (body["github_handle"], body["github_handle_verified"]) == (handle, shown)
