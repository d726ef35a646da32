"""Sending webhook deliveries: claiming, signing, POSTing, retrying, disabling.

Delivery is at least once, with a stable id: every attempt of a message carries
the same ``webhook-id`` (the message's), a fresh ``webhook-timestamp`` and the
Standard Webhooks signature of ``"{id}.{timestamp}.{body}"``. A worker claims a
delivery for ``CLAIM_LEASE`` and counts the attempt before it POSTs, and marks it
delivered once the endpoint answered 2xx: two workers never both send it, and
only a worker killed between the answer and the mark sends it again.

A failure (any other status, a timeout, a refused connection) is retried after
a doubling backoff with some jitter, capped at ``RETRY_CAP``; the sweep
(``webhooks_requeue_due``) queues whatever is due. An endpoint whose every
attempt failed for ``WEBHOOK_DISABLE_AFTER_DAYS`` (or that answers 410 Gone) is
disabled and its owner told; its deliveries wait, and are sent once it is active
again. Messages to one endpoint are not ordered.
"""

import base64
import hashlib
import hmac
import logging
import random
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_noop

from community_portal.notifications.messages import message_lines
from community_portal.notifications.services import notify
from community_portal.webhooks.enums import TEST_EVENT_TYPE, DeliveryState
from community_portal.webhooks.models import (
    RESPONSE_EXCERPT_LENGTH,
    Delivery,
    DeliveryAttempt,
    Endpoint,
)
from community_portal.webhooks.services import enqueue_delivery, secret_key

logger = logging.getLogger(__name__)

CLAIM_LEASE = timedelta(minutes=2)
# The sweep leaves fresh deliveries (never tried yet) to the task queued at commit.
SWEEP_GRACE = timedelta(minutes=1)
SWEEP_LIMIT = 10_000
RETRY_BASE = timedelta(seconds=30)
RETRY_CAP = timedelta(hours=6)
# The first bytes of an answer read (and the log keeps fewer).
READ_LIMIT = 4096
USER_AGENT = "community-portal-webhooks/1"


def retry_delay(attempts: int) -> timedelta:
    """The wait after the ``attempts``-th failed attempt (1-based): doubling, capped,
    plus up to 10 % jitter so that many endpoints back from an outage aren't hit at once."""
    base = min(RETRY_BASE * 2 ** max(attempts - 1, 0), RETRY_CAP)
    return base + base * random.uniform(0, 0.1)  # noqa: S311 (jitter, not a secret)


def signature(*, secret: str, message_id: str, timestamp: int, body: str) -> str:
    """``v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">``, keyed by the decoded secret."""
    signed = f"{message_id}.{timestamp}.{body}".encode()
    digest = hmac.new(secret_key(secret), signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def signed_headers(*, secret: str, message_id: str, body: str, now: datetime) -> dict[str, str]:
    timestamp = int(now.timestamp())
    return {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "webhook-id": message_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": signature(
            secret=secret, message_id=message_id, timestamp=timestamp, body=body
        ),
    }


# --- Delivering -------------------------------------------------------------------------


@dataclass
class Answer:
    status_code: int | None
    excerpt: str
    error: str
    duration_ms: int

    @property
    def ok(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    # A redirect is a failure (Standard Webhooks): the URL is to be corrected instead.
    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(_NoRedirects)


def post(url: str, *, body: str, headers: dict[str, str]) -> Answer:
    """POST once; what came back. Never raises, and never says the headers (the signature)."""
    request = urllib.request.Request(url, data=body.encode(), headers=headers, method="POST")  # noqa: S310 (http(s) only: a URLField)
    started = time.monotonic()
    status, raw, error = None, b"", ""
    try:
        with _opener.open(request, timeout=settings.WEBHOOK_TIMEOUT) as response:
            status, raw = response.status, response.read(READ_LIMIT)
    except urllib.error.HTTPError as failure:
        status = failure.code
        try:
            raw = failure.read(READ_LIMIT)
        except Exception:  # the body of a broken answer
            raw = b""
    except Exception as failure:  # refused, reset, timed out, a name that does not resolve
        error = _describe(failure)
    duration = int((time.monotonic() - started) * 1000)
    excerpt = raw.decode("utf-8", errors="replace")
    if len(excerpt) > RESPONSE_EXCERPT_LENGTH:
        excerpt = excerpt[: RESPONSE_EXCERPT_LENGTH - 1] + "…"
    return Answer(status_code=status, excerpt=excerpt, error=error, duration_ms=duration)


def _describe(failure: BaseException) -> str:
    reason = getattr(failure, "reason", None) or failure
    return f"{type(reason).__name__}: {reason}"[:500]


def deliveries_send(*, delivery_ids: Sequence[int]) -> dict[int, str]:
    """Send the pending deliveries among ``delivery_ids`` that nobody holds; what
    happened to each (``delivered``, ``failed``, ``deferred``, or ``skipped``: done,
    held, or waiting for an inactive endpoint).

    Each delivery is claimed just before its POST, so a claim never outlives the
    lease however long the batch; once an endpoint failed, the rest of its
    deliveries in the batch wait for the same backoff instead of a timeout each.
    Not in a transaction: the claim is committed before the (slow, external) POST,
    so that another worker sees it."""
    ids = list(dict.fromkeys(delivery_ids))
    outcomes = dict.fromkeys(ids, "skipped")
    endpoints = dict(Delivery.objects.filter(pk__in=ids).values_list("pk", "endpoint_id"))
    failing: dict[int, datetime] = {}  # endpoint -> its next attempt
    for pk in ids:
        if pk not in endpoints:
            continue
        if endpoints[pk] in failing:
            Delivery.objects.filter(
                pk=pk, state=DeliveryState.PENDING, claimed_until__isnull=True
            ).update(next_attempt_at=failing[endpoints[pk]])
            outcomes[pk] = "deferred"
            continue
        delivery = _claim(pk)
        if delivery is None:
            continue
        outcomes[pk] = _send(delivery)
        if outcomes[pk] == "failed":
            failing[delivery.endpoint_id] = Delivery.objects.values_list(
                "next_attempt_at", flat=True
            ).get(pk=pk)
    return outcomes


def _claim(pk: int) -> Delivery | None:
    """Take one pending delivery for ``CLAIM_LEASE`` and count the attempt, unless
    another worker holds it or its endpoint is inactive (a test message goes anyway).
    One conditional UPDATE of the delivery's row alone: of two workers, one gets it.
    (With a join its conditions would sit in a subquery, which PostgreSQL does not
    check again once the other worker's update commits: both would send.)"""
    sendable = (
        Delivery.objects.filter(pk=pk)
        .filter(Q(endpoint__is_active=True) | Q(message__type=TEST_EVENT_TYPE))
        .exists()
    )
    if not sendable:
        return None
    now = timezone.now()
    until = now + CLAIM_LEASE
    claimed = (
        Delivery.objects.filter(pk=pk, state=DeliveryState.PENDING)
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lte=now))
        .update(claimed_until=until, attempts=F("attempts") + 1, last_attempt_at=now)
    )
    if not claimed:
        return None
    return Delivery.objects.select_related("message", "endpoint").get(pk=pk)


def _send(delivery: Delivery) -> str:
    endpoint, message = delivery.endpoint, delivery.message
    attempted_at = timezone.now()
    headers = signed_headers(
        secret=endpoint.secret, message_id=message.public_id, body=message.body, now=attempted_at
    )
    answer = post(endpoint.url, body=message.body, headers=headers)
    DeliveryAttempt.objects.create(
        delivery=delivery,
        attempted_at=attempted_at,
        status_code=answer.status_code,
        response_excerpt=answer.excerpt,
        error=answer.error,
        duration_ms=answer.duration_ms,
    )
    done = timezone.now()
    common = {
        "claimed_until": None,
        "last_status_code": answer.status_code,
        "last_response": answer.excerpt,
        "last_error": answer.error,
    }
    if answer.ok:
        Delivery.objects.filter(pk=delivery.pk).update(
            state=DeliveryState.DELIVERED, delivered_at=done, next_attempt_at=None, **common
        )
        Endpoint.objects.filter(pk=endpoint.pk, failing_since__isnull=False).update(
            failing_since=None
        )
        return "delivered"
    logger.warning(
        "Webhook delivery %s to endpoint %s failed: %s",
        delivery.pk,
        endpoint.pk,
        answer.status_code or answer.error,
    )
    Delivery.objects.filter(pk=delivery.pk).update(
        next_attempt_at=done + retry_delay(delivery.attempts), **common
    )
    if message.type != TEST_EVENT_TYPE:
        _endpoint_failed(endpoint, at=attempted_at, gone=answer.status_code == 410)
    return "failed"


def _endpoint_failed(endpoint: Endpoint, *, at: datetime, gone: bool) -> None:
    Endpoint.objects.filter(pk=endpoint.pk, failing_since__isnull=True).update(failing_since=at)
    failing_since = Endpoint.objects.values_list("failing_since", flat=True).get(pk=endpoint.pk)
    disable_after = timedelta(days=settings.WEBHOOK_DISABLE_AFTER_DAYS)
    if gone:
        reason = gettext_noop("The endpoint answered 410 Gone.")
    elif failing_since is not None and at - failing_since >= disable_after:
        reason = gettext_noop("Every attempt failed for %(days)s days.")
    else:
        return
    endpoint_disable(endpoint=endpoint, reason=reason, at=at)


@transaction.atomic
def endpoint_disable(*, endpoint: Endpoint, reason: str, at: datetime | None = None) -> bool:
    """Stop sending to an endpoint and tell its owner, once (a conditional UPDATE:
    two workers failing at once disable it and notify once). ``reason`` is an English
    message id, with ``%(days)s``."""
    at = at or timezone.now()
    days = settings.WEBHOOK_DISABLE_AFTER_DAYS
    disabled = Endpoint.objects.filter(pk=endpoint.pk, is_active=True).update(
        is_active=False, disabled_at=at, disabled_reason=reason % {"days": days}
    )
    if not disabled:
        return False
    logger.warning("Webhook endpoint %s disabled: %s", endpoint.pk, reason % {"days": days})
    notify(
        recipient=endpoint.owner,
        subject=gettext_noop("Webhook endpoint disabled: %(endpoint)s"),
        body=gettext_noop(
            "The portal stopped sending webhooks to %(endpoint)s (%(host)s). %(reason)s "
            "Nothing is lost: the messages wait, and are sent once you activate the endpoint "
            "again in the admin."
        ),
        params={
            "endpoint": str(endpoint),
            "host": endpoint.host,
            "reason": message_lines([(reason, {"days": days})]),
        },
        url=reverse("admin:webhooks_endpoint_change", args=[endpoint.pk]),
    )
    return True


# --- Queuing again ----------------------------------------------------------------------


def webhooks_requeue_due(*, now: datetime | None = None, limit: int = SWEEP_LIMIT) -> int:
    """Queue again the pending deliveries that are due: their backoff is over, the
    broker was down at commit, or their worker was killed (its claim expired)."""
    now = now or timezone.now()
    due = list(
        Delivery.objects.filter(state=DeliveryState.PENDING)
        .filter(Q(attempts__gt=0) | Q(created_at__lte=now - SWEEP_GRACE))
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lte=now))
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .filter(Q(endpoint__is_active=True) | Q(message__type=TEST_EVENT_TYPE))
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    if due and not enqueue_delivery(due):
        return 0
    return len(due)
