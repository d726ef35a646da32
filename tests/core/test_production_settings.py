"""Production mode (DEBUG off), run in a separate process with a production environment."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)
# Its production process has a SQLite database of its own, whatever the pass's.
pytestmark = pytest.mark.embedded

# Runs inside the production-mode process: a login that sets the session cookie,
# then the headers of a page.
PROBE = """
import json
import django
django.setup()
from django.test import Client
from members.models import User
from allauth.account.models import EmailAddress
user = User.objects.create_user("probe", "probe@example.org", "a-long-probe-password")
EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
client = Client(HTTP_HOST="portal.example.org")
credentials = {"login": "probe@example.org", "password": "a-long-probe-password"}
login = client.post("/accounts/login/", credentials, secure=True)
page = client.get("/", secure=True)
plain = client.get("/", secure=False)
from django.templatetags.static import static
stylesheet = client.get(static("css/portal.css"), secure=True)
probe = Client(HTTP_HOST="10.0.0.7")  # a load balancer: by address, plain HTTP
health = probe.get("/healthz")
ready = probe.get("/readyz")
print(json.dumps({
    "login_status": login.status_code,
    "headers": dict(page.headers),
    "cookies": {name: dict(morsel) for name, morsel in login.cookies.items()},
    "plain_status": plain.status_code,
    "plain_location": plain.headers.get("Location", ""),
    "stylesheet_url": static("css/portal.css"),
    "stylesheet_status": stylesheet.status_code,
    "stylesheet_cache": stylesheet.headers.get("Cache-Control", ""),
    "health_status": health.status_code,
    "ready_status": ready.status_code,
}))
"""


@pytest.fixture(scope="module")
def production_env(tmp_path_factory, migrate_sqlite_file):
    var_dir = tmp_path_factory.mktemp("production")
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "portal.example.org",
        "VAR_DIR": str(var_dir),
        "DATABASE_URL": f"sqlite:///{var_dir / 'db.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "community_portal.settings",
    }
    env.pop("REDIS_URL", None)
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=BASE_DIR,
        env=env,
        check=True,
    )
    migrate_sqlite_file(var_dir / "db.sqlite3", env)
    return env


@pytest.fixture(scope="module")
def production_response(production_env):
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", PROBE],
        cwd=BASE_DIR,
        env=production_env,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_deploy_check_passes_at_warning_level(production_env):
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=production_env,
        capture_output=True,
        text=True,
    )

    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key(production_env):
    env = {**production_env, "SECRET_KEY": ""}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )

    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_hsts_lasts_at_least_a_year(production_response):
    hsts = production_response["headers"]["Strict-Transport-Security"]
    max_age = int(hsts.split("max-age=")[1].split(";")[0])

    assert max_age >= 365 * 24 * 60 * 60
    assert "includeSubDomains" in hsts


def test_content_security_policy_forbids_inline_code(production_response):
    policy = production_response["headers"]["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())

    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"


def test_referrer_nosniff_and_frame_headers(production_response):
    headers = production_response["headers"]

    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"


def test_cookies_are_secure_and_http_only(production_response):
    assert production_response["login_status"] == 302
    cookies = production_response["cookies"]

    for name in ("sessionid", "csrftoken"):
        assert cookies[name]["secure"] is True, name
        assert cookies[name]["httponly"] is True, name


def test_plain_http_is_redirected_to_https(production_response):
    assert production_response["plain_status"] == 301
    assert production_response["plain_location"].startswith("https://portal.example.org/")


def test_static_files_are_served_hashed_and_cached_for_long(production_response):
    assert production_response["stylesheet_status"] == 200
    assert production_response["stylesheet_url"] != "/static/css/portal.css"  # hashed name
    assert "immutable" in production_response["stylesheet_cache"]


def test_probes_answer_by_address_over_plain_http(production_response):
    assert production_response["health_status"] == 200
    assert production_response["ready_status"] == 200
