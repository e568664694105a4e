"""Services trust no caller: custom fields, options, users and contacts of another workspace
(or another field, or another organization) are refused by the service itself, whatever the
entry point, and nothing is written. Tags: tags/tests/test_foreign_tags.py."""

import pytest
from django.core.exceptions import ValidationError

from opportune.contacts.services import contact_create
from opportune.opportunities import custom_values, members, services
from opportune.opportunities.models import CustomFieldValue, Member, Opportunity
from opportune.organizations.services import organization_create
from opportune.pipeline import services as pipeline_services
from opportune.pipeline.models import FieldType

pytestmark = pytest.mark.django_db


def _field(workspace, key, field_type, options=()):
    return pipeline_services.custom_field_create(
        workspace=workspace,
        label=key.title(),
        key=key,
        type=field_type,
        is_required=False,
        is_shown_in_list=False,
        options=list(options),
    )


@pytest.fixture
def region(workspace):
    return _field(workspace, "region", FieldType.SINGLE_SELECT, ["North", "South"])


@pytest.fixture
def markets(workspace):
    return _field(workspace, "markets", FieldType.MULTI_SELECT, ["CRM", "ERP"])


@pytest.fixture
def theirs(other_workspace):
    return _field(other_workspace, "region", FieldType.SINGLE_SELECT, ["North"])


def _refused_on_create(make_opportunity, bionic, custom) -> ValidationError:
    bionic.refresh_from_db()
    numbered, count = bionic.last_opportunity_number, Opportunity.objects.count()
    with pytest.raises(ValidationError) as error:
        make_opportunity(custom=custom)
    assert Opportunity.objects.count() == count
    assert not CustomFieldValue.objects.exists()
    bionic.refresh_from_db()
    assert bionic.last_opportunity_number == numbered  # the refused create used up no number
    return error.value


def _refused_on_update(opportunity, member, custom) -> ValidationError:
    before = list(CustomFieldValue.objects.values_list("field", "option", "user", "text"))
    with pytest.raises(ValidationError) as error:
        services.opportunity_update(
            opportunity=opportunity, actor=member, version=1, changes={}, custom=custom
        )
    assert list(CustomFieldValue.objects.values_list("field", "option", "user", "text")) == before
    opportunity.refresh_from_db()
    assert opportunity.version == 1
    return error.value


def test_a_custom_field_of_another_workspace_is_refused(make_opportunity, bionic, theirs):
    error = _refused_on_create(make_opportunity, bionic, {theirs: theirs.options.get()})
    assert error.message_dict == {"cf_region": ["Choose a custom field of this workspace."]}


def test_an_option_of_another_workspace_is_refused(
    make_opportunity, opportunity, member, bionic, region, theirs
):
    foreign = theirs.options.get()
    error = _refused_on_update(opportunity, member, {region: foreign})
    assert error.message_dict == {"cf_region": ["Choose an option of “Region”."]}
    _refused_on_create(make_opportunity, bionic, {region: foreign})


def test_an_option_of_another_field_is_refused(opportunity, member, region, markets):
    error = _refused_on_update(opportunity, member, {region: markets.options.first()})
    assert error.message_dict == {"cf_region": ["Choose an option of “Region”."]}


def test_a_multi_select_with_one_foreign_option_is_refused(
    opportunity, member, region, markets, theirs
):
    crm = markets.options.get(label="CRM")
    services.opportunity_update(
        opportunity=opportunity, actor=member, version=1, changes={}, custom={markets: [crm]}
    )
    opportunity.refresh_from_db()
    assert opportunity.version == 2
    for stranger in [theirs.options.get(), region.options.first()]:
        with pytest.raises(ValidationError) as error:
            services.opportunity_update(
                opportunity=opportunity,
                actor=member,
                version=2,
                changes={},
                custom={markets: [crm, stranger]},
            )
        assert list(error.value.message_dict) == ["cf_markets"]
    assert list(CustomFieldValue.objects.values_list("option", flat=True)) == [crm.pk]


def test_a_user_who_is_not_a_member_is_refused(
    make_opportunity, opportunity, member, viewer, bionic, workspace, outsider
):
    lead = _field(workspace, "lead", FieldType.USER)
    error = _refused_on_update(opportunity, member, {lead: outsider})
    assert error.message_dict == {"cf_lead": ["Choose a member of this workspace."]}
    services.opportunity_update(
        opportunity=opportunity, actor=member, version=1, changes={}, custom={lead: viewer}
    )
    assert CustomFieldValue.objects.get(field=lead).user == viewer


def test_storing_values_directly_checks_them_too(opportunity, region, theirs, outsider):
    with pytest.raises(ValidationError) as error:
        custom_values.store(opportunity, {region: theirs.options.get(), theirs: None})
    assert set(error.value.message_dict) == {"cf_region"}
    assert not CustomFieldValue.objects.exists()


def test_a_contact_of_another_organization_or_workspace_is_no_member(
    opportunity, member, workspace, owner, other_workspace, outsider
):
    nordlicht = organization_create(workspace=workspace, actor=owner, name="Nordlicht GmbH")
    initech = organization_create(workspace=other_workspace, actor=outsider, name="Initech AG")
    strangers = [
        contact_create(workspace=workspace, actor=owner, organization=nordlicht, last_name="Ek"),
        contact_create(
            workspace=other_workspace, actor=outsider, organization=initech, last_name="Lumbergh"
        ),
    ]
    for contact in strangers:
        with pytest.raises(ValidationError) as error:
            members.member_add(
                opportunity=opportunity, actor=member, attitude="neutral", contact=contact
            )
        assert error.value.message_dict == {"contact": ["Choose a contact of Bionic Systems GmbH."]}
    assert not Member.objects.exists()
