"""Run a scheduled reminder by hand, or list them with their schedules.

    manage.py remind --list
    manage.py remind certificate-expiry --dry-run
    manage.py remind program-deadlines --date 2026-05-03
    manage.py remind events --now 2026-05-03T18:00

The output names each recipient by public name and member number, never by
e-mail address: it may be pasted into a ticket. The address is in the admin.
"""

from datetime import datetime, time

from celery.schedules import crontab
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone, translation

from community_portal.notifications.messages import render_message
from community_portal.notifications.reminders import get_reminder, recipients_by_id, reminders


def describe_schedule(schedule) -> str:
    """A beat schedule in words: "daily at 09:00", "every 15 minutes", or its crontab fields."""
    if schedule is None:
        return "not scheduled"
    if isinstance(schedule, int | float):
        return f"every {int(schedule)} seconds"
    if isinstance(schedule, crontab):
        fields = [
            str(schedule._orig_minute),
            str(schedule._orig_hour),
            str(schedule._orig_day_of_month),
            str(schedule._orig_month_of_year),
            str(schedule._orig_day_of_week),
        ]
        minute, hour, *rest = fields
        if rest == ["*", "*", "*"]:
            if minute.isdigit() and hour.isdigit():
                return f"daily at {int(hour):02d}:{int(minute):02d} ({settings.CELERY_TIMEZONE})"
            if minute.startswith("*/") and hour == "*":
                return f"every {minute[2:]} minutes"
        return f"crontab {' '.join(fields)} ({settings.CELERY_TIMEZONE})"
    return str(schedule)


class Command(BaseCommand):
    help = (
        "Run a scheduled reminder now (--dry-run lists who would be reminded and writes "
        "nothing), or --list the reminders and their schedules."
    )

    def add_arguments(self, parser):
        parser.add_argument("name", nargs="?", help="the reminder to run (see --list)")
        parser.add_argument(
            "--list", action="store_true", help="list the reminders and their schedules"
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="list who would be reminded, and send nothing",
        )
        when = parser.add_mutually_exclusive_group()
        when.add_argument("--date", help="run as at the start of this local day (YYYY-MM-DD)")
        when.add_argument(
            "--now", help="run as at this moment (ISO 8601; without an offset, local time)"
        )

    def handle(self, *args, name=None, list=False, dry_run=False, date=None, now=None, **options):
        if list:
            self._list()
            return
        if not name:
            raise CommandError("Name a reminder to run, or use --list.")
        reminder = get_reminder(name)
        if reminder is None:
            known = ", ".join(r.name for r in reminders())
            raise CommandError(f"No reminder is called {name!r}. The reminders: {known}.")
        moment = self._moment(date=date, now=now)
        when = timezone.localtime(moment).strftime("%Y-%m-%d %H:%M %Z")
        verb = "would be sent" if dry_run else "sent"
        self.stdout.write(f"{reminder.name} as at {when}:")
        count = reminder.run(now=moment, dry_run=dry_run, report=self._list_batch)
        self.stdout.write(f"{count} reminder(s) {verb}.")

    def _list_batch(self, batch):
        """One line per reminder of a batch, its recipients' names read in one query."""
        names = recipients_by_id({item.recipient_id for item in batch})
        with translation.override(settings.LANGUAGE_CODE):
            for item in batch:
                recipient = names[item.recipient_id]
                self.stdout.write(
                    f"  {recipient.public_name} (member #{recipient.pk}): "
                    f"{render_message(item.subject, item.params)}  [{item.key}]"
                )

    def _list(self):
        with translation.override(settings.LANGUAGE_CODE):
            for reminder in reminders():
                self.stdout.write(
                    f"{reminder.name:<20} {describe_schedule(reminder.schedule):<40} "
                    f"{reminder.description}"
                )

    def _moment(self, *, date: str | None, now: str | None) -> datetime:
        if date:
            try:
                day = datetime.strptime(date, "%Y-%m-%d").date()
            except ValueError:
                raise CommandError(f"--date takes a date as YYYY-MM-DD, not {date!r}.") from None
            return timezone.make_aware(datetime.combine(day, time.min))
        if now:
            try:
                moment = datetime.fromisoformat(now)
            except ValueError:
                raise CommandError(
                    f"--now takes an ISO 8601 moment such as 2026-05-03T18:00, not {now!r}."
                ) from None
            return moment if timezone.is_aware(moment) else timezone.make_aware(moment)
        return timezone.now()
