"""Celery tasks of the partners app. Thin: each calls one service."""

from celery import shared_task

from community_portal.notifications.reminders import REMINDER_TASK_OPTIONS
from partners import reminders


@shared_task(**REMINDER_TASK_OPTIONS)
def remind_partner_evaluations() -> int:
    return reminders.remind_partner_evaluations()
