"""`opportune demo`: the demo workspace with its team, for `make run` and for trying Opportune."""

import random

from django.core.management.base import BaseCommand
from django.db import transaction

from opportune.accounts.models import User
from opportune.demo.activity import fill_activity
from opportune.demo.sales import SEED, fill_sales_data
from opportune.organizations.models import Organization
from opportune.workspaces import services as workspace_services
from opportune.workspaces.models import Membership, Role, Workspace

DEMO_EMAIL = "demo@opportune.example"
DEMO_PASSWORD = "demo-opportune"
DEMO_WORKSPACE = "Demo Sales GmbH"
DEMO_TEAM = [
    ("lukas.ebner@opportune.example", "Lukas Ebner", Role.ADMIN, "de"),
    ("anna.schulz@opportune.example", "Anna Schulz", Role.MEMBER, "de"),
    ("james.miller@opportune.example", "James Miller", Role.MEMBER, "en"),
    ("vera.viewer@opportune.example", "Vera Viewer", Role.VIEWER, "en"),
]


class Command(BaseCommand):
    help = "Create (idempotently) the demo workspace with a demo admin and print how to sign in."

    @transaction.atomic
    def handle(self, *args, **options):
        admin = User.objects.filter(email=DEMO_EMAIL).first()
        if admin is None:
            admin = User.objects.create_user(DEMO_EMAIL, DEMO_PASSWORD, full_name="Demo Admin")
        workspace = Workspace.objects.filter(slug="demo").first()
        if workspace is None:
            workspace = workspace_services.workspace_create(name=DEMO_WORKSPACE, owner=admin)
            workspace.slug = "demo"
            workspace.save(update_fields=["slug"])
        team = [admin]
        for email, name, role, language in DEMO_TEAM:
            user = User.objects.filter(email=email).first() or User.objects.create_user(
                email, DEMO_PASSWORD, full_name=name, language=language
            )
            Membership.objects.get_or_create(
                workspace=workspace, user=user, defaults={"role": role}
            )
            team.append(user)
        self.fill(workspace, team)
        self.stdout.write(
            self.style.SUCCESS(
                "\nDemo workspace ready at http://127.0.0.1:8000/w/demo/\n"
                f"Sign in with e-mail {DEMO_EMAIL} and password {DEMO_PASSWORD}\n"
                f"(team members such as lukas.ebner@opportune.example use the same password)\n"
            )
        )

    def fill(self, workspace, team):
        """Business data of the demo workspace; later issues add theirs here."""
        # Filled before (this command ran already): running it again creates nothing new.
        if not Organization.objects.in_workspace(workspace).exists():
            fill_sales_data(workspace, team)
        fill_activity(workspace, team, random.Random(SEED + 1))
