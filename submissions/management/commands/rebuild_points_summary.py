"""Rebuild the leaderboards' summary rows from the points ledger, or check them.

    manage.py rebuild_points_summary           # replace every row, in one transaction
    manage.py rebuild_points_summary --check   # print differences; exit 1 if any

The services keep the summary exact in the transaction of every award and
correction; rebuild after loading ledger rows by other means (bulk loads,
restores). The output names members by number only.
"""

import sys

from django.core.management.base import BaseCommand

from submissions.points_summary import summary_differences, summary_rebuild


class Command(BaseCommand):
    help = (
        "Rebuild the leaderboards' points totals from the ledger (one transaction), or with "
        "--check print every difference and exit with status 1 if there is any."
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
            self.stdout.write("Points summary rebuilt from the ledger.")
            return
        differences = summary_differences()
        for line in differences:
            self.stdout.write(line)
        if differences:
            self.stderr.write(f"{len(differences)} difference(s) between summary and ledger.")
            sys.exit(1)
        self.stdout.write("Points summary matches the ledger.")
