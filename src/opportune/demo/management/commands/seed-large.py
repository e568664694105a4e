"""`opportune seed-large`: the workspace "large" with a deterministic, realistic dataset of the
asked size, for the benchmark harness (how and why: opportune/demo/large.py)."""

from django.core.management.base import BaseCommand, CommandError

from opportune.demo import large
from opportune.opportunities.models import Opportunity
from opportune.workspaces.models import Workspace


class Command(BaseCommand):
    help = (
        "Fill the workspace “large” with the given number of opportunities and their "
        "organizations, contacts, journal, tasks and custom values; the same data on every run."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--opportunities",
            type=int,
            default=100_000,
            help="How many opportunities; everything else grows with them (default 100,000).",
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Delete the workspace “large” first if it exists.",
        )

    def handle(self, *args, opportunities, replace, **options):
        if opportunities < 1:
            raise CommandError("--opportunities must be at least 1.")
        seeder = large.LargeWorkspace(opportunities=opportunities, say=self.stdout.write)
        existing = Workspace.objects.filter(slug=large.SLUG).first()
        if existing is not None:
            if not replace:
                count = Opportunity.objects.filter(workspace=existing).count()
                self.stdout.write(
                    f"The workspace “{large.SLUG}” exists already ({count:,} opportunities); "
                    "nothing changed. --replace builds it anew."
                )
                return
            seeder.remove(existing)
        seeder.fill()
        self.stdout.write(
            self.style.SUCCESS(
                f"Workspace “{large.NAME}” ready at /w/{large.SLUG}/ ({opportunities:,} "
                f"opportunities). Sign in as {large.BENCH_EMAIL}, password "
                f"{large.BENCH_PASSWORD}; the opportunity page is measured on "
                f"{seeder.showcase.short_name}."
            )
        )
