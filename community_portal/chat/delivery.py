"""Posting chat messages: claiming a delivery, the channel's rate limit, sending,
marking it sent, retrying.

The guarantees are the e-mail outbox's (``notifications.delivery``, whose lease,
sweep grace and backoff are reused): each (message, channel) has one delivery row;
a worker claims it for ``CLAIM_LEASE`` before it sends and marks it sent as soon as
the provider accepted it, so two workers, or one task run twice, never both post
it. Only a worker killed between the provider's acceptance and that mark posts a
message twice. A failed post (an error, a timeout, a provider that is down) is
retried after a capped, doubling backoff, for as long as it takes: nothing is
dropped. Over the channel's rate limit (a token bucket kept on the channel row, or
the provider's own "too fast") a delivery is postponed, not failed.

Nothing a provider, ``requests`` or the network says is stored or logged before
:func:`scrub` took the channel's URL, its key or token and its secret out of it.
"""

import logging
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import parse_qsl, unquote, urlsplit

import requests
from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext

from community_portal.chat.enums import ChatOutcome, DeliveryState, MessageKind
from community_portal.chat.models import ChatChannel, ChatDelivery
from community_portal.chat.providers import RATE_LIMITS, Rendered, build_request, read_answer
from community_portal.chat.services import enqueue_chat_delivery
from community_portal.notifications.delivery import CLAIM_LEASE, SWEEP_GRACE, retry_delay

logger = logging.getLogger(__name__)

# Connect and read timeouts of one post.
TIMEOUT = (5, 10)
SWEEP_PAGE_SIZE = 1000
MASK = "•••"


@dataclass(frozen=True)
class Result:
    outcome: ChatOutcome
    # Seconds until it may be tried again (postponed or failed).
    wait: float | None = None


# --- Secrets --------------------------------------------------------------------------


def secret_parts(channel: ChatChannel) -> list[str]:
    """Every piece of the channel's credentials that could appear in a text: the URL,
    its query, each path segment and query value that looks like a token,
    and the signing secret; longest first."""
    url = channel.webhook_url or ""
    parts = {url, channel.secret or ""}
    split = urlsplit(url)
    parts.update({split.query, unquote(split.query)})
    for segment in split.path.split("/"):
        # Ids and tokens, not the provider's fixed words ("services", "open-apis").
        if len(segment) >= 20 or (len(segment) >= 4 and any(c.isdigit() for c in segment)):
            parts.add(segment)
    for _name, value in parse_qsl(split.query, keep_blank_values=True):
        if len(value) >= 4:
            parts.add(value)
    return sorted((part for part in parts if len(part) >= 4 and part != "/"), key=len, reverse=True)


def scrub(text: str, channel: ChatChannel) -> str:
    """``text`` without the channel's credentials (nor a signature made with them)."""
    for part in secret_parts(channel):
        text = text.replace(part, MASK)
    # A signed URL's own parameters (DingTalk's sign) are not worth showing either.
    for name in ("sign=", "access_token=", "key="):
        start = text.find(name)
        while start != -1:
            end = start + len(name)
            stop = end
            while stop < len(text) and text[stop] not in "&' \")\n":
                stop += 1
            text = text[:end] + MASK + text[stop:]
            start = text.find(name, end + len(MASK))
    return text


# --- Rate limit -----------------------------------------------------------------------


def take_token(channel_id: int, *, now: datetime) -> tuple[bool, float]:
    """Take one token from the channel's bucket; ``(taken, seconds to wait if not)``.

    The channel row is locked while its bucket is refilled and taken from, so
    concurrent workers share one limit.
    """
    with transaction.atomic():
        channel = (
            ChatChannel.objects.select_for_update()
            .only("id", "provider", "tokens", "tokens_at")
            .get(pk=channel_id)
        )
        limit = RATE_LIMITS[channel.provider]
        if channel.tokens_at is None:
            tokens = limit.burst
        else:
            elapsed = max((now - channel.tokens_at).total_seconds(), 0.0)
            tokens = min(limit.burst, channel.tokens + elapsed * limit.per_second)
        taken = tokens >= 1
        if taken:
            tokens -= 1
        ChatChannel.objects.filter(pk=channel_id).update(tokens=tokens, tokens_at=now)
    if taken:
        return True, 0.0
    return False, (1 - tokens) / limit.per_second


def _empty_bucket(channel_id: int, *, now: datetime) -> None:
    """The provider said "too fast": start the bucket again from nothing."""
    ChatChannel.objects.filter(pk=channel_id).update(tokens=0, tokens_at=now)


# --- Delivering -----------------------------------------------------------------------


def chat_deliver(*, delivery_ids: Sequence[int]) -> dict[int, Result]:
    """Post each delivery unless it was posted already, is being posted, or waits."""
    return {pk: _deliver_one(pk) for pk in dict.fromkeys(delivery_ids)}


def _claim(pk: int, *, now: datetime) -> bool:
    """Claim a pending, due, unclaimed delivery with one conditional UPDATE."""
    return bool(
        ChatDelivery.objects.filter(pk=pk, state=DeliveryState.PENDING)
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lte=now))
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .update(claimed_until=now + CLAIM_LEASE, last_attempt_at=now)
    )


def _deliver_one(pk: int) -> Result:
    now = timezone.now()
    if not _claim(pk, now=now):
        state = ChatDelivery.objects.filter(pk=pk).values_list("state", flat=True).first()
        if state == DeliveryState.PENDING:
            return Result(ChatOutcome.BUSY)
        return Result(ChatOutcome.ALREADY_DONE)
    delivery = ChatDelivery.objects.select_related("message", "channel").get(pk=pk)
    channel = delivery.channel
    if not channel.is_active and delivery.message.kind != MessageKind.TEST:
        ChatDelivery.objects.filter(pk=pk).update(state=DeliveryState.SKIPPED, claimed_until=None)
        return Result(ChatOutcome.SKIPPED)
    taken, wait = take_token(channel.pk, now=now)
    if not taken:
        _postpone(delivery, seconds=wait, now=now)
        return Result(ChatOutcome.POSTPONED, wait)
    request = build_request(
        channel.provider,
        webhook_url=channel.webhook_url,
        secret=channel.secret,
        message=render(delivery),
        now=time.time(),
    )
    try:
        response = requests.post(
            request.url,
            data=request.data(),
            headers={"Content-Type": "application/json; charset=utf-8"},
            timeout=TIMEOUT,
            # A redirect could lead anywhere: a provider's webhook never redirects.
            allow_redirects=False,
        )
    except requests.RequestException as error:
        return _fail(delivery, f"{type(error).__name__}: {error}", status=None)
    answer = read_answer(
        channel.provider,
        status=response.status_code,
        headers=response.headers,
        text=response.text[:2000],
    )
    if answer.sent:
        _mark_sent(delivery, status=response.status_code)
        return Result(ChatOutcome.SENT)
    if answer.retry_after is not None:
        _empty_bucket(channel.pk, now=now)
        _postpone(delivery, seconds=answer.retry_after, now=now, status=response.status_code)
        return Result(ChatOutcome.POSTPONED, answer.retry_after)
    return _fail(delivery, answer.error, status=response.status_code)


def render(delivery: ChatDelivery) -> Rendered:
    """The message in its channel's language, with absolute links."""
    message = delivery.message
    with translation.override(delivery.channel.language or settings.LANGUAGE_CODE):
        return Rendered(
            title=message.title_text,
            body=message.body_text,
            url=_absolute(message.url),
            link_text=gettext("Open in the portal"),
        )


def _absolute(url: str) -> str:
    if not url or url.startswith(("http://", "https://")):
        return url
    return f"{settings.SITE_URL}{url}"


def _mark_sent(delivery: ChatDelivery, *, status: int) -> None:
    now = timezone.now()
    ChatDelivery.objects.filter(pk=delivery.pk).update(
        state=DeliveryState.SENT,
        sent_at=now,
        claimed_until=None,
        next_attempt_at=None,
        last_status_code=status,
        last_error="",
    )
    ChatChannel.objects.filter(pk=delivery.channel_id).update(
        last_delivery_at=now, last_status=f"sent (HTTP {status})"
    )


def _postpone(
    delivery: ChatDelivery, *, seconds: float, now: datetime, status: int | None = None
) -> None:
    ChatDelivery.objects.filter(pk=delivery.pk, state=DeliveryState.PENDING).update(
        claimed_until=None,
        next_attempt_at=now + timedelta(seconds=seconds),
        **({"last_status_code": status} if status else {}),
    )
    if status:
        ChatChannel.objects.filter(pk=delivery.channel_id).update(
            last_delivery_at=now, last_status=f"rate limited (HTTP {status})"
        )


def _fail(delivery: ChatDelivery, error: str, *, status: int | None) -> Result:
    channel = delivery.channel
    error = scrub(error, channel)[:2000]
    now = timezone.now()
    delay = retry_delay(delivery.attempts)
    logger.warning("Chat delivery %s to channel %s failed: %s", delivery.pk, channel.pk, error)
    ChatDelivery.objects.filter(pk=delivery.pk, state=DeliveryState.PENDING).update(
        attempts=F("attempts") + 1,
        claimed_until=None,
        next_attempt_at=now + timedelta(seconds=delay),
        last_status_code=status,
        last_error=error,
    )
    ChatChannel.objects.filter(pk=channel.pk).update(
        last_delivery_at=now, last_status=f"failed: {error}"[:200]
    )
    return Result(ChatOutcome.FAILED, delay)


# --- Queuing again --------------------------------------------------------------------


def chat_requeue_undelivered(*, now: datetime | None = None, limit: int = 100_000) -> int:
    """Queue again what is still pending and due: the broker was down at commit, a
    worker was killed, a retry's or a postponement's time has come."""
    now = now or timezone.now()
    due = (
        ChatDelivery.objects.filter(state=DeliveryState.PENDING)
        .filter(
            Q(created_at__lte=now - SWEEP_GRACE)
            | Q(next_attempt_at__isnull=False, next_attempt_at__lte=now)
        )
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lte=now))
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)
    )
    ids = list(due[:limit])
    queued = 0
    for start in range(0, len(ids), SWEEP_PAGE_SIZE):
        page = ids[start : start + SWEEP_PAGE_SIZE]
        if not enqueue_chat_delivery(page):
            break
        queued += len(page)
    return queued


def chat_requeue(*, ids: Iterable[int]) -> int:
    """Queue chosen pending deliveries now, ignoring their backoff (admin action)."""
    ids = list(
        ChatDelivery.objects.filter(pk__in=list(ids), state=DeliveryState.PENDING).values_list(
            "pk", flat=True
        )
    )
    ChatDelivery.objects.filter(pk__in=ids).update(next_attempt_at=None)
    if ids:
        transaction.on_commit(lambda: enqueue_chat_delivery(ids), robust=True)
    return len(ids)
