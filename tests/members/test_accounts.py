"""Accounts with allauth: sign-up, verification, login, reset, e-mail change, limits."""

import json
import os
import re
import subprocess
import sys

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import mail
from django.urls import reverse

from community_portal.notifications.models import Notification
from members.models import User
from tests.factories.members import DEFAULT_PASSWORD, MemberFactory

pytestmark = pytest.mark.django_db

SIGNUP = reverse("account_signup")
LOGIN = reverse("account_login")


def sign_up(client, email="new@example.com", username="newcomer"):
    return client.post(
        SIGNUP,
        {
            "email": email,
            "username": username,
            "password1": DEFAULT_PASSWORD,
            "password2": DEFAULT_PASSWORD,
        },
    )


def confirmation_link(message) -> str:
    return re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+/)", message.body).group(1)


def test_sign_up_requires_verifying_the_address_before_logging_in(
    client, django_capture_on_commit_callbacks
):
    response = sign_up(client)

    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    user = User.objects.get(username="newcomer")
    assert not EmailAddress.objects.get(user=user).verified
    assert "_auth_user_id" not in client.session

    login = client.post(LOGIN, {"login": "new@example.com", "password": DEFAULT_PASSWORD})
    assert login.url == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session


def test_verification_link_verifies_and_welcomes_once(client, django_capture_on_commit_callbacks):
    sign_up(client)
    link = confirmation_link(mail.outbox[-1])

    with django_capture_on_commit_callbacks(execute=True):
        client.post(link)
        client.post(link)

    user = User.objects.get(username="newcomer")
    assert EmailAddress.objects.get(user=user).verified
    assert Notification.objects.filter(recipient=user).count() == 1
    response = client.post(LOGIN, {"login": "new@example.com", "password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_sign_up_keeps_the_language_it_was_made_in(client):
    client.cookies["django_language"] = "zh-hans"

    sign_up(client)

    assert User.objects.get(username="newcomer").preferred_language == "zh-hans"


def test_sign_up_with_a_taken_address_does_not_reveal_the_account(client):
    MemberFactory(email="taken@example.com")

    response = sign_up(client, email="TAKEN@example.com", username="someone")

    # Same answer as for a new address; the owner gets an e-mail instead.
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    assert User.objects.filter(email__iexact="taken@example.com").count() == 1


def test_password_reset_does_not_reveal_whether_an_address_exists(client):
    MemberFactory(email="known@example.com")
    url = reverse("account_reset_password")

    known = client.post(url, {"email": "known@example.com"})
    unknown = client.post(url, {"email": "nobody@example.com"})

    assert known.status_code == unknown.status_code == 302
    assert known.url == unknown.url


def test_repeated_failed_logins_lock_the_account_for_a_while(client):
    MemberFactory(email="target@example.com")
    for _ in range(5):
        client.post(LOGIN, {"login": "target@example.com", "password": "wrong-guess"})

    response = client.post(LOGIN, {"login": "target@example.com", "password": DEFAULT_PASSWORD})

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "Too many failed login attempts" in response.content.decode()


def test_sign_up_is_rate_limited_per_address(client):
    for i in range(20):
        sign_up(client, email=f"bulk{i}@example.com", username=f"bulk{i}")

    response = sign_up(client, email="bulk-last@example.com", username="bulklast")

    assert response.status_code == 429
    assert not User.objects.filter(username="bulklast").exists()


def test_admin_login_goes_through_the_throttled_login(client):
    response = client.get(reverse("admin:login"))

    assert response.status_code == 302
    assert response.url.startswith(LOGIN)


def test_admin_refuses_a_signed_in_member_who_is_not_staff(member_client):
    response = member_client.get(reverse("admin:login"))

    assert response.status_code == 403


def test_github_login_is_hidden_without_keys(client):
    response = client.get(LOGIN)

    assert "GitHub" not in response.content.decode()


@pytest.mark.parametrize("path", ["/accounts/github/login/", "/accounts/github/login/callback/"])
def test_github_urls_do_not_exist_without_keys(client, path):
    response = client.get(path, {"code": "x", "state": "y"})

    assert response.status_code == 404


# Runs in a process whose settings have GitHub keys: the provider is installed
# only then, so its URLs and button cannot be switched on inside this process.
GITHUB_PROBE = """
import json
import django
django.setup()
from django.core.management import call_command
from django.test import Client
call_command("migrate", verbosity=0)
client = Client(HTTP_HOST="127.0.0.1")
print(json.dumps({
    "login_page": client.get("/accounts/login/").content.decode(),
    "start": client.post("/accounts/github/login/").status_code,
    "start_location": client.post("/accounts/github/login/").headers.get("Location", ""),
    "callback": client.get("/accounts/github/login/callback/", {"code": "x"}).status_code,
}))
"""


@pytest.mark.once
def test_github_login_is_offered_and_answers_when_configured(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "community_portal.settings",
        "DEBUG": "1",
        "GITHUB_CLIENT_ID": "client-id",
        "GITHUB_CLIENT_SECRET": "client-secret",
        "DATABASE_URL": "sqlite://:memory:",
        "VAR_DIR": str(tmp_path),
    }
    env.pop("REDIS_URL", None)
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", GITHUB_PROBE],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    answers = json.loads(result.stdout.strip().splitlines()[-1])

    assert "GitHub" in answers["login_page"]
    assert answers["start"] == 302
    assert answers["start_location"].startswith("https://github.com/login/oauth/authorize")
    assert answers["callback"] == 401  # allauth's "login failed" page for a forged callback


def test_change_email_sends_verification_to_the_new_address(member_client, member):
    response = member_client.post(
        reverse("account_email"), {"action_add": "", "email": "fresh@example.com"}
    )

    assert response.status_code == 302
    assert mail.outbox[-1].to == ["fresh@example.com"]
    assert not EmailAddress.objects.get(email="fresh@example.com").verified
    member.refresh_from_db()
    assert member.email != "fresh@example.com"


def test_database_refuses_two_members_with_one_address_in_different_case():
    from django.db import IntegrityError

    MemberFactory(email="Same@Example.com")
    with pytest.raises(IntegrityError):
        MemberFactory(email="same@example.com")


def test_rate_limits_count_in_a_real_cache():
    from community_portal import settings as project_settings

    backend = project_settings.CACHES["default"]["BACKEND"]
    assert "dummy" not in backend.lower()
    assert project_settings.ACCOUNT_RATE_LIMITS != False  # noqa: E712  (False switches them off)
