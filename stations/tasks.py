"""Celery tasks of the stations app. Thin: each calls one service."""

from celery import shared_task

from community_portal.notifications.reminders import REMINDER_TASK_OPTIONS
from stations import reminders


@shared_task(**REMINDER_TASK_OPTIONS)
def remind_events() -> int:
    return len(reminders.remind_events())


@shared_task(**REMINDER_TASK_OPTIONS)
def remind_station_health() -> int:
    return len(reminders.remind_station_health())
