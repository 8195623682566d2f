from importlib import import_module

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from taijiang.core import demo

# Each app may have `<app>/demo.py` with `seed(*, stdout)`, run in this order (dependencies first).
APP_SEEDERS = ["grid", "services", "appeals", "spaces", "rota", "taijiang.notifications", "taijiang.dashboard"]


class Command(BaseCommand):
    help = "Load demo territory, accounts and data for every app. Safe to run again: existing rows are kept."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Create demo accounts even when DEBUG is off.")

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError("DEBUG is off: demo accounts have a public password. Use --force to seed anyway.")
        self.stdout.write("Seeding demo data…")
        with transaction.atomic():
            demo.seed_territory(self.stdout)
            demo.seed_accounts(self.stdout)
        for dotted in APP_SEEDERS:
            try:
                module = import_module(f"{dotted}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"{dotted}.demo":
                    raise
                continue
            with transaction.atomic():
                module.seed(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
