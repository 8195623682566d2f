from django.core.management.base import BaseCommand, CommandError

from taijiang.dashboard.services import rollup_days


class Command(BaseCommand):
    help = "Backfill the dashboard's daily figures for the last N days (yesterday backwards)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=30)

    def handle(self, *args, days, **options):
        if not 1 <= days <= 3660:
            raise CommandError("--days must be between 1 and 3660")
        rows = rollup_days(days=days)
        self.stdout.write(f"rolled up {days} day(s), {rows} row(s)")
