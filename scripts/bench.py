"""The benchmark harness: fills a workspace with many opportunities and times the busiest pages.

    make bench                      # 100,000 opportunities in var/bench.sqlite3
    BENCH_OPPORTUNITIES=20000 make bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/opportune_bench make bench

Prints, per page, the median and worst time of several requests and the number of queries.
Timings are for reading, not for asserting: tests assert query counts, never seconds.
"""

import os
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench.sqlite3'}")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "opportune.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from opportune.accounts.models import User  # noqa: E402
from opportune.opportunities.models import Opportunity, Phase  # noqa: E402
from opportune.organizations.models import Organization  # noqa: E402
from opportune.workspaces import services as workspace_services  # noqa: E402
from opportune.workspaces.models import Workspace  # noqa: E402

TARGET = int(os.environ.get("BENCH_OPPORTUNITIES", "100000"))
ORGANIZATIONS = max(10, TARGET // 50)
REPEAT = 7


def fill(workspace, user):
    """Bulk rows (not the services): this measures reading, and the services' per-row
    locking would make the fill take minutes. Numbers follow the same KEY-N scheme."""
    have = Opportunity.objects.in_workspace(workspace).count()
    if have >= TARGET:
        return
    phases = list(Phase.objects.in_workspace(workspace))
    with transaction.atomic():
        if not Organization.objects.in_workspace(workspace).exists():
            Organization.objects.bulk_create(
                Organization(workspace=workspace, name=f"Company {n:05d} GmbH", key=f"C{n:05d}")
                for n in range(ORGANIZATIONS)
            )
        organizations = list(Organization.objects.in_workspace(workspace).order_by("pk"))
        batch = []
        for n in range(have, TARGET):
            organization = organizations[n % len(organizations)]
            organization.last_opportunity_number += 1
            number = organization.last_opportunity_number
            phase = phases[n % len(phases)]
            batch.append(
                Opportunity(
                    workspace=workspace,
                    organization=organization,
                    number=number,
                    short_name=f"{organization.key}-{number}",
                    name=f"Project {n}",
                    phase=phase,
                    probability=phase.default_probability,
                    owner=user,
                    expected_value=Decimal(1000 + n % 50000),
                )
            )
            if len(batch) == 5000:
                Opportunity.objects.bulk_create(batch)
                batch = []
        Opportunity.objects.bulk_create(batch)
        Organization.objects.bulk_update(organizations, ["last_opportunity_number"])
    # Fresh statistics, as autovacuum (PostgreSQL) or a routine ANALYZE would leave them.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def measure(client, url):
    times = []
    for _ in range(REPEAT):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - start) * 1000)
        if response.status_code != 200:
            sys.exit(f"{url} answered {response.status_code}")
    return statistics.median(times), max(times), len(queries.captured_queries)


def main():
    call_command("migrate", verbosity=0)
    user = User.objects.filter(email="bench@opportune.example").first() or (
        User.objects.create_user("bench@opportune.example", "bench-password", full_name="Bench")
    )
    workspace = Workspace.objects.filter(slug="bench").first()
    if workspace is None:
        workspace = workspace_services.workspace_create(name="Bench", owner=user)
        Workspace.objects.filter(pk=workspace.pk).update(slug="bench")
        workspace.refresh_from_db()
    started = time.perf_counter()
    fill(workspace, user)
    count = Opportunity.objects.in_workspace(workspace).count()
    print(
        f"{count:,} opportunities, {ORGANIZATIONS:,} organizations "
        f"({connection.vendor}; filled in {time.perf_counter() - started:.1f} s)"
    )
    client = Client()
    client.force_login(user)
    phase = Phase.objects.in_workspace(workspace).first()
    pages = {
        "opportunity list, page 1": "/w/bench/opportunities/",
        "opportunity list, page 500": "/w/bench/opportunities/?page=500",
        "opportunity list, by value": "/w/bench/opportunities/?sort=-value",
        "opportunity list, one phase": f"/w/bench/opportunities/?phase={phase.pk}",
        "opportunity list, search": "/w/bench/opportunities/?q=Project+4242",
        "organization list": "/w/bench/organizations/",
        "opportunity page": "/w/bench/o/C00001-1/",
        "my day": "/w/bench/my-day/",
    }
    print(f"{'page':32} {'median ms':>10} {'worst ms':>10} {'queries':>8}")
    for label, url in pages.items():
        median, worst, queries = measure(client, url)
        print(f"{label:32} {median:10.1f} {worst:10.1f} {queries:8d}")


if __name__ == "__main__":
    main()
