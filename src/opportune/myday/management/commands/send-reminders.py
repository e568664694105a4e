import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from opportune.myday.digest import send_digests


class Command(BaseCommand):
    help = "E-mail each person one digest of the reminders and tasks due today or overdue."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Send as if today were this day (YYYY-MM-DD).")
        parser.add_argument("--dry-run", action="store_true", help="Only list who would get mail.")

    def handle(self, *args, date=None, dry_run=False, **options):
        try:
            today = datetime.date.fromisoformat(date) if date else timezone.localdate()
        except ValueError:
            raise CommandError(f"--date must look like 2026-11-25, not {date!r}") from None
        sent = send_digests(today, dry_run=dry_run)
        verb = "would send" if dry_run else "sent"
        for email, count in sent:
            self.stdout.write(f"{verb} {count} items to {email}")
        self.stdout.write(self.style.SUCCESS(f"{len(sent)} digests {verb} for {today}."))
