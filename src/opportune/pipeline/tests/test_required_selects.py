"""A required select field always keeps an option: otherwise no opportunity could be created."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import escape

from opportune.pipeline import services
from opportune.pipeline.models import CustomField, FieldType

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"project:{name}", args=["acme", *args])


def _select(workspace, field_type, *, required, options):
    return services.custom_field_create(
        workspace=workspace,
        label="Segment",
        key="segment",
        type=field_type,
        is_required=required,
        is_shown_in_list=False,
        options=options,
    )


@pytest.mark.parametrize("field_type", [FieldType.SINGLE_SELECT, FieldType.MULTI_SELECT])
def test_the_last_option_of_a_required_select_field_stays(admin_client, workspace, field_type):
    segment = _select(workspace, field_type, required=True, options=["SME", "Enterprise"])
    sme, enterprise = segment.options.all()
    assert admin_client.post(url("option_remove", segment.pk, sme.pk)).status_code == 302

    response = admin_client.post(url("option_remove", segment.pk, enterprise.pk), follow=True)
    assert (
        escape(
            "“Segment” is required and needs at least one option: add another option first, "
            "or make the field optional."
        )
        in response.content.decode()
    )
    assert [option.label for option in segment.options.all()] == ["Enterprise"]


def test_the_last_option_of_an_optional_select_field_may_go(admin_client, workspace):
    segment = _select(workspace, FieldType.MULTI_SELECT, required=False, options=["SME"])
    response = admin_client.post(url("option_remove", segment.pk, segment.options.get().pk))
    assert response.status_code == 302
    assert not segment.options.exists()


@pytest.mark.parametrize("field_type", [FieldType.SINGLE_SELECT, FieldType.MULTI_SELECT])
def test_a_select_field_without_options_cannot_be_made_required(
    admin_client, workspace, field_type
):
    segment = _select(workspace, field_type, required=False, options=["SME"])
    services.option_remove(option=segment.options.get(), confirmed=True)
    response = admin_client.post(
        url("field_edit", segment.pk),
        {"label": "Segment", "key": "segment", "type": field_type, "is_required": "on"},
    )
    assert response.status_code == 200
    assert (
        '<p class="field-error" id="id_is_required_error">'
        "Add an option first, then make the select field required.</p>"
    ) in response.content.decode()
    segment.refresh_from_db()
    assert not segment.is_required


def test_a_text_field_turned_select_without_options_cannot_be_required(workspace):
    notes = services.custom_field_create(
        workspace=workspace,
        label="Notes",
        key="notes",
        type=FieldType.TEXT,
        is_required=True,
        is_shown_in_list=False,
    )
    with pytest.raises(ValidationError) as error:
        services.custom_field_update(
            field=notes,
            label="Notes",
            key="notes",
            type=FieldType.SINGLE_SELECT,
            is_required=True,
            is_shown_in_list=False,
        )
    assert list(error.value.message_dict) == ["is_required"]
    assert CustomField.objects.get(pk=notes.pk).type == FieldType.TEXT
