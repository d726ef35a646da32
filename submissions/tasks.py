"""Celery tasks of the submissions app. Thin: each calls one service."""

from celery import shared_task

from community_portal.notifications.reminders import REMINDER_TASK_OPTIONS
from submissions import reminders


@shared_task(**REMINDER_TASK_OPTIONS)
def remind_campaign_ends() -> int:
    return reminders.remind_campaign_ends()
