"""A custom field may not pose as one of the opportunity's built-in fields: two "Source" fields
on one page drift apart. Labels count in either language and any case; keys may not take a
built-in field's name."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from opportune.pipeline import services
from opportune.pipeline.models import CustomField, FieldType

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"project:{name}", args=["acme", *args])


def _form(**data):
    return {"key": "", "type": "text", "currency": "EUR", "options": "", **data}


def _label_error(built_in: str) -> str:
    return (
        '<p class="field-error" id="id_label_error">'
        f"Opportunities have a built-in field “{built_in}”; use it instead.</p>"
    )


@pytest.mark.parametrize(
    ("label", "built_in"),
    [
        ("Source", "Source"),
        ("source", "Source"),
        ("Quelle", "Source"),
        ("Probability", "Closing probability"),
        ("Wahrscheinlichkeit", "Closing probability"),
        ("abschlusswahrscheinlichkeit", "Closing probability"),
        ("Closing probability (%)", "Closing probability"),
        ("Phase", "Phase"),
        ("Verantwortlich", "Responsible"),
        ("Erwarteter Wert", "Expected value"),
        ("Voraussichtliches Abschlussdatum", "Expected close date"),
        ("Kurzname", "Short name"),
        ("TAGS", "Tags"),
        ("Organisation", "Organization"),
    ],
)
def test_a_label_of_a_built_in_field_is_refused_at_the_label(admin_client, label, built_in):
    response = admin_client.post(url("field_create"), _form(label=label, key="custom_one"))
    assert response.status_code == 200
    assert _label_error(built_in) in response.content.decode()
    assert not CustomField.objects.exists()


def test_the_message_speaks_the_admins_language(workspace):
    with translation.override("de"), pytest.raises(ValidationError) as error:
        services.custom_field_create(
            workspace=workspace,
            label="Source",
            key="origin",
            type=FieldType.TEXT,
            is_required=False,
            is_shown_in_list=False,
        )
    assert error.value.message_dict == {
        "label": ["Verkaufschancen haben ein eingebautes Feld „Quelle“; verwenden Sie dieses."]
    }


def test_labels_that_merely_contain_a_built_in_one_are_fine(admin_client):
    for label in ["Lead source", "Phase of the tender", "Probability of funding"]:
        response = admin_client.post(url("field_create"), _form(label=label))
        assert response.status_code == 302, label
    assert CustomField.objects.count() == 3


@pytest.mark.parametrize("key", ["source", "probability", "name", "expected_close_on", "owner"])
def test_a_key_of_a_built_in_field_is_refused_at_the_key(admin_client, key):
    response = admin_client.post(url("field_create"), _form(label="Lead origin", key=key))
    assert response.status_code == 200
    assert (
        '<p class="field-error" id="id_key_error">'
        f"“{key}” is the key of a built-in field; choose another key.</p>"
    ) in response.content.decode()
    assert not CustomField.objects.exists()


def test_an_empty_key_is_never_derived_into_a_built_in_one(admin_client, workspace):
    assert admin_client.post(url("field_create"), _form(label="Owner")).status_code == 302
    assert CustomField.objects.get(workspace=workspace, label="Owner").key == "owner_2"


def test_renaming_a_custom_field_to_a_built_in_label_is_refused(admin_client, workspace):
    region = services.custom_field_create(
        workspace=workspace,
        label="Region",
        key="region",
        type=FieldType.TEXT,
        is_required=False,
        is_shown_in_list=False,
    )
    response = admin_client.post(url("field_edit", region.pk), _form(label="Quelle", key="region"))
    assert response.status_code == 200
    assert _label_error("Source") in response.content.decode()
    region.refresh_from_db()
    assert region.label == "Region"


def test_a_field_made_before_the_rule_stays_editable(admin_client, workspace):
    """Databases from before the rule may hold a custom "Probability": editing its other
    settings must not be refused for a label the admin did not change."""
    old = CustomField.objects.create(
        workspace=workspace, label="Probability", key="probability", type=FieldType.PERCENT
    )
    response = admin_client.post(
        url("field_edit", old.pk),
        _form(label="Probability", key="probability", type="percent", is_shown_in_list="on"),
    )
    assert response.status_code == 302
    old.refresh_from_db()
    assert old.is_shown_in_list
