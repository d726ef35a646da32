"""Endpoints for load balancers, probes and Prometheus: /healthz, /readyz, /metrics.

Answered by the first middleware, before host validation, HTTPS redirect,
sessions or anything else: a probe asks by IP address over plain HTTP, and
/healthz must answer even when the database does not.

- ``/healthz``: the process answers (200, no I/O).
- ``/readyz``: the database, Redis and the Celery broker are reachable (200, or
  503 when one is not), with the outbox backlog and the age of the oldest
  undelivered notification; 503 too when that age passes
  ``READYZ_MAX_OUTBOX_AGE`` seconds, if set.
- ``/metrics``: Prometheus text format, for addresses in
  ``METRICS_ALLOWED_IPS`` or requests bearing ``METRICS_TOKEN``; others get 403.
  The figures (request rates, backlog, reminder runs) are for operators only.
"""

import hmac
import json
import logging
import os

from django.conf import settings
from django.db import connections
from django.http import HttpResponse, JsonResponse

logger = logging.getLogger(__name__)

HEALTH_PATH = "/healthz"
READY_PATH = "/readyz"
METRICS_PATH = "/metrics"
PROBE_TIMEOUT = 2  # seconds, for each dependency


def _check_database() -> None:
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT 1")


def _check_redis() -> None:
    import redis

    client = redis.Redis.from_url(
        settings.REDIS_URL, socket_connect_timeout=PROBE_TIMEOUT, socket_timeout=PROBE_TIMEOUT
    )
    try:
        client.ping()
    finally:
        client.close()


def _check_broker() -> None:
    from kombu import Connection

    with Connection(settings.CELERY_BROKER_URL, connect_timeout=PROBE_TIMEOUT) as connection:
        connection.ensure_connection(max_retries=1, interval_start=0, interval_step=0)


def readiness() -> tuple[bool, dict]:
    """What /readyz reports: each dependency's state and the outbox."""
    checks = {"database": _check_database}
    if settings.REDIS_URL:
        checks["redis"] = _check_redis
    if not settings.CELERY_BROKER_URL.startswith("memory://"):
        checks["broker"] = _check_broker
    report: dict = {"checks": {}}
    ready = True
    for name, check in checks.items():
        try:
            check()
        except Exception as error:  # any failure means "not ready"
            logger.warning("readiness: %s unreachable: %s", name, error)
            report["checks"][name] = "unreachable"  # details go to the log, not to the world
            ready = False
        else:
            report["checks"][name] = "ok"
    if not settings.REDIS_URL:
        report["checks"]["broker"] = "in-process (no broker)"
    if report["checks"]["database"] == "ok":
        from community_portal.notifications.metrics import outbox_stats

        outbox = outbox_stats()
        report["outbox"] = outbox
        limit = settings.READYZ_MAX_OUTBOX_AGE
        if limit and (outbox["oldest_age_seconds"] or 0) > limit:
            report["checks"]["outbox"] = "behind"
            ready = False
    report["status"] = "ready" if ready else "not ready"
    return ready, report


def metrics_allowed(request) -> bool:
    token = settings.METRICS_TOKEN
    if token:
        given = request.META.get("HTTP_AUTHORIZATION", "").removeprefix("Bearer ").strip()
        if given and hmac.compare_digest(given.encode(), token.encode()):
            return True
    return request.META.get("REMOTE_ADDR", "") in settings.METRICS_ALLOWED_IPS


def metrics_page() -> bytes:
    """The process's metrics (every process's with PROMETHEUS_MULTIPROC_DIR), then the outbox."""
    import prometheus_client
    from prometheus_client import multiprocess

    from community_portal.notifications.metrics import OutboxCollector

    if "PROMETHEUS_MULTIPROC_DIR" in os.environ:
        registry = prometheus_client.CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    else:
        registry = prometheus_client.REGISTRY
    outbox = prometheus_client.CollectorRegistry()
    outbox.register(OutboxCollector())
    return prometheus_client.generate_latest(registry) + prometheus_client.generate_latest(outbox)


class OperationsMiddleware:
    """Answers the three operations paths; every other request passes through."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info.rstrip("/")
        if path == HEALTH_PATH:
            return JsonResponse({"status": "ok"}, headers={"Cache-Control": "no-store"})
        if path == READY_PATH:
            ready, report = readiness()
            return HttpResponse(
                json.dumps(report),
                status=200 if ready else 503,
                content_type="application/json",
                headers={"Cache-Control": "no-store"},
            )
        if path == METRICS_PATH:
            if not metrics_allowed(request):
                return HttpResponse("Forbidden\n", status=403, content_type="text/plain")
            from prometheus_client import CONTENT_TYPE_LATEST

            return HttpResponse(
                metrics_page(),
                content_type=CONTENT_TYPE_LATEST,
                headers={"Cache-Control": "no-store"},
            )
        return self.get_response(request)
