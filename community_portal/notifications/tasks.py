"""Celery tasks for delivery and the review digest. Thin: they take ids and call the services."""

from celery import shared_task

from community_portal.notifications import delivery, digest, escalation, review_digest
from community_portal.notifications.enums import DeliveryOutcome
from community_portal.notifications.reminders import REMINDER_TASK_OPTIONS

MAX_RETRIES = 8


# Delivery is idempotent (the claim in the service), so it is safe to
# acknowledge late and to have the task redelivered if its worker dies.
@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=MAX_RETRIES,
    soft_time_limit=120,
    time_limit=180,
)
def deliver_notification(self, notification_id: int) -> str:
    outcome = delivery.notification_deliver_email(notification_id=notification_id)
    # In-process (no broker) a retry would run at once, inside the request;
    # the sweep or `manage.py deliver_notifications` tries again instead.
    if (
        outcome == DeliveryOutcome.FAILED
        and not self.request.is_eager
        and self.request.retries < self.max_retries
    ):
        raise self.retry(countdown=delivery.retry_delay(self.request.retries))
    return outcome


@shared_task(acks_late=True, reject_on_worker_lost=True, soft_time_limit=600, time_limit=660)
def deliver_notifications(notification_ids: list[int]) -> dict:
    """Deliver a batch over one mail connection; a failed one is left to the sweep,
    with its backoff."""
    outcomes: dict[str, int] = {}
    for outcome in delivery.notifications_deliver_emails(
        notification_ids=notification_ids
    ).values():
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    return outcomes


@shared_task
def sweep_undelivered() -> int:
    return delivery.notifications_requeue_undelivered()


@shared_task(**REMINDER_TASK_OPTIONS)
def remind_overdue_reviews() -> int:
    return review_digest.remind_overdue_reviews()


@shared_task(**REMINDER_TASK_OPTIONS)
def send_daily_digests() -> int:
    return digest.send_daily_digests()


@shared_task(**REMINDER_TASK_OPTIONS)
def escalate_stalled_reviews() -> int:
    return escalation.escalate_stalled_reviews()
