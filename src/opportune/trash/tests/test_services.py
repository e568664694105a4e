"""The trash service: an organization goes and comes back with what went with it."""

import pytest

from opportune.contacts.models import Contact
from opportune.contacts.services import contact_create, contact_delete
from opportune.opportunities.models import Opportunity
from opportune.opportunities.services import opportunity_delete
from opportune.organizations.models import Organization
from opportune.organizations.services import organization_create
from opportune.trash.services import organization_restore, organization_trash


@pytest.fixture
def ebner(workspace, member, bionic):
    return contact_create(workspace=workspace, actor=member, organization=bionic, last_name="Ebner")


def test_organization_contacts_and_opportunities_go_at_one_instant(bionic, ebner, opportunity):
    organization_trash(organization=bionic, actor=None)
    instants = {
        Organization.objects.get().deleted_at,
        Contact.objects.get().deleted_at,
        Opportunity.objects.get().deleted_at,
    }
    assert len(instants) == 1 and None not in instants


def test_restore_brings_back_exactly_what_went_with_it(
    workspace, member, bionic, ebner, make_opportunity
):
    huber = contact_create(
        workspace=workspace, actor=member, organization=bionic, last_name="Huber"
    )
    kept, dropped = make_opportunity(name="Portal"), make_opportunity(name="Shop")
    contact_delete(contact=huber, actor=None)
    opportunity_delete(opportunity=dropped, actor=None)
    organization_trash(organization=bionic, actor=None)

    organization_restore(organization=Organization.objects.get(), actor=None)

    assert Organization.objects.alive().get() == bionic
    assert list(Contact.objects.alive()) == [ebner]
    assert list(Contact.objects.in_trash()) == [huber]
    assert list(Opportunity.objects.alive()) == [kept]
    assert list(Opportunity.objects.in_trash()) == [dropped]


def test_restore_takes_the_instant_from_the_organization_it_is_given(bionic, ebner, opportunity):
    organization_trash(organization=bionic, actor=None)
    restored = organization_restore(organization=bionic, actor=None)
    assert restored.deleted_at is None
    assert Contact.objects.alive().get() == ebner
    assert Opportunity.objects.alive().get() == opportunity


def test_restoring_an_organization_not_in_the_trash_changes_nothing(workspace, bionic, ebner):
    contact_delete(contact=ebner, actor=None)
    assert organization_restore(organization=bionic, actor=None) == bionic
    assert Organization.objects.alive().get() == bionic
    assert Contact.objects.in_trash().get() == ebner


def test_trashing_touches_no_other_organization(workspace, owner, bionic, make_opportunity):
    acme = organization_create(workspace=workspace, actor=owner, name="Acme Tools")
    theirs = make_opportunity(organization=acme)
    organization_trash(organization=bionic, actor=None)
    assert Organization.objects.alive().get() == acme
    assert Opportunity.objects.alive().get() == theirs
