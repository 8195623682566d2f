from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils.module_loading import module_has_submodule


def demo_modules() -> list[str]:
    """`<app>.demo` of every installed app that has one, in INSTALLED_APPS order.

    Each has `seed(*, stdout)`. INSTALLED_APPS lists an app after the apps it builds on
    (taijiang.core's territory and accounts first, the dashboard's rollups last), so that order
    is the seeding order. The same discovery as Django's `autodiscover_modules("demo")`, which
    imports the modules but does not hand them back in order.
    """
    return [f"{config.name}.demo" for config in apps.get_app_configs()
            if module_has_submodule(config.module, "demo")]


class Command(BaseCommand):
    help = "Load demo territory, accounts and data for every app. Safe to run again: existing rows are kept."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Create demo accounts even when DEBUG is off.")
        parser.add_argument(
            "--scale", choices=["district", "street"],
            help="After the demo, add five years of data at district scale (~10M rows, PostgreSQL only, "
                 "minutes) or street scale (a tenth, for CI). Needs a freshly migrated database.")
        parser.add_argument("--seed", type=int, default=18, help="Random seed of --scale (same seed, same rows).")

    def handle(self, *args, force=False, scale=None, seed=18, **options):
        if not settings.DEBUG and not force:
            raise CommandError("DEBUG is off: demo accounts have a public password. Use --force to seed anyway.")
        if scale and connection.vendor != "postgresql":
            # Checked before anything is written: the bulk generator is PostgreSQL SQL throughout.
            raise CommandError("--scale needs PostgreSQL (DATABASE_URL=postgres://…); SQLite only holds the small demo.")
        self.stdout.write("Seeding demo data…")
        for dotted in demo_modules():
            with transaction.atomic():
                import_module(dotted).seed(stdout=self.stdout)
        if scale:
            from taijiang.core.scale import ScaleError, seed_scale

            self.stdout.write(f"Adding {scale}-scale data (seed {seed})…")
            try:
                seed_scale(scale, seed=seed, stdout=self.stdout)
            except ScaleError as exc:
                raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
