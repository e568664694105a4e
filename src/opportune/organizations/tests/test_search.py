"""Organization search from an index: FTS5 trigram table on SQLite, GIN trigram indexes on
PostgreSQL (docs/decisions/010-search-from-an-index.md)."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from opportune.organizations.models import Organization
from opportune.organizations.services import (
    organization_create,
    organization_delete,
    organization_restore,
    organization_update,
)

on_sqlite = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's FTS5 index")
on_postgres = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's GIN")


def create(workspace, name, **fields):
    return organization_create(workspace=workspace, actor=None, name=name, **fields)


def found(workspace, text):
    organizations = Organization.objects.in_workspace(workspace).alive().search(text)
    return sorted(organization.name for organization in organizations)


@pytest.fixture
def organizations(workspace):
    create(workspace, "Bionic Systems GmbH", key="BION", city="Linz")
    create(workspace, "Müller Anlagenbau AG", key="MUEL", city="Graz")
    create(workspace, "Zeta Tools", key="ZETA", city="Zürich")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("bion", ["Bionic Systems GmbH"]),  # part of the name
        ("SYSTEMS", ["Bionic Systems GmbH"]),  # case
        ("ems gm", ["Bionic Systems GmbH"]),  # across a space
        ("müller", ["Müller Anlagenbau AG"]),  # umlaut, lower case
        ("MÜLLER", ["Müller Anlagenbau AG"]),  # umlaut, upper case
        ("uel", ["Müller Anlagenbau AG"]),  # part of the key
        ("ZETA", ["Zeta Tools"]),  # the whole key
        ("inz", ["Bionic Systems GmbH"]),  # part of the city
        ("zürich", ["Zeta Tools"]),  # city with umlaut
        ("m", ["Müller Anlagenbau AG"]),  # one character: the start of the name or key
        ("zE", ["Zeta Tools"]),  # two characters: the start, ignoring case
        ("to", []),  # two characters inside a word match nothing
        ("%", []),  # wildcards are text
        ("_", []),
        ('"bion', []),  # quotes are text, not syntax
        ("nothing like it", []),
    ],
)
def test_search_finds_by_name_key_and_city(workspace, organizations, text, expected):
    assert found(workspace, text) == expected


def test_blank_search_finds_everything(workspace, organizations):
    assert len(found(workspace, "  ")) == 3


def test_search_never_finds_another_workspace(workspace, other_workspace, organizations):
    create(other_workspace, "Bionic Clone", key="BICL")
    assert found(workspace, "bion") == ["Bionic Systems GmbH"]


def test_search_finds_a_new_organization_made_in_bulk(workspace):
    Organization.objects.bulk_create(
        Organization(workspace=workspace, name=f"Company {n:03}", key=f"C{n:03}") for n in range(3)
    )
    assert found(workspace, "pany 002") == ["Company 002"]


def test_search_follows_an_edit(workspace):
    bionic = create(workspace, "Bionic Systems GmbH", city="Linz")
    organization_update(organization=bionic, actor=None, key="", name="Cyborg AG", city="Wels")
    assert found(workspace, "bionic") == found(workspace, "linz") == []
    assert found(workspace, "cyborg") == found(workspace, "wels") == ["Cyborg AG"]


def test_search_leaves_out_the_trash_and_finds_a_restored_organization(workspace):
    bionic = create(workspace, "Bionic Systems GmbH")
    organization_delete(organization=bionic, actor=None)
    assert found(workspace, "bionic") == []
    organization_restore(organization=bionic, actor=None)
    assert found(workspace, "bionic") == ["Bionic Systems GmbH"]


def test_search_forgets_a_deleted_organization(workspace):
    bionic = create(workspace, "Bionic Systems GmbH")
    bionic.delete()
    assert Organization.objects.search("bionic").count() == 0


def test_list_page_searches_through_the_index(member_client, workspace, organizations):
    response = member_client.get(
        reverse("organizations:list", args=[workspace.slug]), {"q": "müller"}
    )
    assert [o.name for o in response.context["page_obj"]] == ["Müller Anlagenbau AG"]
    assert "1 organization" in response.content.decode()


@on_sqlite
def test_search_reads_the_fts_table_on_sqlite(workspace):
    sql, params = (
        Organization.objects.in_workspace(workspace).search("bion").query.sql_with_params()
    )
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = " ".join(row[-1] for row in cursor.fetchall())
    assert "SCAN organizations_organization_fts VIRTUAL TABLE" in plan
    assert "SCAN organizations_organization " not in f"{plan} "


@on_sqlite
@pytest.mark.django_db(transaction=True)
def test_search_stays_in_step_after_a_migration_rebuilds_the_table(workspace):
    """Django rebuilds a SQLite table for most column changes, which drops its triggers;
    the post_migrate handler puts them back and fills the index again."""
    city = Organization._meta.get_field("city")
    wider = city.clone()
    wider.set_attributes_from_name("city")
    wider.model, wider.max_length = Organization, 101
    with connection.schema_editor() as editor:
        editor.alter_field(Organization, city, wider)
    try:
        create(workspace, "Written While The Triggers Were Gone")
        call_command("migrate", verbosity=0)
        assert found(workspace, "triggers were gone") == ["Written While The Triggers Were Gone"]
    finally:
        with connection.schema_editor() as editor:
            editor.alter_field(Organization, wider, city)
        call_command("migrate", verbosity=0)
    bionic = create(workspace, "Bionic Systems GmbH")
    organization_update(organization=bionic, actor=None, key="", name="Cyborg AG")
    assert found(workspace, "cyborg") == ["Cyborg AG"]


@on_postgres
def test_search_can_use_the_gin_trigram_indexes_on_postgres(workspace):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'organizations_organization'"
        )
        indexes = {row[0] for row in cursor.fetchall()}
        # Tiny tables are read whole; forbidding that shows the index fits the query.
        cursor.execute("SET LOCAL enable_seqscan = off")
        sql, params = Organization.objects.search("bion").query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = " ".join(row[0] for row in cursor.fetchall())
    trigram = {"organization_name_trgm", "organization_key_trgm", "organization_city_trgm"}
    assert trigram <= indexes
    assert all(index in plan for index in trigram)
