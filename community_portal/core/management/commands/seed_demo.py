"""``manage.py seed_demo``: demo data for every app, safe to run again."""

import importlib

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from community_portal.core import page_cache


class Command(BaseCommand):
    help = (
        "Create the demo data: accounts, and what each app adds in its demo.py. "
        "Idempotent: a second run changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Run even with DEBUG off (demo accounts have published passwords).",
        )

    def handle(self, *args, allow_production=False, **options):
        if not settings.DEBUG and not allow_production:
            raise CommandError(
                "DEBUG is off: demo accounts have published passwords. "
                "Pass --allow-production if you really mean it."
            )
        logins = []
        with transaction.atomic():
            for app_config in apps.get_app_configs():
                module = _demo_module(app_config.name)
                if module is None:
                    continue
                logins.extend(module.seed() or [])
            # Demo data is partly written with QuerySet.update(), which sends no signals.
            page_cache.bump_all()
        self.stdout.write(self.style.SUCCESS("Demo data is in place. Demo logins:"))
        for login in logins:
            self.stdout.write(f"  {login.role:<10} {login.email:<28} password: {login.password}")


def _demo_module(app_name: str):
    try:
        return importlib.import_module(f"{app_name}.demo")
    except ModuleNotFoundError as error:
        if error.name == f"{app_name}.demo":
            return None
        raise
