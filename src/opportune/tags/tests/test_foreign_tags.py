"""Every service that takes tags refuses another workspace's (or unknown ones) by itself, so the
API and imports cannot attach them; nothing is written."""

import pytest
from django.core.exceptions import ValidationError

from opportune.opportunities import services as opportunity_services
from opportune.opportunities.models import Opportunity
from opportune.organizations.models import Organization
from opportune.organizations.services import organization_create, organization_update
from opportune.tags.services import tag_create

pytestmark = pytest.mark.django_db

REFUSED = {"tags": ["Choose tags of this workspace."]}


@pytest.fixture
def ours(workspace):
    return tag_create(workspace=workspace, name="Priority", colour="red")


@pytest.fixture
def foreign(other_workspace):
    return tag_create(workspace=other_workspace, name="Priority", colour="red")


def test_a_new_opportunity_takes_no_foreign_tag(make_opportunity, bionic, ours, foreign):
    with pytest.raises(ValidationError) as error:
        make_opportunity(tags=[ours, foreign])
    assert error.value.message_dict == REFUSED
    assert not Opportunity.objects.exists()
    bionic.refresh_from_db()
    assert bionic.last_opportunity_number == 0


def test_an_edited_opportunity_takes_no_foreign_or_unknown_tag(opportunity, member, ours, foreign):
    for tags in ([ours, foreign], [foreign.pk], [ours.pk, 999_999]):
        with pytest.raises(ValidationError) as error:
            opportunity_services.opportunity_update(
                opportunity=opportunity, actor=member, version=1, changes={}, tags=tags
            )
        assert error.value.message_dict == REFUSED
    assert not opportunity.tags.exists()
    opportunity.refresh_from_db()
    assert opportunity.version == 1
    opportunity_services.opportunity_update(
        opportunity=opportunity, actor=member, version=1, changes={}, tags=[ours.pk]
    )
    assert list(opportunity.tags.all()) == [ours]


def test_a_new_organization_takes_no_foreign_tag(workspace, owner, ours, foreign):
    with pytest.raises(ValidationError) as error:
        organization_create(workspace=workspace, actor=owner, name="Nordlicht", tags=[foreign])
    assert error.value.message_dict == REFUSED
    assert not Organization.objects.exists()


def test_an_edited_organization_takes_no_foreign_tag(bionic, owner, ours, foreign):
    with pytest.raises(ValidationError) as error:
        organization_update(
            organization=bionic, actor=owner, key="BION", name="Renamed", tags=[ours, foreign]
        )
    assert error.value.message_dict == REFUSED
    bionic.refresh_from_db()
    assert (bionic.name, list(bionic.tags.all())) == ("Bionic Systems GmbH", [])
    organization_update(organization=bionic, actor=owner, key="BION", name="Bionic", tags=[ours])
    assert list(bionic.tags.all()) == [ours]
