"""Scheduled reminders: the registry, and what every reminder does the same way.

A reminder is one service in the app that owns its data, called like
``remind_program_deadlines(*, now=None, dry_run=False)``. It finds who is due a
reminder at ``now`` in a bounded number of queries, plans one notification per
recipient and occasion, each with an occasion key (``"<occasion>:<user id>"``,
unique in the database), and hands the plan to :func:`send_reminders`. The
reminder returns the notifications it created, or in a dry run those it would
create, so running it twice, or in two workers at once, reminds nobody twice.

Celery beat runs each reminder through a thin task in its app's ``tasks.py``
on the schedule in ``settings.CELERY_BEAT_SCHEDULE``. Each app registers its
reminders in its ``AppConfig.ready()``, so that ``manage.py remind`` can list
and run them without importing the apps here::

    register_reminder(
        "program-deadlines",
        description=_("..."),
        run=remind_program_deadlines,
        task="programs.tasks.remind_program_deadlines",
    )
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise

from community_portal.db.arrays import any_of, uses_arrays
from community_portal.notifications.services import (
    PlannedNotification,
    notifications_unsent,
    notify_each,
)

# Options of every reminder's Celery task. Reminders are idempotent (each
# notification carries its occasion key), so they are acknowledged late, like
# delivery: a reminder whose worker died is run again.
REMINDER_TASK_OPTIONS = {
    "acks_late": True,
    "reject_on_worker_lost": True,
    "soft_time_limit": 600,
    "time_limit": 660,
}

# What is loaded of the members a reminder lists, or of the reviewers it names.
RECIPIENT_FIELDS = ("id", "username", "display_name", "preferred_language")


@dataclass(frozen=True)
class Reminder:
    name: str
    description: Promise | str
    run: Callable[..., list[PlannedNotification]]
    task: str

    @property
    def schedule(self):
        """The beat schedule of this reminder's task (a crontab or seconds), or None."""
        for entry in settings.CELERY_BEAT_SCHEDULE.values():
            if entry["task"] == self.task:
                return entry["schedule"]
        return None


_reminders: dict[str, Reminder] = {}


def register_reminder(
    name: str,
    *,
    description: Promise | str,
    run: Callable[..., list[PlannedNotification]],
    task: str,
) -> None:
    """Register (or replace, on reload) the reminder ``name``."""
    _reminders[name] = Reminder(name=name, description=description, run=run, task=task)


def reminders() -> list[Reminder]:
    return sorted(_reminders.values(), key=lambda reminder: reminder.name)


def get_reminder(name: str) -> Reminder | None:
    return _reminders.get(name)


def moment(now: datetime | None) -> tuple[datetime, date]:
    """``now`` (the current time by default) and its local date."""
    now = now or timezone.now()
    return now, timezone.localdate(now)


def recipients_by_id(ids: Iterable[int]) -> dict:
    """The members with these ids, by id, in one query: their names, for listing a plan
    (a planned notification itself names its recipient by id only)."""
    members = get_user_model().objects.only(*RECIPIENT_FIELDS)
    if uses_arrays(members.db):
        return {member.pk: member for member in members.filter(pk__in=any_of(ids))}
    return members.in_bulk(list(ids))


def send_reminders(
    planned: Iterable[PlannedNotification], *, dry_run: bool
) -> list[PlannedNotification]:
    """Store the planned reminders whose occasion key is free, in one transaction;
    they are delivered after it commits. A dry run writes nothing and returns the
    ones that would be created."""
    if dry_run:
        return notifications_unsent(planned)
    with transaction.atomic():
        return notify_each(planned)
