"""Celery tasks for webhook delivery. Thin: they take ids and call ``delivery``."""

from celery import shared_task

from community_portal.webhooks import delivery


# Delivery is idempotent (the claim), so it is safe to acknowledge late.
@shared_task(acks_late=True, reject_on_worker_lost=True, soft_time_limit=600, time_limit=660)
def deliver_webhooks(delivery_ids: list[int]) -> dict:
    outcomes: dict[str, int] = {}
    for outcome in delivery.deliveries_send(delivery_ids=delivery_ids).values():
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    return outcomes


@shared_task
def sweep_webhooks() -> int:
    return delivery.webhooks_requeue_due()
