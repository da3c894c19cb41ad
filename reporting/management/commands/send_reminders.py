from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from reporting.reminders import send_reminders


class Command(BaseCommand):
    help = (
        "E-mail every partner reporter whose report is due within --days days or late, and the "
        "Flemish officers of every partnership whose expense claim of the past year is not "
        "submitted, on the programme's reminder day before the claim deadline and on the day "
        "after it; each in their own language. Meant to run daily from a scheduler (cron, "
        "systemd timer)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, default=14, help="remind this many days before the due date (default 14)"
        )
        parser.add_argument("--today", help="the date to count from, YYYY-MM-DD (default: today)")

    def handle(self, *args, **options):
        if options["days"] < 0:
            raise CommandError("--days must be 0 or more.")
        try:
            today = date.fromisoformat(options["today"]) if options["today"] else timezone.localdate()
        except ValueError:
            raise CommandError(f"--today {options['today']!r} is not a date: write it as YYYY-MM-DD.") from None
        sent = send_reminders(today, options["days"])
        self.stdout.write(f"{sent} reminder(s) sent.")
