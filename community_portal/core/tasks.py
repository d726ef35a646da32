"""Celery tasks of the core app. Thin: they call the services."""

from celery import shared_task
from django.utils import timezone

from community_portal.core.calendar_preload import calendar_preload_coming_years


@shared_task(acks_late=True, reject_on_worker_lost=True, soft_time_limit=120, time_limit=180)
def preload_calendar() -> dict:
    """Fill this year's and the coming years' holidays (idempotent; manual rows kept)."""
    result = calendar_preload_coming_years(today=timezone.localdate())
    return result.__dict__
