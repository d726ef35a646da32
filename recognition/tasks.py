"""Thin Celery tasks: load, call the service."""

from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from community_portal.notifications.reminders import REMINDER_TASK_OPTIONS


@shared_task(**REMINDER_TASK_OPTIONS)
def nominate_last_month() -> int:
    """On the 1st: every author selected last month is nominated (once; a catch-up
    for selections the selection's own transaction did not nominate)."""
    from recognition.services import nominations_for_month

    first = timezone.localdate().replace(day=1)
    previous = (first - timedelta(days=1)).replace(day=1)
    return len(nominations_for_month(month=previous)) + len(nominations_for_month(month=first))
