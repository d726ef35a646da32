"""Prometheus metrics of the outbox, delivery and reminders, kept apart from the services.

- The outbox (backlog, age of the oldest undelivered notification) is read from
  the database when Prometheus scrapes, so it is right whichever process or
  machine delivers.
- Deliveries and reminder runs are counted from Celery's ``task_postrun``
  signal, by task name and return value, without a line in the delivery code.
  They count in the process that ran the task: the web process in embedded
  mode, the worker otherwise, whose figures reach ``/metrics`` when web and
  worker share ``PROMETHEUS_MULTIPROC_DIR`` (see the README, "Operations").
"""

import time

from celery.signals import task_postrun
from django.db.models import Count, Min
from django.utils import timezone
from prometheus_client import Counter, Gauge
from prometheus_client.core import GaugeMetricFamily

from community_portal.notifications.enums import EmailState

DELIVERY_TASK_PREFIX = "community_portal.notifications.tasks.deliver_"

DELIVERIES = Counter(
    "portal_notification_deliveries",
    "Delivery attempts of notification e-mails, by outcome (rate() gives the delivery rate).",
    ["outcome"],
)
REMINDER_RUNS = Counter(
    "portal_reminder_runs",
    "Runs of each scheduled reminder, by final state.",
    ["reminder", "state"],
)
REMINDER_NOTIFICATIONS = Counter(
    "portal_reminder_notifications", "Notifications created by each reminder.", ["reminder"]
)
REMINDER_LAST_RUN = Gauge(
    "portal_reminder_last_run_timestamp_seconds",
    "When each reminder last finished (Unix time).",
    ["reminder"],
    multiprocess_mode="max",
)


def outbox_stats(now=None) -> dict:
    """Undelivered notifications: how many, and how old the oldest is (seconds, or None)."""
    from community_portal.notifications.models import Notification

    now = now or timezone.now()
    stats = Notification.objects.filter(email_state=EmailState.PENDING).aggregate(
        backlog=Count("id"), oldest=Min("created_at")
    )
    oldest = stats["oldest"]
    return {
        "backlog": stats["backlog"],
        "oldest_age_seconds": max(0.0, (now - oldest).total_seconds()) if oldest else None,
    }


class OutboxCollector:
    """Reads the outbox at scrape time (two aggregates over the pending rows' index)."""

    def collect(self):
        stats = outbox_stats()
        backlog = GaugeMetricFamily(
            "portal_outbox_backlog", "Notifications whose e-mail is not yet sent."
        )
        backlog.add_metric([], stats["backlog"])
        oldest = GaugeMetricFamily(
            "portal_outbox_oldest_age_seconds",
            "Age of the oldest notification whose e-mail is not yet sent (0 when none).",
        )
        oldest.add_metric([], stats["oldest_age_seconds"] or 0.0)
        return [backlog, oldest]


def _reminder_name(task_name: str) -> str | None:
    from community_portal.notifications.reminders import reminders

    for reminder in reminders():
        if reminder.task == task_name:
            return reminder.name
    return None


@task_postrun.connect(dispatch_uid="notifications.metrics.count_task")
def count_task(sender=None, retval=None, state=None, **kwargs):
    name = getattr(sender, "name", "") or ""
    if name.startswith(DELIVERY_TASK_PREFIX) and state == "SUCCESS":
        if isinstance(retval, dict):  # a batch: {outcome: count}
            for outcome, count in retval.items():
                DELIVERIES.labels(outcome=str(outcome)).inc(count)
        elif isinstance(retval, str):  # one notification: its outcome
            DELIVERIES.labels(outcome=str(retval)).inc()
        return
    reminder = _reminder_name(name)
    if reminder is None:
        return
    REMINDER_RUNS.labels(reminder=reminder, state=(state or "unknown").lower()).inc()
    if state == "SUCCESS" and isinstance(retval, int):
        REMINDER_NOTIFICATIONS.labels(reminder=reminder).inc(retval)
    REMINDER_LAST_RUN.labels(reminder=reminder).set(time.time())
