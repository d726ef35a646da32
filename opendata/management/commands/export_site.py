"""``manage.py export_site --format hugo --out DIR``: the data a Hugo site is built from."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from opendata.export.hugo import write_hugo_site


class Command(BaseCommand):
    help = (
        "Write the stations (in seed 003's front matter), the showcase and the "
        "acknowledgments, in every language, as a Hugo site's content, data and images."
    )

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["hugo"], default="hugo")
        parser.add_argument("--out", required=True, type=Path, help="the Hugo site's folder")

    def handle(self, *args, out: Path, **options):
        if out.exists() and not out.is_dir():
            raise CommandError(f"{out} is not a folder.")
        written = write_hugo_site(out)
        self.stdout.write(f"Wrote {len(written)} files under {out}.")
