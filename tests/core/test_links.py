"""Every link that leaves the site points at the running portal (SITE_URL, Site 1)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.sites.models import Site
from django.core import mail
from django.urls import reverse

from community_portal.core.sites import sync_site
from tests.factories.members import DEFAULT_PASSWORD, CertificateFactory

BASE_DIR = Path(settings.BASE_DIR)


def _settings_in_a_fresh_process(**environment) -> dict:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "community_portal.settings", **environment}
    env.pop("SITE_URL", None)
    probe = (
        "import json, django; django.setup(); from django.conf import settings; "
        "print(json.dumps({'SITE_URL': settings.SITE_URL}))"
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", probe], cwd=BASE_DIR, env=env, check=True, capture_output=True
    )
    return json.loads(result.stdout.decode().strip().splitlines()[-1])


def test_site_url_defaults_to_the_port_make_run_serves():
    assert _settings_in_a_fresh_process(PORT="8101")["SITE_URL"] == "http://127.0.0.1:8101"


def test_make_run_exports_the_port_and_debug():
    # A stand-in prerequisite of `run` prints what `run`'s commands would see and
    # stops make before it installs, migrates or serves anything.
    env = {key: value for key, value in os.environ.items() if key not in ("DEBUG", "PORT")}
    result = subprocess.run(
        [  # noqa: S607
            "make",
            "-s",
            "-o",
            ".venv/.installed-base",
            "--eval",
            "show-env: ; @echo PORT=$$PORT DEBUG=$$DEBUG; exit 3",
            "--eval",
            "run: show-env",
            "run",
            "PORT=8101",
        ],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )

    assert "PORT=8101 DEBUG=1" in result.stdout


@pytest.mark.django_db
def test_migrate_gives_site_one_the_community_name_and_the_site_url(settings):
    settings.SITE_URL = "http://127.0.0.1:8101"
    settings.COMMUNITY_NAME = "openGemini"
    Site.objects.filter(pk=settings.SITE_ID).update(domain="example.com", name="example.com")

    sync_site()

    site = Site.objects.get_current()
    assert (site.domain, site.name) == ("127.0.0.1:8101", "openGemini")


@pytest.mark.django_db
def test_sign_up_email_greets_from_the_community_not_example_com(client, settings):
    settings.COMMUNITY_NAME = "openGemini"
    sync_site()

    client.post(
        reverse("account_signup"),
        {
            "email": "new@example.com",
            "username": "newcomer",
            "password1": DEFAULT_PASSWORD,
            "password2": DEFAULT_PASSWORD,
        },
    )

    body = mail.outbox[-1].body
    assert "Hello from openGemini" in body
    assert "example.com!" not in body


@pytest.mark.django_db
def test_certificate_links_qr_and_badge_ids_follow_site_url(client, settings):
    settings.SITE_URL = "http://127.0.0.1:8101"
    certificate = CertificateFactory()
    page_path = certificate.get_absolute_url()

    printable = client.get(reverse("members:certificate_print", args=[certificate.number]))
    credential = client.get(reverse("members:certificate_credential", args=[certificate.number]))

    assert f"http://127.0.0.1:8101{page_path}" in printable.content.decode()
    ids = json.dumps(json.loads(credential.content))
    assert "127.0.0.1:8000" not in ids
    assert f'"http://127.0.0.1:8101{page_path}"' in ids
