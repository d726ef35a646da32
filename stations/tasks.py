"""Celery tasks of the stations app. Thin: each calls one service."""

from celery import shared_task

from community_portal.notifications.reminders import REMINDER_TASK_OPTIONS
from stations import reminders


@shared_task(**REMINDER_TASK_OPTIONS)
def remind_events() -> int:
    """The event reminders before the start, then the feedback requests after the end."""
    return reminders.remind_events() + reminders.remind_event_feedback()


@shared_task(**REMINDER_TASK_OPTIONS)
def remind_station_health() -> int:
    return reminders.remind_station_health()
