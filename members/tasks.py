"""Celery tasks of the members app. Thin: each calls one service."""

from celery import shared_task

from community_portal.notifications.reminders import REMINDER_TASK_OPTIONS
from members import reminders


@shared_task(**REMINDER_TASK_OPTIONS)
def remind_certificate_expiry() -> int:
    return reminders.remind_certificate_expiry()


@shared_task(**REMINDER_TASK_OPTIONS)
def remind_volunteer_answers() -> int:
    return reminders.remind_volunteer_answers()


@shared_task(**REMINDER_TASK_OPTIONS)
def remind_newly_qualified() -> int:
    return reminders.remind_newly_qualified()
