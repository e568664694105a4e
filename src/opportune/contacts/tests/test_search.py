"""Contact search from an index: FTS5 trigram tables on SQLite, GIN trigram indexes on
PostgreSQL (docs/decisions/010-search-from-an-index.md)."""

import pytest
from django.db import connection
from django.urls import reverse

from opportune.contacts.models import Contact
from opportune.contacts.services import (
    contact_create,
    contact_delete,
    contact_restore,
    contact_update,
)
from opportune.organizations.services import organization_create, organization_update
from opportune.trash.services import organization_restore, organization_trash

on_sqlite = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's FTS5 index")
on_postgres = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's GIN")


def found(workspace, text):
    contacts = Contact.objects.in_workspace(workspace).alive().search(text)
    return sorted(contact.last_name for contact in contacts)


@pytest.fixture
def bionic(workspace):
    return organization_create(workspace=workspace, actor=None, name="Bionic Systems GmbH")


@pytest.fixture
def mueller(workspace):
    return organization_create(workspace=workspace, actor=None, name="Müller Anlagenbau AG")


def add(organization, first_name, last_name, email=""):
    return contact_create(
        workspace=organization.workspace,
        actor=None,
        organization=organization,
        first_name=first_name,
        last_name=last_name,
        email=email,
    )


@pytest.fixture
def contacts(bionic, mueller):
    add(bionic, "Lukas", "Ebner", "lukas.ebner@bionic.example")
    add(bionic, "Jörg", "Huber", "office@huber.example")
    add(mueller, "Anna", "Österreicher", "anna@mueller.example")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("kas", ["Ebner"]),  # part of the first name
        ("EBNER", ["Ebner"]),  # last name, case
        ("jörg", ["Huber"]),  # umlaut in the first name
        ("ÖSTERR", ["Österreicher"]),  # umlaut in the last name, upper case
        ("office@", ["Huber"]),  # part of the e-mail address
        ("bionic", ["Ebner", "Huber"]),  # the organization's name (and an e-mail address)
        ("anlagenbau", ["Österreicher"]),  # the organization's name only
        ("müller", ["Österreicher"]),  # the organization's name with umlaut
        ("lukas bionic", ["Ebner"]),  # every word must match, each anywhere
        ("bionic jörg", ["Huber"]),
        ("lukas anlagenbau", []),
        ("an", ["Österreicher"]),  # two characters: the start of the first or last name
        ("h", ["Huber"]),  # one character
        ("ö", ["Österreicher"]),  # one character with umlaut
        ("hu bionic", ["Huber"]),  # a short word beside a long one
        ('"kas', []),  # quotes are text, not syntax
    ],
)
def test_search_finds_by_name_email_and_organization(workspace, contacts, text, expected):
    assert found(workspace, text) == expected


def test_search_never_finds_another_workspace(workspace, other_workspace, contacts):
    globex = organization_create(workspace=other_workspace, actor=None, name="Bionic Globex")
    add(globex, "Lukas", "Secret")
    assert found(workspace, "lukas") == ["Ebner"]
    assert found(workspace, "globex") == []


def test_search_finds_contacts_made_in_bulk(workspace, bionic):
    Contact.objects.bulk_create(
        Contact(workspace=workspace, organization=bionic, last_name=f"Person {n:03}")
        for n in range(3)
    )
    assert found(workspace, "son 001") == ["Person 001"]


def test_search_follows_an_edit(workspace, bionic):
    ebner = add(bionic, "Lukas", "Ebner")
    contact_update(contact=ebner, actor=None, last_name="Egger")
    assert found(workspace, "ebner") == []
    assert found(workspace, "egger") == ["Egger"]


def test_search_follows_a_renamed_organization(workspace, bionic, contacts):
    organization_update(organization=bionic, actor=None, key="", name="Cyborg AG")
    assert found(workspace, "cyborg") == ["Ebner", "Huber"]
    assert found(workspace, "systems") == []


def test_search_leaves_out_the_trash_and_finds_restored_contacts(workspace, bionic):
    ebner = add(bionic, "Lukas", "Ebner")
    contact_delete(contact=ebner, actor=None)
    assert found(workspace, "ebner") == []
    contact_restore(contact=ebner, actor=None)
    assert found(workspace, "ebner") == ["Ebner"]
    organization_trash(organization=bionic, actor=None)
    assert found(workspace, "ebner") == []
    bionic.refresh_from_db()
    organization_restore(organization=bionic, actor=None)
    assert found(workspace, "ebner") == ["Ebner"]


def test_list_page_searches_through_the_index(member_client, workspace, contacts):
    response = member_client.get(
        reverse("contacts:list", args=[workspace.slug]), {"q": "jörg bionic"}
    )
    assert [c.last_name for c in response.context["page_obj"]] == ["Huber"]
    assert "1 contact" in response.content.decode()


@on_sqlite
def test_search_reads_the_fts_tables_on_sqlite(workspace):
    sql, params = Contact.objects.in_workspace(workspace).search("ebner").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = " ".join(row[-1] for row in cursor.fetchall())
    assert "SCAN contacts_contact_fts VIRTUAL TABLE" in plan
    assert "SCAN organizations_organization_fts VIRTUAL TABLE" in plan
    assert "SCAN contacts_contact " not in f"{plan} "


@on_postgres
def test_search_can_use_the_gin_trigram_indexes_on_postgres(workspace):
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'contacts_contact'")
        indexes = {row[0] for row in cursor.fetchall()}
        # Tiny tables are read whole; forbidding that shows the indexes fit the query.
        cursor.execute("SET LOCAL enable_seqscan = off")
        sql, params = Contact.objects.search("ebner").query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = " ".join(row[0] for row in cursor.fetchall())
    trigram = {"contact_first_trgm", "contact_last_trgm", "contact_email_trgm"}
    assert trigram <= indexes
    assert all(index in plan for index in trigram)
