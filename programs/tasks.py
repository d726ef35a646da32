"""Celery tasks of the programs app. Thin: each calls one service."""

from celery import shared_task

from community_portal.notifications.reminders import REMINDER_TASK_OPTIONS
from programs import reminders


@shared_task(**REMINDER_TASK_OPTIONS)
def remind_program_deadlines() -> int:
    return reminders.remind_program_deadlines()
