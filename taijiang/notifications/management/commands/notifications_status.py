"""Print the outbox state: pending and failed deliveries and how long the oldest has waited."""

from django.core.management.base import BaseCommand

from taijiang.notifications.selectors import outbox_backlog


class Command(BaseCommand):
    help = "Show the notification outbox: pending, failed and the age of the oldest pending delivery."

    def handle(self, *args, **options):
        backlog = outbox_backlog()
        seconds = backlog["oldest_pending_seconds"]
        self.stdout.write(f"pending: {backlog['pending']}")
        self.stdout.write(f"failed: {backlog['failed']}")
        self.stdout.write(f"oldest pending age: {seconds} s ({_human(seconds)})")
        if backlog["failed"]:
            self.stdout.write("failed deliveries are listed for admins at /notifications/deliveries/")


def _human(seconds: int) -> str:
    if seconds < 60:
        return f"{seconds}s"
    minutes, _ = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    days, hours = divmod(hours, 24)
    return f"{days}d {hours}h {minutes}m" if days else f"{hours}h {minutes}m"
