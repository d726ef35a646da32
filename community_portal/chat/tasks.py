"""Celery tasks of chat delivery. Thin: they take ids and call the delivery service."""

from celery import shared_task

from community_portal.chat import delivery
from community_portal.chat.enums import ChatOutcome
from community_portal.chat.services import enqueue_chat_delivery


# Delivery is idempotent (the claim), so it is safe to acknowledge late.
@shared_task(
    bind=True, acks_late=True, reject_on_worker_lost=True, soft_time_limit=300, time_limit=360
)
def deliver_chat(self, delivery_ids: list[int]) -> dict:
    results = delivery.chat_deliver(delivery_ids=delivery_ids)
    counts: dict[str, int] = {}
    later: dict[int, list[int]] = {}
    for pk, result in results.items():
        counts[result.outcome] = counts.get(result.outcome, 0) + 1
        if result.outcome in (ChatOutcome.POSTPONED, ChatOutcome.FAILED) and result.wait:
            later.setdefault(int(result.wait) + 1, []).append(pk)
    # In-process (no broker) a countdown would run at once, inside the request:
    # the sweep or `manage.py deliver_chat` picks them up when they are due.
    if not self.request.is_eager:
        for wait, ids in later.items():
            enqueue_chat_delivery(ids, countdown=wait)
    return counts


@shared_task
def sweep_chat_undelivered() -> int:
    return delivery.chat_requeue_undelivered()
