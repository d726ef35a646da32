"""Scheduled reminders: the registry, and what every reminder does the same way.

A reminder is one service in the app that owns its data, called like
``remind_program_deadlines(*, now=None, dry_run=False, report=None)``. It finds
who is due a reminder at ``now`` in a bounded number of queries, plans one
notification per recipient and occasion, each with an occasion key
(``"<occasion>:<user id>"``, unique in the database), and hands the plan to
:func:`send_reminders`, so running it twice, or in two workers at once, reminds
nobody twice. A plan that grows with the members (not one that names the
reviewers) is a generator reading its query with ``.iterator()``:
:func:`send_reminders` stores it ``PLAN_BATCH_SIZE`` notifications at a time, so
a reminder to 100,000 members holds one batch in memory, not 100,000
notifications. The reminder returns how many it created (in a dry run: would
create), and hands each batch of them to ``report`` when one is given
(``manage.py remind`` lists them). The daily digest, which also marks what each
batch lists, stores its batches itself, with the same ``batches`` and ``storing``.

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

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from itertools import islice
from typing import TypeVar

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils import timezone
from django.utils.functional import Promise

from community_portal.db.arrays import any_of, uses_arrays
from community_portal.notifications.services import (
    BULK_BATCH_SIZE,
    PlannedNotification,
    notifications_unsent,
    notify_each,
)

T = TypeVar("T")

# What a reminder hands each batch of the notifications it created (in a dry run:
# would create), when asked: ``remind_events(now=..., report=listed.extend)``.
Report = Callable[[list[PlannedNotification]], None]

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

# PostgreSQL: the advisory lock a reminder run holds while it stores its plan ("remind").
STORING_LOCK = 0x72656D696E64

# How much of a plan is held at once: stored in statements of BULK_BATCH_SIZE rows,
# pipelined, so that the server inserts one while the next is encoded. (Batches of
# one statement each made the events reminder 1.2-2.7 s slower at 100,000
# recipients; five cost about 10 MB.)
PLAN_BATCH_SIZE = 5 * BULK_BATCH_SIZE


@dataclass(frozen=True)
class Reminder:
    name: str
    description: Promise | str
    run: Callable[..., int]
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
    run: Callable[..., int],
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
    planned: Iterable[PlannedNotification], *, dry_run: bool, report: Report | None = None
) -> int:
    """Store the planned reminders whose occasion key is free, in one transaction,
    ``PLAN_BATCH_SIZE`` at a time; they are delivered after it commits. Returns how
    many were created, and hands each batch of them to ``report``. A dry run writes
    nothing: it counts, and reports, the ones that would be created.
    """
    count = 0
    with storing(dry_run=dry_run):
        for batch in batches(planned):
            done = notifications_unsent(batch) if dry_run else notify_each(batch)
            count += len(done)
            if report is not None and done:
                report(done)
    return count


def batches(planned: Iterable[T]) -> Iterator[list[T]]:
    """A plan ``PLAN_BATCH_SIZE`` items at a time."""
    planned = iter(planned)
    return iter(lambda: list(islice(planned, PLAN_BATCH_SIZE)), [])


@contextmanager
def storing(*, dry_run: bool):
    """The transaction a reminder run stores its plan in, a batch at a time.

    A plan names each occasion key once. On PostgreSQL, storing runs hold an
    advisory lock, so two runs at once (a by-hand run beside the scheduled one, or
    a task redelivered to a second worker) store one after the other: the second
    finds the keys taken. Without it two runs whose plans differ a little, batched
    at different places, could each insert a key the other then waits for.
    """
    with transaction.atomic():
        if not dry_run and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [STORING_LOCK])
        yield
