"""Opportunity search from an index: FTS5 trigram tables on SQLite, GIN trigram indexes on
PostgreSQL (docs/decisions/010-search-from-an-index.md)."""

import pytest
from django.db import connection

from opportune.opportunities import services
from opportune.opportunities.models import Opportunity
from opportune.organizations.services import organization_create, organization_update
from opportune.trash.services import organization_restore, organization_trash

on_sqlite = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's FTS5 index")
on_postgres = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's GIN")


def found(workspace, text):
    opportunities = Opportunity.objects.in_workspace(workspace).alive().search(text)
    return sorted(opportunity.name for opportunity in opportunities)


@pytest.fixture
def mueller(workspace):
    return organization_create(workspace=workspace, actor=None, name="Müller Anlagenbau AG")


@pytest.fixture
def opportunities(make_opportunity, mueller):
    make_opportunity(name="CRM rollout", description="Replace the spreadsheets by spring.")
    make_opportunity(name="Größere Lizenz", description="")
    make_opportunity(organization=mueller, name="Wartungsvertrag", description="Über 3 Jahre")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("BION-1", ["CRM rollout"]),  # the whole short name
        ("on-2", ["Größere Lizenz"]),  # part of the short name, case
        ("roll", ["CRM rollout"]),  # part of the name
        ("größere", ["Größere Lizenz"]),  # umlaut, lower case
        ("LIZENZ", ["Größere Lizenz"]),
        ("spreadsheets", ["CRM rollout"]),  # part of the description
        ("über", ["Wartungsvertrag"]),  # description with umlaut
        ("bionic", ["CRM rollout", "Größere Lizenz"]),  # the organization's name
        ("MÜLLER", ["Wartungsvertrag"]),  # the organization's name with umlaut
        ("anlagenbau ag", ["Wartungsvertrag"]),
        ("wa", ["Wartungsvertrag"]),  # two characters: the start of the name or short name
        ("b", ["CRM rollout", "Größere Lizenz"]),  # one character: BION-…
        ("ol", []),  # two characters inside a word match nothing
        ('"roll', []),  # quotes are text, not syntax
        ("roll OR lizenz", []),  # operators are text too
    ],
)
def test_search_finds_by_short_name_name_description_and_organization(
    workspace, opportunities, text, expected
):
    assert found(workspace, text) == expected


def test_search_never_finds_another_workspace(workspace, opportunities, foreign_opportunity):
    assert found(workspace, "secret") == []
    assert found(workspace, "initech") == []


def test_search_follows_an_edit(workspace, opportunity, member):
    services.opportunity_update(
        opportunity=opportunity,
        actor=member,
        version=opportunity.version,
        changes={"name": "Shop relaunch", "description": "Headless this time"},
    )
    assert found(workspace, "crm rollout") == []
    assert found(workspace, "relaunch") == found(workspace, "headless") == ["Shop relaunch"]


def test_search_follows_a_renamed_organization(workspace, opportunities, bionic):
    organization_update(organization=bionic, actor=None, key="", name="Cyborg AG")
    assert found(workspace, "cyborg") == ["CRM rollout", "Größere Lizenz"]
    assert found(workspace, "bionic") == []


def test_search_leaves_out_the_trash_and_finds_restored_opportunities(
    workspace, opportunity, member, bionic
):
    services.opportunity_delete(opportunity=opportunity, actor=member)
    assert found(workspace, "rollout") == []
    services.opportunity_restore(opportunity=opportunity, actor=member)
    assert found(workspace, "rollout") == ["CRM rollout"]
    organization_trash(organization=bionic, actor=member)
    assert found(workspace, "rollout") == []
    organization_restore(organization=bionic, actor=member)
    assert found(workspace, "rollout") == ["CRM rollout"]


def test_search_forgets_a_deleted_opportunity(workspace, opportunity):
    opportunity.delete()
    assert Opportunity.objects.search("rollout").count() == 0


def test_list_page_searches_through_the_index(member_client, workspace, opportunities):
    page = member_client.get(f"/w/{workspace.slug}/opportunities/", {"q": "über"})
    content = page.content.decode()
    assert "Wartungsvertrag" in content
    assert "CRM rollout" not in content and "Größere Lizenz" not in content


@on_sqlite
def test_search_reads_the_fts_tables_on_sqlite(workspace):
    opportunities = Opportunity.objects.in_workspace(workspace).alive().search("rollout")
    sql, params = opportunities.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = " ".join(row[-1] for row in cursor.fetchall())
    assert "SCAN opportunities_opportunity_fts VIRTUAL TABLE" in plan
    assert "SCAN organizations_organization_fts VIRTUAL TABLE" in plan
    assert "SCAN opportunities_opportunity " not in f"{plan} "


@on_postgres
def test_search_can_use_the_gin_trigram_indexes_on_postgres(workspace):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'opportunities_opportunity'"
        )
        indexes = {row[0] for row in cursor.fetchall()}
        # Tiny tables are read whole; forbidding that shows the indexes fit the query.
        cursor.execute("SET LOCAL enable_seqscan = off")
        sql, params = Opportunity.objects.search("rollout").query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = " ".join(row[0] for row in cursor.fetchall())
    trigram = {"opp_short_name_trgm", "opp_name_trgm", "opp_description_trgm"}
    assert trigram <= indexes
    assert all(index in plan for index in trigram)
