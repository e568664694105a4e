"""A workspace with something of everything the list filters by."""

import pytest

from opportune.opportunities import services
from opportune.organizations.services import organization_create
from opportune.pipeline.models import Category, FieldType
from opportune.pipeline.services import custom_field_create
from opportune.tags.services import tag_create


@pytest.fixture
def globex_org(workspace, owner):
    return organization_create(workspace=workspace, actor=owner, name="Globex Handel GmbH")


@pytest.fixture
def categories(workspace, phases):
    """Acme's default categories by name (created with the phases)."""
    return {category.name: category for category in Category.objects.in_workspace(workspace)}


@pytest.fixture
def tags(workspace):
    return {
        name: tag_create(workspace=workspace, name=name, colour="blue")
        for name in ("Hot lead", "Tender", "Renewal")
    }


@pytest.fixture
def fields(workspace):
    """One custom field of every type, by key."""

    def field(key, type, **extra):
        return custom_field_create(
            workspace=workspace,
            label=key.replace("_", " ").capitalize(),
            key=key,
            type=type,
            is_required=False,
            is_shown_in_list=False,
            **extra,
        )

    return {
        "region": field("region", FieldType.SINGLE_SELECT, options=["DACH", "Nordics"]),
        "products": field("products", FieldType.MULTI_SELECT, options=["CRM", "API"]),
        "employees": field("employees", FieldType.NUMBER),
        "budget": field("budget", FieldType.MONEY),
        "share": field("share", FieldType.PERCENT),
        "start": field("start", FieldType.DATE),
        "key_account": field("key_account", FieldType.CHECKBOX),
        "notes": field("notes", FieldType.TEXT),
        "summary": field("summary", FieldType.LONG_TEXT),
        "website": field("website", FieldType.URL),
        "champion": field("champion", FieldType.USER),
    }


@pytest.fixture
def set_status(member):
    """Gives an opportunity a status through the services, as the page would."""

    def set_status(opportunity, status):
        opportunity.refresh_from_db()
        return services.opportunity_update(
            opportunity=opportunity,
            actor=member,
            version=opportunity.version,
            changes={"status": status},
        )

    return set_status
