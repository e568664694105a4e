"""Project settings: custom fields and the options of select fields."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from opportune.opportunities import services
from opportune.opportunities.models import CustomFieldValue
from opportune.pipeline import services as pipeline_services
from opportune.pipeline.forms import suggested_key
from opportune.pipeline.models import CustomField, FieldType


def url(name, *args):
    return reverse(f"project:{name}", args=["acme", *args])


@pytest.fixture
def acme(workspace):
    pipeline_services.create_defaults(sender=None, workspace=workspace)
    return workspace


@pytest.fixture
def region(acme):
    return pipeline_services.custom_field_create(
        workspace=acme,
        label="Region",
        key="region",
        type=FieldType.SINGLE_SELECT,
        is_required=False,
        is_shown_in_list=True,
        options=["North", "South"],
    )


@pytest.fixture
def opportunity_with(workspace, admin, bionic):
    def make(field, value, name="CRM rollout"):
        return services.opportunity_create(
            workspace=workspace, actor=admin, organization=bionic, name=name, custom={field: value}
        )

    return make


def _form(**data):
    base = {"label": "", "key": "", "type": "text", "currency": "EUR", "options": ""}
    return {**base, **data}


@pytest.mark.parametrize("field_type", [choice.value for choice in FieldType])
def test_admin_creates_a_custom_field_of_every_type(admin_client, acme, field_type):
    select = field_type in ("single_select", "multi_select")
    response = admin_client.post(
        url("field_create"),
        _form(
            label="Deal detail",
            type=field_type,
            is_required="on",
            options="Alpha\nBeta\n" if select else "",
        ),
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("project:index", args=["acme"]) + "#fields"
    field = CustomField.objects.get(workspace=acme, key="deal_detail")
    assert (field.type, field.is_required, field.is_shown_in_list) == (field_type, True, False)
    assert [o.label for o in field.options.all()] == (["Alpha", "Beta"] if select else [])


def test_new_fields_go_to_the_end_and_show_in_list_when_asked(admin_client, region, acme):
    admin_client.post(
        url("field_create"),
        _form(label="Budget", type="money", currency="CHF", is_shown_in_list="on"),
    )
    budget = CustomField.objects.get(workspace=acme, key="budget")
    assert (budget.currency, budget.is_shown_in_list) == ("CHF", True)
    assert list(CustomField.objects.in_workspace(acme).values_list("key", flat=True)) == [
        "region",
        "budget",
    ]


@pytest.mark.parametrize(
    ("label", "key"),
    [
        ("Lead source", "lead_source"),
        ("Größe / Umsatz", "groe_umsatz"),
        ("2nd contact", "field_2nd_contact"),
        ("???", "field"),
        ("x" * 60, "x" * 40),
    ],
)
def test_key_is_suggested_from_the_label(label, key):
    assert suggested_key(label) == key


def test_empty_key_is_derived_from_the_label_and_kept_unique(admin_client, region, acme):
    admin_client.post(url("field_create"), _form(label="Region?", type="text"))
    assert CustomField.objects.get(workspace=acme, label="Region?").key == "region_2"


def test_typed_key_is_kept(admin_client, acme):
    admin_client.post(url("field_create"), _form(label="Lead source", key="src", type="text"))
    assert CustomField.objects.get(workspace=acme, label="Lead source").key == "src"


def test_invalid_key_is_refused_at_the_field(admin_client, acme):
    response = admin_client.post(url("field_create"), _form(label="Source", key="Lead Source"))
    assert response.status_code == 200
    assert 'id="id_key_error">Use lower-case letters' in response.content.decode()
    assert not CustomField.objects.filter(label="Source").exists()


def test_taken_key_is_refused_at_the_field(admin_client, region):
    response = admin_client.post(url("field_create"), _form(label="Area", key="region"))
    assert response.status_code == 200
    assert '<p class="field-error" id="id_key_error">This key is already in use.</p>' in (
        response.content.decode()
    )


def test_taken_label_is_refused_at_the_field(admin_client, region):
    response = admin_client.post(url("field_create"), _form(label="Region", key="area"))
    assert response.status_code == 200
    assert '<p class="field-error" id="id_label_error">This label is already in use.</p>' in (
        response.content.decode()
    )


def test_select_field_without_options_is_refused_at_the_options_field(admin_client, acme):
    response = admin_client.post(url("field_create"), _form(label="Segment", type="multi_select"))
    assert response.status_code == 200
    assert (
        '<p class="field-error" id="id_options_error">A select field needs at least one option.</p>'
        in response.content.decode()
    )
    assert not CustomField.objects.filter(label="Segment").exists()


def test_duplicate_options_are_refused_at_the_options_field(admin_client, acme):
    response = admin_client.post(
        url("field_create"), _form(label="Segment", type="single_select", options="SME\nsme")
    )
    assert response.status_code == 200
    assert "Each option may appear only once." in response.content.decode()
    assert not CustomField.objects.filter(label="Segment").exists()


def test_admin_edits_label_and_flags(admin_client, region):
    response = admin_client.post(
        url("field_edit", region.pk),
        _form(label="Sales region", key="region", type="single_select", is_required="on"),
    )
    assert response.status_code == 302
    region.refresh_from_db()
    assert (region.label, region.is_required, region.is_shown_in_list) == (
        "Sales region",
        True,
        False,
    )
    assert region.options.count() == 2


def test_type_change_is_refused_while_values_exist(admin_client, region, opportunity_with):
    opportunity_with(region, region.options.get(label="North"))
    response = admin_client.post(
        url("field_edit", region.pk), _form(label="Region", key="region", type="text")
    )
    assert response.status_code == 200
    assert (
        '<p class="field-error" id="id_type_error">The type cannot change while 1 opportunities '
        "have a value in this field. Create a new field instead.</p>" in response.content.decode()
    )
    region.refresh_from_db()
    assert region.type == FieldType.SINGLE_SELECT
    assert region.options.count() == 2


def test_type_change_is_allowed_without_values(admin_client, acme):
    field = pipeline_services.custom_field_create(
        workspace=acme,
        label="Budget",
        key="budget",
        type="number",
        is_required=False,
        is_shown_in_list=False,
    )
    response = admin_client.post(
        url("field_edit", field.pk),
        _form(label="Budget", key="budget", type="money", currency="USD"),
    )
    assert response.status_code == 302
    field.refresh_from_db()
    assert (field.type, field.currency) == ("money", "USD")


def test_move_down_button_reorders_custom_fields(admin_client, region, acme):
    pipeline_services.custom_field_create(
        workspace=acme,
        label="Budget",
        key="budget",
        type="money",
        is_required=False,
        is_shown_in_list=False,
    )
    response = admin_client.post(url("field_move", region.pk), {"direction": "down"})
    assert response.status_code == 302
    assert list(CustomField.objects.in_workspace(acme).values_list("key", flat=True)) == [
        "budget",
        "region",
    ]


def test_move_through_htmx_answers_the_field_list(admin_client, region):
    response = admin_client.post(
        url("field_move", region.pk), {"direction": "up"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert response.content.decode().startswith('<div id="field-region">')


def test_field_removal_asks_first_and_names_the_values_lost(admin_client, region, opportunity_with):
    opportunity_with(region, region.options.first())
    page = admin_client.get(url("field_remove", region.pk)).content.decode()
    assert "1 opportunity has a value in this field." in page
    assert CustomField.objects.filter(pk=region.pk).exists()
    response = admin_client.post(url("field_remove", region.pk))
    assert response.status_code == 302
    assert not CustomField.objects.filter(pk=region.pk).exists()
    assert not CustomFieldValue.objects.exists()


def test_stored_values_of_every_kind_survive_an_edit_of_the_label(
    admin_client, acme, opportunity_with
):
    field = pipeline_services.custom_field_create(
        workspace=acme,
        label="Start",
        key="start",
        type="date",
        is_required=False,
        is_shown_in_list=False,
    )
    opportunity_with(field, datetime.date(2025, 7, 16))
    admin_client.post(
        url("field_edit", field.pk), _form(label="Start date", key="start", type="date")
    )
    assert CustomFieldValue.objects.get(field=field).date == datetime.date(2025, 7, 16)


# Options


def test_edit_page_lists_options_with_rename_and_remove(admin_client, region):
    page = admin_client.get(url("field_edit", region.pk)).content.decode()
    for option in region.options.all():
        assert f'value="{option.label}"' in page
        assert url("option_remove", region.pk, option.pk) in page
    assert "Option “North”" in page


def test_admin_adds_an_option(admin_client, region):
    response = admin_client.post(url("option_add", region.pk), {"label": "East"})
    assert response.status_code == 302
    assert [o.label for o in region.options.all()] == ["North", "South", "East"]


def test_existing_option_is_refused_at_the_field(admin_client, region):
    response = admin_client.post(url("option_add", region.pk), {"label": "north"})
    assert response.status_code == 200
    assert (
        '<p class="field-error" id="new_option_label_error">The option “north” exists already.</p>'
        in response.content.decode()
    )
    assert region.options.count() == 2


def test_option_rename_keeps_the_stored_value(admin_client, region, opportunity_with):
    north = region.options.get(label="North")
    opportunity = opportunity_with(region, north)
    response = admin_client.post(url("option_rename", region.pk, north.pk), {"label": "Nord"})
    assert response.status_code == 302
    value = CustomFieldValue.objects.get(opportunity=opportunity, field=region)
    assert value.option_id == north.pk
    assert value.option.label == "Nord"


def test_option_rename_to_a_taken_label_is_refused_at_its_field(admin_client, region):
    north = region.options.get(label="North")
    response = admin_client.post(url("option_rename", region.pk, north.pk), {"label": "South"})
    assert response.status_code == 200
    assert f'id="option_{north.pk}_label_error">The option “South” exists already.' in (
        response.content.decode()
    )
    north.refresh_from_db()
    assert north.label == "North"


def test_unused_option_is_removed_at_once(admin_client, region):
    south = region.options.get(label="South")
    response = admin_client.post(url("option_remove", region.pk, south.pk))
    assert response.status_code == 302
    assert [o.label for o in region.options.all()] == ["North"]


def test_option_in_use_asks_before_removal_then_removes_it(admin_client, region, opportunity_with):
    north = region.options.get(label="North")
    opportunity_with(region, north, name="One")
    opportunity_with(region, north, name="Two")
    response = admin_client.post(url("option_remove", region.pk, north.pk))
    assert response.status_code == 200
    page = response.content.decode()
    assert "2 opportunities use “North”. Remove it from them?" in page
    assert 'name="confirmed" value="1"' in page
    assert region.options.filter(pk=north.pk).exists()

    response = admin_client.post(url("option_remove", region.pk, north.pk), {"confirmed": "1"})
    assert response.status_code == 302
    assert not region.options.filter(pk=north.pk).exists()
    assert not CustomFieldValue.objects.filter(field=region).exists()


def test_multi_select_values_keep_other_options_when_one_is_removed(
    admin_client, acme, opportunity_with
):
    segment = pipeline_services.custom_field_create(
        workspace=acme,
        label="Segment",
        key="segment",
        type="multi_select",
        is_required=False,
        is_shown_in_list=False,
        options=["SME", "Enterprise"],
    )
    sme, enterprise = segment.options.all()
    opportunity_with(segment, [sme, enterprise])
    admin_client.post(url("option_remove", segment.pk, sme.pk), {"confirmed": "1"})
    assert list(
        CustomFieldValue.objects.filter(field=segment).values_list("option", flat=True)
    ) == [enterprise.pk]


def test_money_value_is_untouched_by_currency_label(admin_client, acme, opportunity_with):
    budget = pipeline_services.custom_field_create(
        workspace=acme,
        label="Budget",
        key="budget",
        type="money",
        is_required=False,
        is_shown_in_list=False,
    )
    opportunity_with(budget, Decimal("1234.50"))
    admin_client.post(
        url("field_edit", budget.pk),
        _form(label="Budget", key="budget", type="money", currency="GBP"),
    )
    assert CustomFieldValue.objects.get(field=budget).number == Decimal("1234.50")
