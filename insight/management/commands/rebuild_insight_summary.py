"""Rebuild the health dashboard's summary rows (first selections, selections, event attendance) from
the submissions and registrations, or check them.

    manage.py rebuild_insight_summary           # replace every row, in one transaction
    manage.py rebuild_insight_summary --check   # print differences; exit 1 if any

The selection service and the registrations' saves keep them exact in their
transaction; rebuild after loading rows by other means (bulk loads, restores).
The output names members and events by number only.
"""

import sys

from django.core.management.base import BaseCommand

from insight.summaries import summary_differences, summary_rebuild


class Command(BaseCommand):
    help = (
        "Rebuild the health dashboard's summaries from the submissions and registrations "
        "(one transaction), or with --check print every difference and exit with status 1 "
        "if there is any."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help="Compare only: print the differences, change nothing.",
        )

    def handle(self, *args, check=False, **options):
        if not check:
            summary_rebuild()
            self.stdout.write("Insight summary rebuilt from the submissions and registrations.")
            return
        differences = summary_differences()
        for line in differences:
            self.stdout.write(line)
        if differences:
            self.stderr.write(f"{len(differences)} difference(s) between the summary and its rows.")
            sys.exit(1)
        self.stdout.write("Insight summary matches the submissions and registrations.")
