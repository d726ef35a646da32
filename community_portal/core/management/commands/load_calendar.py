"""``manage.py load_calendar``: preload holidays and make-up working days."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from community_portal.core.calendar_preload import (
    YEARS_AHEAD,
    CalendarUnavailable,
    calendar_preload,
)


class Command(BaseCommand):
    help = (
        "Preload the holidays and make-up working days of settings.WORKDAY_CALENDAR "
        "(CN: chinese_calendar; another country code: holidays). Rows edited in the "
        "admin are kept. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "years",
            nargs="*",
            type=int,
            help=f"Years to load (default: this year and the next {YEARS_AHEAD}).",
        )
        parser.add_argument(
            "--country", help="An ISO country code instead of settings.WORKDAY_CALENDAR."
        )

    def handle(self, *args, years, country=None, **options):
        if not years:
            this_year = timezone.localdate().year
            years = list(range(this_year, this_year + YEARS_AHEAD + 1))
        country = settings.WORKDAY_CALENDAR if country is None else country
        try:
            result = calendar_preload(years=years, country=country)
        except CalendarUnavailable as error:
            raise CommandError(f"No calendar is known for {error}.") from error
        self.stdout.write(
            f"{country or '-'} {min(years)}-{max(years)}: {result.created} added, "
            f"{result.updated} updated, {result.removed} removed, "
            f"{result.kept} kept as edited by hand."
        )
