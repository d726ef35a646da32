"""Writing webhook messages into the outbox, and queuing their delivery.

``webhook_emit`` stores one message and one delivery per subscribed endpoint
inside the caller's transaction, in three queries however many endpoints there
are (one when none subscribes), and queues the deliveries for after the commit:
a rolled-back change sends nothing, and a committed one is delivered even when
the broker was down at commit time (the sweep finds it). This module is the only
place that hands webhook deliveries to the task queue.
"""

import base64
import binascii
import logging
import secrets
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime
from functools import partial

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from pydantic import BaseModel

from community_portal.webhooks.enums import TEST_EVENT_TYPE, DeliveryState
from community_portal.webhooks.models import Delivery, Endpoint, Message
from community_portal.webhooks.payloads import PAYLOADS, TestData

logger = logging.getLogger(__name__)

SECRET_PREFIX = "whsec_"  # noqa: S105 (the prefix of every secret, not one)
# The Standard Webhooks specification: at least 24 random bytes, at most 64.
SECRET_BYTES = 32
SECRET_MIN_BYTES, SECRET_MAX_BYTES = 24, 64
# Deliveries per task: each POST waits at most WEBHOOK_TIMEOUT, well within the task's limit.
DELIVERY_BATCH_SIZE = 20


class WebhookError(Exception):
    """A refusal, with the message to show the user."""


# --- Secrets ----------------------------------------------------------------------------


def new_secret() -> str:
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode()


def secret_key(secret: str) -> bytes:
    """The HMAC key of a ``whsec_`` secret: its base64 part, decoded."""
    return base64.b64decode(secret.removeprefix(SECRET_PREFIX), validate=True)


def check_secret(secret: str) -> None:
    """Raise WebhookError unless ``secret`` is ``whsec_`` + base64 of 24 to 64 bytes.

    The message never repeats the secret."""
    if not secret.startswith(SECRET_PREFIX):
        raise WebhookError(_("A signing secret starts with whsec_."))
    try:
        key = secret_key(secret)
    except (binascii.Error, ValueError):
        raise WebhookError(_("After whsec_, a signing secret is base64.")) from None
    if not SECRET_MIN_BYTES <= len(key) <= SECRET_MAX_BYTES:
        raise WebhookError(
            _("A signing secret holds %(min)d to %(max)d random bytes.")
            % {"min": SECRET_MIN_BYTES, "max": SECRET_MAX_BYTES}
        )


# --- Emitting ---------------------------------------------------------------------------


def new_message_id() -> str:
    # No full stop: the id is part of the signed content "{id}.{timestamp}.{body}".
    return f"msg_{uuid.uuid4().hex}"


def webhook_emit(event_type: str, data: BaseModel, *, at: datetime | None = None) -> Message | None:
    """Store the message of an event for every active endpoint subscribed to its type,
    delivered after the surrounding transaction commits. None when nobody subscribes."""
    endpoint_ids = [
        pk
        for pk, types in Endpoint.objects.filter(is_active=True).values_list("pk", "event_types")
        if event_type in (types or [])
    ]
    if not endpoint_ids:
        return None
    return _store(event_type, data, endpoint_ids=endpoint_ids, at=at)


def _store(event_type: str, data: BaseModel, *, endpoint_ids: list[int], at=None) -> Message:
    now = timezone.now()
    payload = PAYLOADS[event_type](
        type=event_type, timestamp=(at or now).astimezone(UTC), data=data
    )
    message = Message.objects.create(
        public_id=new_message_id(),
        type=event_type,
        body=payload.model_dump_json(),
        created_at=now,
    )
    deliveries = Delivery.objects.bulk_create(
        [Delivery(message=message, endpoint_id=pk, created_at=now) for pk in endpoint_ids]
    )
    deliver_after_commit([delivery.pk for delivery in deliveries])
    return message


@transaction.atomic
def endpoint_send_test(*, endpoint: Endpoint) -> Message:
    """A test message to this one endpoint, whatever it subscribes to and even when
    inactive (to check it before activating it again)."""
    return _store(
        TEST_EVENT_TYPE,
        TestData(
            endpoint=endpoint.description or endpoint.host,
            text="This is a test message from the community portal.",
        ),
        endpoint_ids=[endpoint.pk],
    )


@transaction.atomic
def deliveries_send_again(*, ids: Sequence[int]) -> int:
    """Queue chosen deliveries now, delivered ones included, with their message's id
    (a receiver that saw it already can tell). Those to an inactive endpoint wait."""
    ids = list(
        Delivery.objects.filter(pk__in=list(ids), endpoint__is_active=True).values_list(
            "pk", flat=True
        )
    )
    Delivery.objects.filter(pk__in=ids).update(
        state=DeliveryState.PENDING, next_attempt_at=None, delivered_at=None
    )
    deliver_after_commit(ids)
    return len(ids)


@transaction.atomic
def endpoint_activate(*, endpoint: Endpoint) -> Endpoint:
    """Activate an endpoint again: what waited for it is delivered now."""
    Endpoint.objects.filter(pk=endpoint.pk).update(
        is_active=True, failing_since=None, disabled_at=None, disabled_reason=""
    )
    endpoint.refresh_from_db()
    waiting = list(
        Delivery.objects.filter(endpoint=endpoint, state=DeliveryState.PENDING).values_list(
            "pk", flat=True
        )
    )
    Delivery.objects.filter(pk__in=waiting).update(next_attempt_at=None)
    deliver_after_commit(waiting)
    return endpoint


# --- Queuing ----------------------------------------------------------------------------


def deliver_after_commit(ids: Sequence[int]) -> None:
    if ids:
        transaction.on_commit(partial(enqueue_delivery, list(ids)), robust=True)


def enqueue_delivery(ids: Sequence[int]) -> bool:
    """Hand deliveries to Celery; a broker that is down loses nothing: they stay
    pending and the sweep queues them again."""
    from community_portal.webhooks import tasks

    try:
        for start in range(0, len(ids), DELIVERY_BATCH_SIZE):
            tasks.deliver_webhooks.delay(list(ids[start : start + DELIVERY_BATCH_SIZE]))
    except Exception:
        logger.warning(
            "Could not queue %d webhook deliveries; the sweep will retry.", len(ids), exc_info=True
        )
        return False
    return True
