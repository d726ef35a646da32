"""Probes, metrics, error reports and logs: what operators and load balancers see."""

import json
import logging
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from community_portal.core.logs import JsonFormatter
from community_portal.notifications.models import Notification
from community_portal.notifications.services import notify
from tests.core.conftest import free_port
from tests.factories.members import MemberFactory

BASE_DIR = Path(settings.BASE_DIR)


def _pending_notification(age=timedelta(0)):
    with transaction.atomic():  # in a test transaction: delivery never runs
        notification = notify(recipient=MemberFactory(), subject="Waiting")
    Notification.objects.filter(pk=notification.pk).update(created_at=timezone.now() - age)
    return notification


# --- /healthz -------------------------------------------------------------------------


def test_healthz_answers_without_touching_the_database(client):
    # No django_db mark: any query would raise.
    response = client.get("/healthz", HTTP_HOST="10.1.2.3")  # a probe asks by address

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


# --- /readyz --------------------------------------------------------------------------


@pytest.mark.django_db
def test_readyz_reports_the_database_and_the_outbox(client):
    _pending_notification(age=timedelta(minutes=10))

    response = client.get("/readyz", HTTP_HOST="10.1.2.3")

    assert response.status_code == 200
    report = response.json()
    assert report["status"] == "ready"
    assert report["checks"]["database"] == "ok"
    assert report["outbox"]["backlog"] == 1
    assert 590 < report["outbox"]["oldest_age_seconds"] < 700


@pytest.mark.django_db
def test_readyz_is_ready_with_redis_and_broker_reachable(client, settings, own_redis):
    _server, _connection, url = own_redis
    settings.REDIS_URL = url
    settings.CELERY_BROKER_URL = url

    report = client.get("/readyz").json()

    assert report["checks"] == {"database": "ok", "redis": "ok", "broker": "ok"}


@pytest.mark.django_db
def test_readyz_answers_503_when_redis_and_broker_are_unreachable(client, settings):
    nowhere = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there
    settings.REDIS_URL = nowhere
    settings.CELERY_BROKER_URL = nowhere

    response = client.get("/readyz")

    assert response.status_code == 503
    report = response.json()
    assert report["status"] == "not ready"
    assert report["checks"]["redis"] == "unreachable"
    assert report["checks"]["broker"] == "unreachable"
    assert "127.0.0.1" not in response.content.decode()  # details stay in the log


@pytest.mark.django_db
def test_readyz_answers_503_when_the_outbox_falls_behind(client, settings):
    settings.READYZ_MAX_OUTBOX_AGE = 300
    _pending_notification(age=timedelta(minutes=10))

    response = client.get("/readyz")

    assert response.status_code == 503
    assert response.json()["checks"]["outbox"] == "behind"


# --- /metrics -------------------------------------------------------------------------


@pytest.mark.django_db
def test_metrics_are_refused_to_an_address_not_allowed(client):
    response = client.get("/metrics", REMOTE_ADDR="203.0.113.9")

    assert response.status_code == 403


@pytest.mark.django_db
def test_metrics_are_served_to_a_scraper_with_the_token(client, settings):
    settings.METRICS_TOKEN = "scrape-secret"

    wrong = client.get("/metrics", REMOTE_ADDR="203.0.113.9", HTTP_AUTHORIZATION="Bearer nope")
    right = client.get(
        "/metrics", REMOTE_ADDR="203.0.113.9", HTTP_AUTHORIZATION="Bearer scrape-secret"
    )

    assert wrong.status_code == 403
    assert right.status_code == 200
    assert right["Content-Type"].startswith("text/plain")


def _metric(page: str, name: str) -> float:
    for line in page.splitlines():
        if line.startswith(name + " ") or line.startswith(name + "{"):
            return float(line.rsplit(" ", 1)[1])
    return 0.0


@pytest.mark.django_db
def test_metrics_show_the_outbox_backlog_and_requests(client):
    _pending_notification(age=timedelta(minutes=2))
    _pending_notification()
    client.get("/")

    page = client.get("/metrics").content.decode()  # the test client comes from 127.0.0.1

    assert _metric(page, "portal_outbox_backlog") == 2
    assert _metric(page, "portal_outbox_oldest_age_seconds") >= 120
    assert "django_http_requests_total_by_method_total" in page


@pytest.mark.django_db
def test_metrics_count_deliveries_and_reminder_runs(client, django_capture_on_commit_callbacks):
    from community_portal.notifications.tasks import remind_overdue_reviews

    before = client.get("/metrics").content.decode()
    sent_name = 'portal_notification_deliveries_total{outcome="sent"}'
    runs_name = 'portal_reminder_runs_total{reminder="overdue-reviews",state="success"}'

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        notify(recipient=MemberFactory(), subject="Delivered")
    remind_overdue_reviews.delay()

    after = client.get("/metrics").content.decode()
    assert _metric(after, sent_name) == _metric(before, sent_name) + 1
    assert _metric(after, runs_name) == _metric(before, runs_name) + 1
    assert "portal_reminder_last_run_timestamp_seconds" in after


# --- Sentry and logs (settings read at start-up: each in a fresh process) -------------------


def _fresh_process(code: str, **environment) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "community_portal.settings",
        "DEBUG": "1",
        **environment,
    }
    env.pop("REDIS_URL", None)
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", f"import django; django.setup()\n{code}"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )


SENTRY_PROBE = "import sentry_sdk; print(sentry_sdk.get_client().is_active())"


def test_sentry_reports_errors_only_when_a_dsn_is_set():
    configured = _fresh_process(SENTRY_PROBE, SENTRY_DSN="http://public@127.0.0.1:9/1")
    unconfigured = _fresh_process(SENTRY_PROBE, SENTRY_DSN="")

    assert configured.stdout.strip() == "True"
    assert unconfigured.stdout.strip() == "False"


def test_log_format_json_writes_one_json_object_a_line():
    code = "import logging; logging.getLogger('portal.test').warning('disk at %s%%', 91)"

    result = _fresh_process(code, LOG_FORMAT="json")

    entry = json.loads(result.stderr.strip().splitlines()[-1])
    assert entry["level"] == "WARNING"
    assert entry["logger"] == "portal.test"
    assert entry["message"] == "disk at 91%"


def test_json_formatter_keeps_extras_and_the_traceback():
    try:
        raise ValueError("boom")
    except ValueError:
        record = logging.getLogger("x").makeRecord(
            "x", logging.ERROR, __file__, 1, "failed", (), sys.exc_info(), extra={"task": "t1"}
        )

    entry = json.loads(JsonFormatter().format(record))

    assert entry["task"] == "t1"
    assert "ValueError: boom" in entry["exception"]


def test_log_format_json_reaches_celery_workers_too():
    code = (
        "from celery.signals import setup_logging\n"
        "from community_portal.celery import app\n"
        "print(any('keep_django_logging' in repr(r) for r in setup_logging.receivers))"
    )

    assert _fresh_process(code, LOG_FORMAT="json").stdout.strip() == "True"
    assert _fresh_process(code, LOG_FORMAT="plain").stdout.strip() == "False"
