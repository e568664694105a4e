"""Short names KEY-N: N counts per organization, is never reused, and stays unique under load."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from opportune.opportunities import services
from opportune.opportunities.models import History, Opportunity
from opportune.organizations import services as organization_services
from opportune.organizations.models import Organization
from opportune.pipeline.models import Phase
from opportune.pipeline.services import create_defaults


@pytest.fixture
def pipeline(workspace):
    create_defaults(sender=None, workspace=workspace)
    return list(Phase.objects.in_workspace(workspace))


@pytest.fixture
def bion(workspace, owner, pipeline):
    organization = organization_services.organization_create(
        workspace=workspace, actor=owner, name="Bionic Systems GmbH"
    )
    assert organization.key == "BION"
    return organization


def new(organization, name="CRM rollout", **fields):
    return services.opportunity_create(
        workspace=organization.workspace,
        actor=None,
        organization=organization,
        name=name,
        **fields,
    )


@pytest.mark.django_db
def test_short_names_count_per_organization(bion):
    first, second = new(bion), new(bion, "Maintenance 2026")
    assert (first.short_name, first.number) == ("BION-1", 1)
    assert (second.short_name, second.number) == ("BION-2", 2)
    bion.refresh_from_db()
    assert bion.last_opportunity_number == 2


@pytest.mark.django_db
def test_another_organization_counts_from_one(workspace, owner, bion):
    new(bion), new(bion)
    nord = organization_services.organization_create(
        workspace=workspace, actor=owner, name="Nordlicht Logistik GmbH"
    )
    assert [new(nord).short_name, new(nord).short_name] == ["NORD-1", "NORD-2"]
    assert new(bion).short_name == "BION-3"


@pytest.mark.django_db
def test_the_same_key_in_another_workspace_counts_on_its_own(bion, other_workspace, outsider):
    create_defaults(sender=None, workspace=other_workspace)
    theirs = organization_services.organization_create(
        workspace=other_workspace, actor=outsider, name="Bionic Systems GmbH"
    )
    new(bion), new(bion)
    assert new(theirs).short_name == "BION-1"


@pytest.mark.django_db
def test_numbers_are_never_reused_after_deletion(bion):
    new(bion), new(bion)
    third = new(bion)
    services.opportunity_delete(opportunity=third, actor=None)
    assert new(bion).short_name == "BION-4"
    # Not even when the latest one is gone from the database for good (trash emptied).
    Opportunity.objects.filter(organization=bion).order_by("-number").first().delete()
    assert new(bion).short_name == "BION-5"
    restored = services.opportunity_restore(opportunity=third, actor=None)
    assert restored.short_name == "BION-3"


@pytest.mark.django_db
def test_a_refused_create_uses_up_no_number(bion):
    new(bion)
    with pytest.raises(ValidationError):
        new(bion, name="x" * 201)
    with pytest.raises(ValidationError):
        new(bion, probability=101)
    assert new(bion).short_name == "BION-2"
    assert History.objects.filter(field=History.Field.CREATED).count() == 2


@pytest.mark.django_db
def test_a_stale_organization_instance_still_gets_the_next_number(bion):
    stale = Organization.objects.get(pk=bion.pk)
    new(bion), new(bion)
    assert stale.last_opportunity_number == 0
    assert new(stale).short_name == "BION-3"


@pytest.mark.django_db
def test_number_and_short_name_cannot_be_edited(bion):
    opportunity = new(bion)
    for change in ({"short_name": "BION-99"}, {"number": 99}):
        with pytest.raises(ValueError, match="not editable"):
            services.opportunity_update(
                opportunity=opportunity, actor=None, version=None, changes=change
            )
    opportunity.refresh_from_db()
    assert (opportunity.short_name, opportunity.number) == ("BION-1", 1)


@pytest.mark.django_db
def test_editing_an_organization_loaded_earlier_keeps_the_count(owner, bion):
    edit_form_copy = Organization.objects.get(pk=bion.pk)
    new(bion)  # meanwhile someone creates BION-1
    organization_services.organization_update(
        organization=edit_form_copy,
        actor=owner,
        key=edit_form_copy.key,
        name=edit_form_copy.name,
        city="Berlin",
    )
    assert new(bion).short_name == "BION-2"


@pytest.mark.django_db
def test_the_database_refuses_a_duplicate_number_as_a_backstop(workspace, bion, pipeline):
    new(bion)

    def insert(number, short_name):
        with transaction.atomic():
            Opportunity.objects.create(
                workspace=workspace,
                organization=bion,
                number=number,
                short_name=short_name,
                name="Duplicate",
                phase=pipeline[0],
            )

    with pytest.raises(IntegrityError):
        insert(1, "BION-1X")  # same (organization, number)
    with pytest.raises(IntegrityError):
        insert(99, "BION-1")  # same (workspace, short_name)
    names = {c.name for c in Opportunity._meta.constraints}
    assert {"opportunity_number_unique", "opportunity_short_name_unique"} <= names
    assert Opportunity.objects.count() == 1


def _create_in_parallel(jobs, workers=8):
    """Run `opportunity_create` for each (organization, name) from `workers` threads at once.

    Each thread uses its own database connection and closes it when its job is done.
    """
    go = threading.Event()

    def work(job):
        organization, name = job
        try:
            go.wait(timeout=30)
            return new(organization, name).short_name
        finally:
            connection.close()

    with ThreadPoolExecutor(workers) as pool:
        futures = [pool.submit(work, job) for job in jobs]
        go.set()
        return [future.result(timeout=120) for future in futures]


@pytest.mark.django_db(transaction=True)
def test_fifty_parallel_creates_get_bion_1_to_50(bion):
    short_names = _create_in_parallel([(bion, f"Deal {n}") for n in range(50)])
    expected = [f"BION-{n}" for n in range(1, 51)]
    assert sorted(short_names, key=lambda name: int(name.split("-")[1])) == expected
    stored = Opportunity.objects.filter(organization=bion).values_list("number", flat=True)
    assert sorted(stored) == list(range(1, 51))
    bion.refresh_from_db()
    assert bion.last_opportunity_number == 50
    assert History.objects.filter(field=History.Field.CREATED).count() == 50


@pytest.mark.django_db(transaction=True)
def test_parallel_creates_for_two_organizations_count_separately(workspace, owner, bion):
    nord = organization_services.organization_create(
        workspace=workspace, actor=owner, name="Nordlicht Logistik GmbH"
    )
    jobs = [(bion if n % 2 else nord, f"Deal {n}") for n in range(30)]
    short_names = set(_create_in_parallel(jobs))
    assert short_names == {f"BION-{n}" for n in range(1, 16)} | {f"NORD-{n}" for n in range(1, 16)}
